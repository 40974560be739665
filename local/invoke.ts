/**
 * POST /invocations to one container, as the SageMaker front end does it: the request's content
 * headers passed on, the answer read whole, a deadline of the invocation timeout.
 */
import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import { maxPayloadBytes } from './wire.js';

/** Kept-alive connections to one container process: a fresh TCP connection per call would be most of the overhead. */
export const connectionPool = () => new Agent({ keepAlive: true, maxSockets: 64 });

const forwardedHeaders = ['content-type', 'accept', 'x-amzn-sagemaker-custom-attributes', 'x-amzn-sagemaker-inference-id'];

export interface ForwardedCall {
  host: string;
  port: number;
  pool: Agent;
  body: Buffer;
  headers: IncomingHttpHeaders;
  timeoutMs: number;
  /** Aborted when the caller hangs up. */
  signal: AbortSignal;
}

export type ContainerAnswer =
  | { kind: 'answered'; status: number; headers: IncomingHttpHeaders; body: Buffer }
  | { kind: 'timedOut' }
  | { kind: 'tooLarge'; status: number }
  /** Nothing listens on its port: the request never reached it (it has just died, say). */
  | { kind: 'refused' }
  | { kind: 'unreachable'; reason: string };

export async function forwardToContainer(call: ForwardedCall): Promise<ContainerAnswer> {
  const deadline = Date.now() + call.timeoutMs;
  const first = await attempt(call, deadline, call.pool);
  // A kept-alive socket the container closed just as it was reused (Node's documented race): once
  // more on a new connection, which also tells a container that has just died (refused).
  if (first.kind === 'unreachable' && first.reusedSocket && Date.now() < deadline) return attempt(call, deadline, false);
  return first;
}

function attempt(call: ForwardedCall, deadline: number, agent: Agent | false): Promise<ContainerAnswer & { reusedSocket?: boolean }> {
  const headers: Record<string, string | number> = { 'content-length': call.body.length };
  for (const name of forwardedHeaders) {
    const value = call.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  return new Promise((resolve) => {
    let settled = false;
    const settle = (answer: ContainerAnswer & { reusedSocket?: boolean }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      call.signal.removeEventListener('abort', abort);
      resolve(answer);
    };
    const req = request({ host: call.host, port: call.port, method: 'POST', path: '/invocations', headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxPayloadBytes) {
          settle({ kind: 'tooLarge', status: res.statusCode ?? 0 });
          req.destroy();
        } else {
          chunks.push(chunk);
        }
      });
      res.on('end', () => settle({ kind: 'answered', status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', (error) => settle({ kind: 'unreachable', reason: error.message }));
    });
    const timer = setTimeout(
      () => {
        settle({ kind: 'timedOut' });
        req.destroy();
      },
      Math.max(deadline - Date.now(), 0),
    );
    const abort = () => {
      settle({ kind: 'unreachable', reason: 'the caller hung up' });
      req.destroy();
    };
    call.signal.addEventListener('abort', abort, { once: true });
    req.on('error', (error: NodeJS.ErrnoException) =>
      settle(
        error.code === 'ECONNREFUSED'
          ? { kind: 'refused' }
          : { kind: 'unreachable', reason: error.code ?? error.message, reusedSocket: req.reusedSocket },
      ),
    );
    req.end(call.body);
  });
}
