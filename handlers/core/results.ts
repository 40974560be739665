/** The public result schema (DESIGN §3): one `Result` per submitted text. */
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
export interface Result {
  tokens?: Token[];
  sentences?: Span[];
  entities?: Entity[];
  nounPhrases?: NounPhrase[];
  sentiment?: Sentiment;
}

export interface NlpResponse {
  engine: string;
  model: ModelInfo;
  tasks: Task[];
  offsetEncoding: OffsetEncoding;
  results: Result[];
}
