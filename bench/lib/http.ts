/** One timed POST over a kept-alive connection: what the latency benchmarks send, one at a time. */
import { type Agent, request } from 'node:http';

export interface Target {
  /** How the target is named in an error. */
  name: string;
  /** An http:// URL on this machine, path included. */
  url: string;
  headers: Record<string, string>;
}

/** Milliseconds until the whole answer is in; rejects on anything but a 200. */
export function timedPost(target: Target, body: string, agent: Agent): Promise<number> {
  const url = new URL(target.url);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        agent,
        headers: { ...target.headers, 'Content-Length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`${target.name}: HTTP ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A container of a local endpoint, reached through the endpoint (InvokeEndpoint with its hostname) over 127.0.0.1. */
export function throughEndpoint(endpoint: { url: string; endpointName: string }, hostname: string): Target {
  return {
    name: `endpoint → ${hostname}`,
    url: `http://127.0.0.1:${new URL(endpoint.url).port}/endpoints/${endpoint.endpointName}/invocations`,
    headers: { 'Content-Type': 'application/json', 'X-Amzn-SageMaker-Target-Container-Hostname': hostname },
  };
}
