/**
 * POST /nlp/langid through the real handler with the SDK mocked at command level: the container's
 * real native output (test/fixtures/native/langid-mixed.json, captured from the engine) answered in
 * the public schema, `und` for text with no evidence, and the engine's bad answers and unsupported
 * tasks as problems.
 */
import { InvokeEndpointCommand, ModelError, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { apiEvent, fixture, invokeOutput, lambdaContext } from '../helpers.js';
import { responseSchemaName, schemaErrors } from '../../support/openapi.js';

process.env.SAGEMAKER_ENDPOINT_NAME = 'nlp-gateway-test';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
const { handler } = await import('../../../handlers/nlp.js');

const sagemaker = mockClient(SageMakerRuntimeClient);
const capture = fixture('langid-mixed') as { texts: string[]; tasks: string[]; native: { docs: unknown[] } };
const UNDETERMINED = { code: 'und', confidence: 0, alternatives: [] };

/** Calls POST /nlp/langid; returns the status and the body, checked against the OpenAPI schema documented for that status. */
async function call(body: unknown) {
  const response = await handler(apiEvent({ engine: 'langid', body }), lambdaContext());
  const parsed = JSON.parse(response.body);
  expect(schemaErrors(responseSchemaName('/nlp/langid', 'post', response.statusCode), parsed)).toEqual([]);
  return { status: response.statusCode, headers: response.headers, body: parsed };
}
const sentBody = () =>
  JSON.parse(new TextDecoder().decode(sagemaker.commandCalls(InvokeEndpointCommand)[0]?.args[0].input.Body as Uint8Array));

beforeEach(() => sagemaker.reset());

describe('POST /nlp/langid', () => {
  it("identifies each text of a batch with its default task, from the container's real output", async () => {
    // prepare
    sagemaker.on(InvokeEndpointCommand).resolves(invokeOutput(capture.native));
    // act
    const { status, body } = await call({ texts: capture.texts });
    // assess
    expect(status).toBe(200);
    expect(body).toMatchObject({
      engine: 'langid',
      model: { name: 'py3langid', version: '0.4.0' },
      tasks: ['language'],
      offsetEncoding: 'utf16',
    });
    expect(body.results).toEqual(capture.native.docs);
    expect(body.results.map((result: { language: { code: string } }) => result.language.code)).toEqual([
      'de',
      'de',
      'da',
      'en',
      'und',
      'und',
    ]);
    expect(sagemaker).toHaveReceivedCommandWith(InvokeEndpointCommand, {
      EndpointName: 'nlp-gateway-test',
      TargetContainerHostname: 'nlp-langid',
      ContentType: 'application/json',
    });
    expect(sentBody()).toEqual({ texts: capture.texts, tasks: ['language'] });
  });

  it('answers `und` with confidence 0 for text with no letters, as the container does', async () => {
    sagemaker
      .on(InvokeEndpointCommand)
      .resolves(invokeOutput({ model: { name: 'py3langid', version: '0.4.0' }, docs: [{ language: UNDETERMINED }] }));
    const { status, body } = await call({ text: ' 42 😀 ', tasks: ['language'] });
    expect(status).toBe(200);
    expect(body.results).toEqual([{ language: UNDETERMINED }]);
  });

  it.each([['entities'], ['sentiment'], ['tokens']])(
    'refuses %s with a 422 naming language, without calling the endpoint',
    async (task) => {
      const { status, body } = await call({ text: 'Guten Morgen', tasks: ['language', task] });
      expect(status).toBe(422);
      expect(body).toMatchObject({
        type: '/problems/unsupported-task',
        supportedTasks: ['language'],
        errors: [{ path: '/tasks/1', message: 'is not supported by langid' }],
      });
      expect(sagemaker).not.toHaveReceivedCommand(InvokeEndpointCommand);
    },
  );

  it.each([
    ['a code that is not ISO 639-1', { code: 'deu', confidence: 0.9, alternatives: [] }],
    ['`und` with a guess', { code: 'und', confidence: 0.3, alternatives: [] }],
    ['alternatives more likely than the code', { code: 'de', confidence: 0.1, alternatives: [{ code: 'en', confidence: 0.8 }] }],
  ])('answers 502 engine-failed when the container answers %s', async (_name, language) => {
    sagemaker.on(InvokeEndpointCommand).resolves(invokeOutput({ model: { name: 'py3langid', version: '0.4.0' }, docs: [{ language }] }));
    const { status, body } = await call({ text: 'Guten Morgen' });
    expect(status).toBe(502);
    expect(body).toMatchObject({
      type: '/problems/engine-failed',
      detail: 'The langid engine answered with output that does not match its documented format.',
    });
  });

  it('answers 502 when the container fails, saying which engine', async () => {
    sagemaker
      .on(InvokeEndpointCommand)
      .rejects(new ModelError({ message: 'x', OriginalStatusCode: 500, $metadata: { httpStatusCode: 424 } }));
    const { status, body } = await call({ text: 'Guten Morgen' });
    expect(status).toBe(502);
    expect(body.detail).toBe('The langid engine failed on this request (it answered 500).');
  });
});
