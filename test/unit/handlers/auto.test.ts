import { InvokeEndpointCommand, ModelError, SageMakerRuntimeClient, ServiceUnavailable } from '@aws-sdk/client-sagemaker-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { planTasks } from '../../../handlers/core/auto.js';
import { apiEvent, invokeOutput, lambdaContext } from '../helpers.js';
import { responseSchemaName, schemaErrors } from '../../support/openapi.js';

process.env.SAGEMAKER_ENDPOINT_NAME = 'nlp-gateway-test';
const { handler } = await import('../../../handlers/nlp.js');

const sagemaker = mockClient(SageMakerRuntimeClient);
const TEXT = 'Apple loves Paris.';

const spacyNative = {
  model: { name: 'en_core_web_sm', version: '3.8.0' },
  docs: [
    {
      ents: [
        { start: 0, end: 5, label: 'ORG' },
        { start: 12, end: 17, label: 'GPE' },
      ],
      tokens: [{ start: 0, end: 5, lemma: 'Apple', pos: 'PROPN', tag: 'NNP' }],
    },
  ],
};
const textblobNative = { model: { name: 'textblob', version: '0.19.0' }, docs: [{ sentiment: { polarity: 0.5, subjectivity: 0.6 } }] };
const piiNative = {
  model: { name: 'presidio', version: '2.2.364' },
  docs: [
    {
      pii: [{ type: 'LOCATION', start: 12, end: 17, score: 0.85 }],
      redacted: { text: 'Apple loves <LOCATION>.', items: [{ type: 'LOCATION', start: 12, end: 17, redactedStart: 12, redactedEnd: 22 }] },
    },
  ],
};
const langidNative = {
  model: { name: 'py3langid', version: '0.4.0' },
  docs: [{ language: { code: 'en', confidence: 0.4317, alternatives: [{ code: 'fr', confidence: 0.1071 }] } }],
};

/** Calls /nlp/auto and checks the answer against the OpenAPI schema documented for its status. */
async function call(body: unknown) {
  const response = await handler(apiEvent({ engine: 'auto', body }), lambdaContext());
  expect(schemaErrors(responseSchemaName('/nlp/auto', 'post', response.statusCode), JSON.parse(response.body))).toEqual([]);
  return response;
}
const byHost = (hostname: string) => sagemaker.on(InvokeEndpointCommand, { TargetContainerHostname: hostname });

beforeEach(() => sagemaker.reset());

describe('planTasks', () => {
  it.each([
    [
      ['entities', 'sentiment'],
      [
        ['spacy', ['entities']],
        ['textblob', ['sentiment']],
      ],
    ],
    [['tokens', 'nounPhrases', 'sentences'], [['spacy', ['tokens', 'nounPhrases', 'sentences']]]],
    [['sentiment'], [['textblob', ['sentiment']]]],
    [
      ['language', 'entities'],
      [
        ['spacy', ['entities']],
        ['langid', ['language']],
      ],
    ],
    [
      ['redact', 'entities', 'pii'],
      [
        ['spacy', ['entities']],
        ['pii', ['redact', 'pii']],
      ],
    ],
  ])('%j → %j', (tasks, expected) => {
    const plan = planTasks(tasks as never).map(({ engine, tasks: stepTasks }) => [engine.name, stepTasks]);
    expect(plan).toEqual(expected);
  });
});

describe('POST /nlp/auto', () => {
  it('sends each task to its preferred engine, in parallel, and merges the results', async () => {
    // prepare
    byHost('nlp-spacy').resolves(invokeOutput(spacyNative));
    byHost('nlp-textblob').resolves(invokeOutput(textblobNative));
    // act
    const response = await call({ text: TEXT, tasks: ['sentiment', 'entities'] });
    // assess
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({
      engine: 'auto',
      engines: { entities: 'spacy', sentiment: 'textblob' },
      models: { spacy: { name: 'en_core_web_sm', version: '3.8.0' }, textblob: { name: 'textblob', version: '0.19.0' } },
      tasks: ['sentiment', 'entities'],
      offsetEncoding: 'utf16',
      results: [
        {
          sentiment: { polarity: 0.5, subjectivity: 0.6 },
          entities: [
            { text: 'Apple', label: 'ORG', start: 0, end: 5 },
            { text: 'Paris', label: 'GPE', start: 12, end: 17 },
          ],
        },
      ],
    });
    expect(sagemaker).toHaveReceivedCommandWith(InvokeEndpointCommand, {
      TargetContainerHostname: 'nlp-spacy',
      Body: new TextEncoder().encode(JSON.stringify({ texts: [TEXT], tasks: ['entities'] })),
    });
    expect(sagemaker).toHaveReceivedCommandWith(InvokeEndpointCommand, {
      TargetContainerHostname: 'nlp-textblob',
      Body: new TextEncoder().encode(JSON.stringify({ texts: [TEXT], tasks: ['sentiment'] })),
    });
  });

  it('runs every engine default task when no tasks are given', async () => {
    byHost('nlp-spacy').resolves(invokeOutput(spacyNative));
    byHost('nlp-textblob').resolves(invokeOutput(textblobNative));
    byHost('nlp-langid').resolves(invokeOutput(langidNative));
    byHost('nlp-pii').resolves(invokeOutput(piiNative));
    const body = JSON.parse((await call({ text: TEXT })).body);
    expect(body.tasks).toEqual(['entities', 'sentiment', 'language', 'pii']);
    expect(body.engines).toEqual({ entities: 'spacy', sentiment: 'textblob', language: 'langid', pii: 'pii' });
  });

  it('sends pii and redact to the pii engine with the pii options, and the other tasks without them', async () => {
    // prepare
    byHost('nlp-spacy').resolves(invokeOutput(spacyNative));
    byHost('nlp-pii').resolves(invokeOutput(piiNative));
    const pii = { types: ['LOCATION'], operator: 'replace' };
    // act
    const response = await call({ text: TEXT, tasks: ['redact', 'entities', 'pii'], pii });
    // assess
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({
      engines: { entities: 'spacy', redact: 'pii', pii: 'pii' },
      models: { pii: { name: 'presidio', version: '2.2.364' } },
      results: [
        {
          redacted: {
            text: 'Apple loves <LOCATION>.',
            items: [{ type: 'LOCATION', start: 12, end: 17, redactedStart: 12, redactedEnd: 22 }],
          },
          entities: expect.any(Array),
          pii: [{ type: 'LOCATION', text: 'Paris', start: 12, end: 17, score: 0.85 }],
        },
      ],
    });
    expect(Object.keys(JSON.parse(response.body).results[0])).toEqual(['redacted', 'entities', 'pii']);
    expect(sagemaker).toHaveReceivedCommandWith(InvokeEndpointCommand, {
      TargetContainerHostname: 'nlp-pii',
      Body: new TextEncoder().encode(JSON.stringify({ texts: [TEXT], tasks: ['redact', 'pii'], pii })),
    });
    expect(sagemaker).toHaveReceivedCommandWith(InvokeEndpointCommand, {
      TargetContainerHostname: 'nlp-spacy',
      Body: new TextEncoder().encode(JSON.stringify({ texts: [TEXT], tasks: ['entities'] })),
    });
  });

  it('refuses pii options with 422 when no task reads them', async () => {
    const response = await call({ text: TEXT, tasks: ['entities'], pii: { minScore: 0.5 } });
    expect(response.statusCode).toBe(422);
    expect(JSON.parse(response.body).errors).toEqual([{ path: '/pii', message: expect.stringContaining('pii and redact') }]);
    expect(sagemaker).not.toHaveReceivedCommand(InvokeEndpointCommand);
  });

  it("sends `language` to langid and merges its result with the other engines'", async () => {
    byHost('nlp-spacy').resolves(invokeOutput(spacyNative));
    byHost('nlp-langid').resolves(invokeOutput(langidNative));
    const response = await call({ text: TEXT, tasks: ['entities', 'language'] });
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({
      engines: { entities: 'spacy', language: 'langid' },
      models: { spacy: { name: 'en_core_web_sm', version: '3.8.0' }, langid: { name: 'py3langid', version: '0.4.0' } },
      results: [
        { entities: expect.any(Array), language: { code: 'en', confidence: 0.4317, alternatives: [{ code: 'fr', confidence: 0.1071 }] } },
      ],
    });
    expect(sagemaker).toHaveReceivedCommandWith(InvokeEndpointCommand, {
      TargetContainerHostname: 'nlp-langid',
      Body: new TextEncoder().encode(JSON.stringify({ texts: [TEXT], tasks: ['language'] })),
    });
    expect(sagemaker).not.toHaveReceivedCommandWith(InvokeEndpointCommand, { TargetContainerHostname: 'nlp-textblob' });
  });

  it('answers 200 with the failed tasks in `errors` when one engine fails', async () => {
    byHost('nlp-spacy').resolves(invokeOutput(spacyNative));
    byHost('nlp-textblob').rejects(new ModelError({ message: 'x', OriginalStatusCode: 500, $metadata: { httpStatusCode: 424 } }));
    const response = await call({ text: TEXT, tasks: ['entities', 'sentiment'] });
    const body = JSON.parse(response.body);
    expect(response.statusCode).toBe(200);
    expect(body.engines).toEqual({ entities: 'spacy' });
    expect(Object.keys(body.models)).toEqual(['spacy']);
    expect(body.results[0]).toEqual({ entities: expect.any(Array) });
    expect(body.errors).toEqual({
      sentiment: {
        type: '/problems/engine-failed',
        title: 'The engine failed to answer',
        status: 502,
        detail: 'The textblob engine failed on this request (it answered 500).',
      },
    });
  });

  it('answers with the first failure as a problem when every task failed', async () => {
    byHost('nlp-spacy').rejects(new ServiceUnavailable({ message: 'x', $metadata: { httpStatusCode: 503 } }));
    byHost('nlp-textblob').rejects(new ModelError({ message: 'x', OriginalStatusCode: 500, $metadata: { httpStatusCode: 424 } }));
    const response = await call({ text: TEXT, tasks: ['entities', 'sentiment'] });
    expect(response.statusCode).toBe(503);
    expect(response.headers).toMatchObject({ 'Content-Type': 'application/problem+json', 'Retry-After': '5' });
    expect(JSON.parse(response.body).type).toBe('/problems/engine-unavailable');
  });

  it('validates the request like any engine route', async () => {
    const response = await call({ text: TEXT, tasks: ['translate'] });
    expect(response.statusCode).toBe(422);
    expect(sagemaker).not.toHaveReceivedCommand(InvokeEndpointCommand);
  });
});
