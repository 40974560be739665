/**
 * Both handlers wired to an SDK client whose HTTP layer answers in-process with a canned container
 * response: everything a request costs except the network call.
 */
import { Readable } from 'node:stream';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { createNlpHandler } from '../../handlers/nlp.js';
import { createRuntimeClient } from '../../handlers/adapters/sagemaker.js';
import { createBareHandler } from './bare.js';

function stubHttp(body: Uint8Array) {
  return {
    handle: async () => ({
      response: {
        statusCode: 200,
        headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
        body: Readable.from([body]),
      },
    }),
    updateHttpClientConfig: () => undefined,
    httpHandlerConfigs: () => ({}),
    destroy: () => undefined,
  };
}

const settings = { region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } };

export function handlers(nativeBody: Uint8Array) {
  const config = { endpointName: 'nlp-gateway-bench', deadlineMs: 25_000 };
  return {
    ours: createNlpHandler({ client: createRuntimeClient({ ...settings, requestHandler: stubHttp(nativeBody) }), config }),
    bare: createBareHandler(new SageMakerRuntimeClient({ ...settings, requestHandler: stubHttp(nativeBody) })),
  };
}
