/**
 * The requests the load and fault benchmarks send through the local API, and one autocannon run
 * over them, bounded in time or in count, with every answer's status and latency recorded.
 */
import autocannon from 'autocannon';
import { API_KEY } from './stack.js';

const PARAGRAPH =
  'Apple is looking at buying a U.K. startup for $1 billion, people familiar with the talks said on Tuesday. ' +
  'The company, based in Cupertino, California, has been expanding its artificial intelligence team in London and Paris. ' +
  'Tim Cook met Prime Minister Keir Starmer at Downing Street last month to discuss investment in British technology firms.';
const REVIEW =
  'I love this little pizza place 🍕 near the station. The crust is crisp, the sauce is bright, and the staff are lovely; the wait was awful though.';

interface Call {
  path: string;
  body: object;
}

/** Each workload is a cycle of calls; every connection walks through it in order. */
export const WORKLOADS = {
  spacy: [{ path: '/nlp/spacy', body: { text: PARAGRAPH } }],
  textblob: [{ path: '/nlp/textblob', body: { text: REVIEW } }],
  auto: [{ path: '/nlp/auto', body: { text: PARAGRAPH } }],
  mixed: [
    { path: '/nlp/spacy', body: { text: PARAGRAPH } },
    { path: '/nlp/textblob', body: { text: REVIEW } },
    { path: '/nlp/spacy', body: { texts: [REVIEW, PARAGRAPH], tasks: ['tokens', 'sentences'], offsetEncoding: 'codepoint' } },
    { path: '/nlp/textblob', body: { text: PARAGRAPH, tasks: ['nounPhrases', 'tokens', 'sentiment'], offsetEncoding: 'utf8' } },
    { path: '/nlp/auto', body: { text: REVIEW, tasks: ['entities', 'sentiment', 'nounPhrases'] } },
  ],
} satisfies Record<string, Call[]>;

export type WorkloadName = keyof typeof WORKLOADS;

export const WORKLOAD_DESCRIPTIONS: Record<WorkloadName, string> = {
  spacy: `\`/nlp/spacy\`, entities (its default) of a ${PARAGRAPH.length}-character news paragraph`,
  textblob: `\`/nlp/textblob\`, sentiment (its default) of a ${REVIEW.length}-character review with an emoji`,
  auto: '`/nlp/auto`, default tasks (entities from spaCy and sentiment from TextBlob, in parallel) of the paragraph',
  mixed:
    'the three above plus spaCy tokens+sentences of a two-text batch (code points) and TextBlob noun phrases+tokens+sentiment (UTF-8), in turn',
};

/** One answer as the client saw it: when it was sent and answered (ms since the run began), status (0 = no answer). */
export interface Answer {
  sentAt: number;
  answeredAt: number;
  status: number;
  path: string;
}

export interface RunResult {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  /** Answers that were not 200, plus connection errors and timeouts. */
  errors: number;
  statuses: Record<string, number>;
  answers: Answer[];
}

export interface RunOptions {
  url: string;
  workload: WorkloadName;
  connections: number;
  /** Seconds, or… */
  duration?: number;
  /** …a number of requests. */
  amount?: number;
  /** Seconds after which autocannon gives up on one request and counts a timeout. */
  timeoutSeconds?: number;
  /** Zero point of `Answer` times (performance.now()); default: the start of this run. */
  origin?: number;
}

export interface LiveRun {
  /** Every answer so far, in the order they came. */
  answers: Answer[];
  /** Ends the run early (a duration or amount ends it by itself). */
  stop(): void;
  result: Promise<RunResult>;
}

export function startRun({ url, workload, connections, duration, amount, timeoutSeconds = 40, origin }: RunOptions): LiveRun {
  const calls = WORKLOADS[workload];
  const headers = { 'content-type': 'application/json', 'x-api-key': API_KEY };
  const zero = origin ?? performance.now();
  const answers: Answer[] = [];
  // autocannon reports a response without saying which request it was; each client walks its
  // cycle in order, so its own counter does.
  const position = new WeakMap<object, number>();
  // Without a callback autocannon returns its instance (an EventEmitter with stop()) that is also a
  // promise of the result; its type declarations know only the promise.
  const instance = autocannon({
    url,
    connections,
    ...(amount ? { amount } : { duration }),
    timeout: timeoutSeconds,
    requests: calls.map((call) => ({ method: 'POST', path: call.path, headers, body: JSON.stringify(call.body) })),
  }) as unknown as autocannon.Instance & Promise<autocannon.Result>;
  const record = (client: object, status: number, latencyMs: number) => {
    const index = position.get(client) ?? 0;
    position.set(client, index + 1);
    const answeredAt = performance.now() - zero;
    answers.push({ sentAt: answeredAt - latencyMs, answeredAt, status, path: calls[index % calls.length]?.path ?? '?' });
  };
  instance.on('response', (client: object, status: number, _bytes: number, latencyMs: number) => record(client, status, latencyMs));
  instance.on('reqError', () => {
    const answeredAt = performance.now() - zero;
    answers.push({ sentAt: answeredAt - timeoutSeconds * 1000, answeredAt, status: 0, path: '?' });
  });
  const result = instance.then((summary) => {
    const statuses: Record<string, number> = {};
    for (const [status, { count }] of Object.entries(summary.statusCodeStats ?? {})) statuses[status] = count ?? 0;
    if (summary.errors + summary.timeouts > 0) statuses['no answer'] = summary.errors + summary.timeouts;
    return {
      requests: summary.requests.total,
      seconds: summary.duration,
      rps: summary.requests.total / summary.duration,
      p50: summary.latency.p50,
      p99: summary.latency.p99,
      max: summary.latency.max,
      errors: summary.errors + summary.timeouts + summary.non2xx,
      statuses,
      answers,
    };
  });
  return { answers, stop: () => instance.stop(), result };
}

export const run = (options: RunOptions): Promise<RunResult> => startRun(options).result;

export const formatStatuses = (statuses: Record<string, number>) =>
  Object.entries(statuses)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, count]) => `${status}: ${count}`)
    .join(', ');
