/** The public result schema (README.md, "The API"): one `Result` per submitted text. */
import type { ModelInfo, Task } from './engines.js';
import type { OffsetEncoding } from './offsets.js';

export interface Span {
  text: string;
  start: number;
  end: number;
}
export interface Token extends Span {
  lemma?: string;
  pos: string;
  tag: string;
}
export interface Entity extends Span {
  label: string;
}
export interface NounPhrase {
  text: string;
  start?: number;
  end?: number;
}
export interface Sentiment {
  polarity: number;
  subjectivity: number;
}
/** A sentence; engines that do sentiment give each sentence its own. */
export interface Sentence extends Span {
  sentiment?: Sentiment;
}
/** One token of a dependency parse; `head` is the index of its head in the same list (the root points to itself). */
export interface SyntaxToken extends Span {
  lemma: string;
  pos: string;
  tag: string;
  /** Universal Dependencies features, `Number=Sing|Person=3`; empty when there are none. */
  morph: string;
  dep: string;
  head: number;
}
/** A language and how likely it is: an ISO 639-1 code, or `und` (undetermined) with confidence 0. */
export interface LanguageScore {
  code: string;
  confidence: number;
}
/** The text's dominant language and at most 3 alternatives, most likely first. */
export interface Language extends LanguageScore {
  alternatives: LanguageScore[];
}
/** Personal data found in the text: `type` is one of the contract's `pii.types`, `score` the recogniser's confidence. */
export interface PiiSpan extends Span {
  type: string;
  score: number;
}
/**
 * Where a redacted value was (`start`/`end`, into the submitted text) and where its replacement is
 * (`redactedStart`/`redactedEnd`, into the redacted text; equal for the `remove` operator).
 */
export interface RedactedItem {
  type: string;
  start: number;
  end: number;
  redactedStart: number;
  redactedEnd: number;
}
/** The submitted text with its personal data replaced, and what was replaced where. */
export interface Redaction {
  text: string;
  items: RedactedItem[];
}

/** What each task computes, by task name. */
export interface TaskOutputs {
  tokens: Token[];
  sentences: Sentence[];
  entities: Entity[];
  nounPhrases: NounPhrase[];
  sentiment: Sentiment;
  syntax: SyntaxToken[];
  language: Language;
  pii: PiiSpan[];
  redact: Redaction;
}

/**
 * The result field a task fills: its own name, except `redact`, whose result is the text it
 * produced and so is named `redacted`.
 */
export type ResultField<T extends keyof TaskOutputs> = T extends 'redact' ? 'redacted' : T;
export const resultField = <T extends keyof TaskOutputs>(task: T): ResultField<T> =>
  (task === 'redact' ? 'redacted' : task) as ResultField<T>;

export type Result = { [T in keyof TaskOutputs as ResultField<T>]?: TaskOutputs[T] };

export interface NlpResponse {
  engine: string;
  model: ModelInfo;
  tasks: Task[];
  offsetEncoding: OffsetEncoding;
  results: Result[];
}
