import { jest } from '@jest/globals';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { apiEvent, invokeOutput, lambdaContext } from '../helpers.js';

process.env.SAGEMAKER_ENDPOINT_NAME = 'nlp-gateway-test';
process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
const { handler } = await import('../../../handlers/nlp.js');

const sagemaker = mockClient(SageMakerRuntimeClient);

describe('logs', () => {
  it('say what happened to each request but never contain the submitted text', async () => {
    // prepare
    const secret = 'Zebra-7f3c secret words';
    const native = { model: { name: 'en_core_web_sm', version: '3.8.0' }, docs: [{ ents: [{ start: 0, end: 10, label: 'ORG' }] }] };
    const written: string[] = [];
    const spies = [process.stdout, process.stderr].map((stream) =>
      jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => written.push(String(chunk)) > 0),
    );
    sagemaker.on(InvokeEndpointCommand).resolvesOnce(invokeOutput(native)).rejects(new TypeError('boom'));
    try {
      // act
      await handler(apiEvent({ body: { text: secret } }), lambdaContext());
      await handler(apiEvent({ body: { text: secret } }), lambdaContext());
      await handler(apiEvent({ body: { text: secret, tasks: ['sentiment'] } }), lambdaContext());
      await handler(apiEvent({ rawBody: `{"text": "${secret}` }), lambdaContext());
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    // assess
    const lines = written
      .join('')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => [line.message, line.status, line.requestId])).toEqual([
      ['request served', 200, 'req-0001'],
      ['request failed', 500, 'req-0001'],
      ['request rejected', 422, 'req-0001'],
      ['request rejected', 400, 'req-0001'],
    ]);
    expect(written.join('')).not.toContain('Zebra-7f3c');
  });
});
