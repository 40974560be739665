/**
 * Native container output → public results. Each engine contributes a table of task readers; the
 * envelope (`model`, one `docs` entry per submitted text) is the same for every engine.
 */
import { badOutput, readArray, readObject, readString, SpanReader } from '../native.js';
import type { Engine } from '../engines.js';
import { type ModelInfo, type OffsetEncoding, type Result, resultField, type Task } from '../contract.js';
import { langid } from './langid.js';
import { pii } from './pii.js';
import { spacy } from './spacy.js';
import { textblob } from './textblob.js';
import type { TaskReaders } from './types.js';

const READERS: Readonly<Record<string, TaskReaders>> = { spacy, textblob, langid, pii };

export interface Normalised {
  model: ModelInfo;
  results: Result[];
}

function readDocs(
  native: unknown,
  texts: readonly string[],
  tasks: readonly Task[],
  readers: TaskReaders,
  encoding: OffsetEncoding,
): Normalised {
  const body = readObject(native, '$');
  const model = readObject(body.model, '$.model');
  const docs = readArray(body.docs, '$.docs');
  if (docs.length !== texts.length) throw new Error(`$.docs: expected ${texts.length} documents, got ${docs.length}`);
  const results = docs.map((doc, i) => {
    const spans = new SpanReader(texts[i] ?? '', encoding);
    const fields = readObject(doc, `$.docs[${i}]`);
    const result: Result = {};
    for (const task of tasks) {
      const read = readers[task];
      if (!read) throw new Error(`no reader for task ${task}`);
      Object.assign(result, { [resultField(task)]: read(fields, spans, `$.docs[${i}]`, tasks) });
    }
    return result;
  });
  return { model: { name: readString(model.name, '$.model.name'), version: readString(model.version, '$.model.version') }, results };
}

/** The public results for `texts`, or a 502 ProblemError when the output is not as documented. */
export function normalise(
  engine: Engine,
  native: unknown,
  texts: readonly string[],
  tasks: readonly Task[],
  encoding: OffsetEncoding,
): Normalised {
  const readers = READERS[engine.name];
  if (!readers) throw new Error(`No normaliser is registered for engine "${engine.name}"`);
  try {
    return readDocs(native, texts, tasks, readers, encoding);
  } catch (error) {
    throw badOutput(engine.name, error);
  }
}
