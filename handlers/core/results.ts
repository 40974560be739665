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
export interface Result {
  tokens?: Token[];
  sentences?: Sentence[];
  entities?: Entity[];
  nounPhrases?: NounPhrase[];
  sentiment?: Sentiment;
  syntax?: SyntaxToken[];
  language?: Language;
}

export interface NlpResponse {
  engine: string;
  model: ModelInfo;
  tasks: Task[];
  offsetEncoding: OffsetEncoding;
  results: Result[];
}
