/**
 * Packing a job's texts into request-sized batches, in input order, within the limits of one
 * synchronous request (contract.ts): at most `maxTexts` texts and
 * `maxTotalCharacters` code points in all. A packer holds one batch at a time, so a plan of any
 * size is written while the input streams past.
 */
import { LIMITS } from '../contract.js';

export interface Sized {
  /** The text's length in code points. */
  characters: number;
}

export interface BatchLimits {
  maxTexts: number;
  maxTotalCharacters: number;
}

const REQUEST_LIMITS: BatchLimits = { maxTexts: LIMITS.maxTexts, maxTotalCharacters: LIMITS.maxTotalCharacters };

export class BatchPacker<T extends Sized> {
  readonly #limits: BatchLimits;
  #texts: T[] = [];
  #characters = 0;

  constructor(limits: BatchLimits = REQUEST_LIMITS) {
    this.#limits = limits;
  }

  /** Adds a text; returns the batch it closed when it did not fit in the open one. */
  add(text: T): T[] | undefined {
    if (text.characters > this.#limits.maxTotalCharacters) {
      throw new RangeError(`A text of ${text.characters} characters is longer than a batch may be; chunk it first`);
    }
    const fits = this.#texts.length < this.#limits.maxTexts && this.#characters + text.characters <= this.#limits.maxTotalCharacters;
    const closed = fits ? undefined : this.flush();
    this.#texts.push(text);
    this.#characters += text.characters;
    return closed;
  }

  /** The open batch, if it holds anything; the packer starts a new one. */
  flush(): T[] | undefined {
    if (this.#texts.length === 0) return undefined;
    const batch = this.#texts;
    this.#texts = [];
    this.#characters = 0;
    return batch;
  }
}

/** Every batch of a list at once (for tests and small inputs). */
export function packBatches<T extends Sized>(texts: Iterable<T>, limits?: BatchLimits): T[][] {
  const packer = new BatchPacker<T>(limits);
  const batches: T[][] = [];
  for (const text of texts) {
    const closed = packer.add(text);
    if (closed) batches.push(closed);
  }
  const last = packer.flush();
  if (last) batches.push(last);
  return batches;
}
