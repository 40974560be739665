/**
 * The HTTP front of the local endpoint: `POST /endpoints/{EndpointName}/invocations` for one
 * multi-container endpoint in Direct mode, any SigV4 signature accepted, plus `GET /local/status`
 * for local tools (the ports and state of each container).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EndpointConfig } from './config.js';
import type { ContainerAddress } from './container.js';
import { forwardToContainer, type ContainerAnswer } from './invoke.js';
import type { Log } from './log.js';
import type { Supervisor } from './supervisor.js';
import {
  accountId,
  maxPayloadBytes,
  modelError,
  modelNotReady,
  payloadTooLarge,
  productionVariant,
  sendError,
  sendResult,
  serviceUnavailable,
  timedOutMessage,
  unknownOperation,
  validationError,
  type ServiceError,
} from './wire.js';

const invocationsPath = /^\/endpoints\/([^/]+)\/invocations$/;

export interface EndpointContext {
  endpointName: string;
  region: string;
  config: EndpointConfig;
  supervisor: Supervisor;
  log: Log;
}

export function requestListener(context: EndpointContext) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const requestId = randomUUID();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method === 'GET' && path === '/local/status') {
      const body = JSON.stringify({ endpointName: context.endpointName, ...context.supervisor.status() });
      res.writeHead(200, { 'Content-Type': 'application/json', 'x-amzn-RequestId': requestId }).end(body);
      return;
    }
    const match = req.method === 'POST' ? invocationsPath.exec(path) : null;
    if (!match) {
      req.resume();
      sendError(res, requestId, unknownOperation());
      return;
    }
    readBody(req)
      .then((body) => (body ? invoke(context, req, res, requestId, decodePathSegment(match[1] ?? ''), body) : payloadTooLarge()))
      .then((error) => error && sendError(res, requestId, error))
      .catch((error: Error) => {
        context.log(`${requestId} failed: ${error.message}`);
        if (!res.headersSent) sendError(res, requestId, { status: 500, type: 'InternalFailure', body: { Message: 'Internal failure.' } });
      });
  };
}

/** Forwards one invocation; answers a success itself and returns any error for the caller to send. */
async function invoke(
  context: EndpointContext,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
  endpointName: string,
  body: Buffer,
): Promise<ServiceError | undefined> {
  const target = resolveTarget(context, endpointName, req.headers);
  if ('status' in target) return target;
  const signal = hangUpSignal(res);
  const answer = await forwardToContainer({
    ...target.address,
    body,
    headers: req.headers,
    timeoutMs: context.config.invocationTimeoutMs,
    signal,
  });
  if (signal.aborted) return undefined;
  if (answer.kind === 'refused') return notReady(target.hostname, endpointName);
  if (answer.kind === 'answered' && answer.status >= 200 && answer.status < 300) {
    const customAttributes = answer.headers['x-amzn-sagemaker-custom-attributes'];
    sendResult(res, requestId, {
      body: answer.body,
      contentType: answer.headers['content-type'] ?? 'application/octet-stream',
      customAttributes: typeof customAttributes === 'string' ? customAttributes : undefined,
    });
    return undefined;
  }
  const failure = describeFailure(target.hostname, answer);
  context.log(`${requestId} ${target.hostname}: ModelError, original status ${failure.originalStatus} (${answer.kind})`);
  return modelError({ ...failure, ...logLocation(context) });
}

/** Checks the request against the endpoint as SageMaker does, in its order; a port or an error. */
function resolveTarget(
  context: EndpointContext,
  endpointName: string,
  headers: IncomingMessage['headers'],
): { hostname: string; address: ContainerAddress } | ServiceError {
  const { supervisor } = context;
  if (endpointName !== context.endpointName) {
    return validationError(`Endpoint ${endpointName} of account ${accountId} not found.`);
  }
  const variant = headers['x-amzn-sagemaker-target-variant'];
  if (variant !== undefined && variant !== productionVariant) {
    return validationError(`Variant ${String(variant)} not found for endpoint ${endpointName}.`);
  }
  if (headers['x-amzn-sagemaker-target-model'] !== undefined) {
    return validationError(`Endpoint ${endpointName} is not a multi-model endpoint and does not support target model header.`);
  }
  const hostname = headers['x-amzn-sagemaker-target-container-hostname'];
  if (typeof hostname !== 'string' || hostname === '') {
    return validationError(
      `Endpoint ${endpointName} is in Direct invocation mode: TargetContainerHostname is required (one of ${supervisor.hostnames.join(', ')}).`,
    );
  }
  const container = supervisor.container(hostname);
  if (!container) {
    return validationError(
      `Target container hostname ${hostname} not found in endpoint ${endpointName} (containers: ${supervisor.hostnames.join(', ')}).`,
    );
  }
  if (supervisor.endpointStatus !== 'InService') {
    return serviceUnavailable(`Endpoint ${endpointName} is not in service yet (status ${supervisor.endpointStatus}); try again shortly.`);
  }
  const address = container.address;
  return address ? { hostname, address } : notReady(hostname, endpointName);
}

const notReady = (hostname: string, endpointName: string) =>
  modelNotReady(`Container ${hostname} of endpoint ${endpointName} is starting and not ready for inference yet; try again shortly.`);

function describeFailure(hostname: string, answer: Exclude<ContainerAnswer, { kind: 'refused' }>) {
  switch (answer.kind) {
    case 'answered':
      return { hostname, originalStatus: answer.status, originalMessage: answer.body.toString('utf8') };
    case 'timedOut':
      return { hostname, originalStatus: 0, originalMessage: timedOutMessage(hostname) };
    case 'tooLarge':
      return {
        hostname,
        originalStatus: answer.status,
        originalMessage: `Response payload from container ${hostname} exceeded ${maxPayloadBytes} bytes.`,
      };
    case 'unreachable':
      return {
        hostname,
        originalStatus: 0,
        originalMessage: `Container ${hostname} closed the connection without an answer (${answer.reason}).`,
      };
  }
}

function logLocation({ endpointName, region }: EndpointContext) {
  const group = `/aws/sagemaker/Endpoints/${endpointName}`;
  return {
    logStreamArn: `arn:aws:logs:${region}:${accountId}:log-group:${group}`,
    logUrl: `the local endpoint's output (log group ${group}, lines prefixed with the container hostname)`,
  };
}

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The whole body, or undefined when it is over SageMaker's payload limit (the rest is drained). */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxPayloadBytes) chunks.push(chunk);
    });
    req.on('end', () => resolve(size <= maxPayloadBytes ? Buffer.concat(chunks) : undefined));
    req.on('error', reject);
  });
}

/** Aborts when the caller closes the connection before its answer was sent. */
function hangUpSignal(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}
