/**
 * What the gateway logs of a personal-data request, at the most verbose settings an operator can
 * choose (DEBUG, and Powertools' switch that logs every event): the request's shape, never a
 * submitted text, a detected value or an allow-listed one, whether it is served, rejected or fails.
 */
import { jest } from '@jest/globals';
import { InvokeEndpointCommand, ModelError, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { apiEvent, invokeOutput, lambdaContext } from '../helpers.js';

process.env.SAGEMAKER_ENDPOINT_NAME = 'nlp-gateway-test';
process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
process.env.POWERTOOLS_LOGGER_LOG_EVENT = 'true';
const { handler } = await import('../../../handlers/nlp.js');

const sagemaker = mockClient(SageMakerRuntimeClient);
const MODEL = { name: 'presidio', version: '2.2.364' };

describe('logs', () => {
  it('never hold a submitted text, a detected value or an allow-listed one, whatever happens to the request', async () => {
    // prepare
    const planted = ['ann.leak@example.com', '+44 20 7946 0958', '4111 1111 1111 1111', 'Zebulon Quaxley'];
    const text = `Mail ${planted[0]} or call ${planted[1]}; card ${planted[2]}, signed ${planted[3]}.`;
    const written: string[] = [];
    const spies = [process.stdout, process.stderr].map((stream) =>
      jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => written.push(String(chunk)) > 0),
    );
    const notJson = new TextEncoder().encode(`${planted[0]}`);
    sagemaker
      .on(InvokeEndpointCommand)
      .resolvesOnce(invokeOutput({ model: MODEL, docs: [{ pii: [{ type: 'PERSON', start: 0, end: 4, score: 2 }] }] }))
      .resolvesOnce({ Body: notJson, ContentType: 'application/json', $metadata: {} } as never)
      .rejectsOnce(new ModelError({ message: 'x', OriginalStatusCode: 500, $metadata: { httpStatusCode: 424 } }))
      .rejects(new TypeError('boom'));
    try {
      // act
      for (const body of [
        { text },
        { text },
        { text, tasks: ['redact'], pii: { allowList: [planted[3]] } },
        { texts: [text, text] },
        { text, tasks: ['entities'], pii: { allowList: [planted[3]] } },
        { text, pii: { allowList: [planted[3] as string, ''] } },
      ]) {
        await handler(apiEvent({ engine: 'pii', body }), lambdaContext());
      }
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    // assess
    const log = written.join('');
    expect(log).toContain('request failed');
    expect(log).toContain('request rejected');
    for (const value of planted) expect(log).not.toContain(value);
    // Some messages quote only the start of what they read.
    for (const fragment of ['ann.leak', 'Zebulon']) expect(log).not.toContain(fragment);
  });
});
