/**
 * Planted personal values and the traffic that carries them through a running stack: the API's
 * routes (served, refused by the gateway's checks, refused by the container's own), and calls
 * straight to each container through the local endpoint. After the stack has stopped, every log
 * line it wrote (the stack's, the endpoint's, each container's) is searched for them.
 */
import { PII } from '../../../handlers/core/contract.js';
import { REGISTRY } from '../../../handlers/core/registry.js';
import type { LocalStack } from './local-stack.js';

/** Values no other test or fixture uses, so a hit can only come from this traffic. */
export const PLANTED = {
  email: 'quillon.vasquez-leak@example.net',
  phone: '+44 20 7946 0321',
  card: '4539 1488 0343 6467',
  name: 'Quillon Vasquez',
  iban: 'GB33BUKB20201555555555',
};

/**
 * Shorter pieces of each value: messages that quote what they read (a JSON parser's, a
 * validator's) often quote only the first characters.
 */
export const FRAGMENTS = ['quillon', 'Quillon', 'Vasquez', '7946 0321', '4539 1488', '20201555555555'];

const TEXTS = [
  `Dear ${PLANTED.name}, write to ${PLANTED.email} or call ${PLANTED.phone}.`,
  `Card ${PLANTED.card} 😀 and IBAN ${PLANTED.iban} belong to ${PLANTED.name}.`,
];

export interface Sent {
  what: string;
  status: number;
}

async function api(stack: LocalStack, path: string, body: unknown): Promise<number> {
  const response = await fetch(`${stack.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'x-api-key': stack.apiKey },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

async function container(stack: LocalStack, hostname: string, body: unknown): Promise<number> {
  const response = await fetch(`${stack.endpointUrl}/endpoints/${REGISTRY.service}-local/invocations`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Amzn-SageMaker-Target-Container-Hostname': hostname },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

/** Sends the planted values every way a caller can, and says what each answered. */
export async function sendPlanted(stack: LocalStack): Promise<Sent[]> {
  const tooLong = `${PLANTED.name} `.repeat(Math.ceil(PII.maxAllowListEntryCharacters / PLANTED.name.length) + 1);
  const requests: Array<[string, () => Promise<number>]> = [
    ['pii and redact, every operator', () => api(stack, '/nlp/pii', { texts: TEXTS, tasks: ['pii', 'redact'] })],
    ['mask', () => api(stack, '/nlp/pii', { texts: TEXTS, tasks: ['redact'], pii: { operator: 'mask', maskCharacter: '#' } })],
    [
      'remove, allow-listed name',
      () => api(stack, '/nlp/pii', { texts: TEXTS, tasks: ['redact'], pii: { operator: 'remove', allowList: [PLANTED.name] } }),
    ],
    ['auto, every task', () => api(stack, '/nlp/auto', { texts: TEXTS, tasks: [...REGISTRY.engines.flatMap((engine) => engine.tasks)] })],
    ['gateway 422: allow-list value too long', () => api(stack, '/nlp/pii', { text: TEXTS[0], pii: { allowList: [tooLong] } })],
    ['gateway 422: options no task reads', () => api(stack, '/nlp/spacy', { text: TEXTS[0], pii: { allowList: [PLANTED.email] } })],
    ['gateway 400: a body that is not JSON', () => api(stack, '/nlp/pii', `{"text": "${TEXTS[0]}`)],
    ...REGISTRY.engines.map((engine): [string, () => Promise<number>] => [
      `${engine.hostname}: a valid request`,
      () => container(stack, engine.hostname, { texts: TEXTS, tasks: engine.defaultTasks }),
    ]),
    ...REGISTRY.engines.map((engine): [string, () => Promise<number>] => [
      `${engine.hostname}: an unknown task beside the text`,
      () => container(stack, engine.hostname, { texts: TEXTS, tasks: ['leak'], extra: PLANTED.email }),
    ]),
    [
      'nlp-pii: an allow-list value too long',
      () => container(stack, 'nlp-pii', { texts: TEXTS, tasks: ['pii'], pii: { allowList: [tooLong] } }),
    ],
    ['nlp-pii: a body that is not JSON', () => container(stack, 'nlp-pii', `{"texts": ["${TEXTS[0]}`)],
  ];
  const sent: Sent[] = [];
  for (const [what, send] of requests) sent.push({ what, status: await send() });
  return sent;
}

/** Each log line that holds a planted value or a piece of one, with the piece it holds. */
export function leaksIn(log: string): string[] {
  const pieces = [...Object.values(PLANTED), ...FRAGMENTS];
  return log
    .split('\n')
    .flatMap((line) => pieces.filter((piece) => line.includes(piece)).map((piece) => `${piece}: ${line.slice(0, 300)}`));
}
