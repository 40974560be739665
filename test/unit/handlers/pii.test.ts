/**
 * POST /nlp/pii (and the pii options on other routes) through the real handler with the SDK mocked
 * at command level: the options reach the container unchanged, every bad option is a 422 that
 * names it (test/unit/handlers/pii-logs.test.ts: what the logs hold).
 */
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { apiEvent, invokeOutput, lambdaContext } from '../helpers.js';
import { responseSchemaName, schemaErrors } from '../../support/openapi.js';

process.env.SAGEMAKER_ENDPOINT_NAME = 'nlp-gateway-test';
const { handler } = await import('../../../handlers/nlp.js');

const sagemaker = mockClient(SageMakerRuntimeClient);
const TEXT = 'Mail zoë@example.org 😀 or call 555-0100.';
const MODEL = { name: 'presidio', version: '2.2.364' };
const NATIVE = {
  model: MODEL,
  docs: [
    {
      pii: [
        { type: 'EMAIL_ADDRESS', start: 5, end: 20, score: 1 },
        { type: 'PHONE_NUMBER', start: 31, end: 39, score: 0.75 },
      ],
      redacted: {
        text: 'Mail <EMAIL_ADDRESS> 😀 or call <PHONE_NUMBER>.',
        items: [
          { type: 'EMAIL_ADDRESS', start: 5, end: 20, redactedStart: 5, redactedEnd: 20 },
          { type: 'PHONE_NUMBER', start: 31, end: 39, redactedStart: 31, redactedEnd: 45 },
        ],
      },
    },
  ],
};

/** Calls POST /nlp/<engine>; returns the status and the body, checked against the OpenAPI schema documented for that status. */
async function call(body: unknown, engine = 'pii') {
  const response = await handler(apiEvent({ engine, body }), lambdaContext());
  const parsed = JSON.parse(response.body);
  expect(schemaErrors(responseSchemaName(`/nlp/${engine}`, 'post', response.statusCode), parsed)).toEqual([]);
  return { status: response.statusCode, body: parsed };
}
const sentBody = () =>
  JSON.parse(new TextDecoder().decode(sagemaker.commandCalls(InvokeEndpointCommand)[0]?.args[0].input.Body as Uint8Array));

beforeEach(() => sagemaker.reset());

describe('POST /nlp/pii', () => {
  it('finds personal data with its default task and answers each span as a slice of the text', async () => {
    // prepare
    sagemaker.on(InvokeEndpointCommand).resolves(invokeOutput({ ...NATIVE, docs: [{ pii: NATIVE.docs[0]?.pii }] }));
    // act
    const { status, body } = await call({ text: TEXT });
    // assess
    expect(status).toBe(200);
    expect(body).toEqual({
      engine: 'pii',
      model: MODEL,
      tasks: ['pii'],
      offsetEncoding: 'utf16',
      results: [
        {
          pii: [
            { type: 'EMAIL_ADDRESS', text: 'zoë@example.org', start: 5, end: 20, score: 1 },
            { type: 'PHONE_NUMBER', text: '555-0100', start: 32, end: 40, score: 0.75 },
          ],
        },
      ],
    });
    expect(sentBody()).toEqual({ texts: [TEXT], tasks: ['pii'] });
    expect(sagemaker).toHaveReceivedCommandWith(InvokeEndpointCommand, { TargetContainerHostname: 'nlp-pii' });
  });

  it('redacts with the options exactly as sent, offsets in UTF-8 bytes into both texts', async () => {
    // prepare
    sagemaker.on(InvokeEndpointCommand).resolves(invokeOutput(NATIVE));
    const pii = { types: ['EMAIL_ADDRESS', 'PHONE_NUMBER'], minScore: 0.4, allowList: ['info@example.org'], operator: 'replace' };
    // act
    const { status, body } = await call({ text: TEXT, tasks: ['pii', 'redact'], offsetEncoding: 'utf8', pii });
    // assess
    expect(status).toBe(200);
    expect(sentBody()).toEqual({ texts: [TEXT], tasks: ['pii', 'redact'], pii });
    const { redacted } = body.results[0];
    const bytes = (text: string, start: number, end: number) => Buffer.from(text).subarray(start, end).toString();
    expect(redacted.items.map(({ start, end }: { start: number; end: number }) => bytes(TEXT, start, end))).toEqual([
      'zoë@example.org',
      '555-0100',
    ]);
    expect(
      redacted.items.map(({ redactedStart, redactedEnd }: { redactedStart: number; redactedEnd: number }) =>
        bytes(redacted.text, redactedStart, redactedEnd),
      ),
    ).toEqual(['<EMAIL_ADDRESS>', '<PHONE_NUMBER>']);
  });

  it('answers 502 when the engine breaks its contract (a detected value of its own)', async () => {
    const docs = [{ pii: [{ type: 'EMAIL_ADDRESS', start: 5, end: 20, score: 1, text: 'zoë@example.org' }] }];
    sagemaker.on(InvokeEndpointCommand).resolves(invokeOutput({ model: MODEL, docs }));
    const { status, body } = await call({ text: TEXT });
    expect({ status, type: body.type }).toEqual({ status: 502, type: '/problems/engine-failed' });
  });
});

const EMAIL_TYPES =
  'must be one of EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, IBAN_CODE, IP_ADDRESS, URL, PERSON, LOCATION, DATE_TIME, US_SSN';
const ONE_CHARACTER = 'must be exactly one character (one code point)';

describe('bad pii options are a 422 naming each, before any engine is called', () => {
  it.each([
    ['options that are not an object', ['EMAIL_ADDRESS'], '/pii', 'must be an object of options for the pii and redact tasks'],
    [
      'an unknown option (hashing is not offered)',
      { hash: true },
      '/pii/hash',
      'is not a known option; the options are types, minScore, allowList, operator, maskCharacter',
    ],
    ['an unknown type', { types: ['EMAIL_ADDRESS', 'PASSPORT'] }, '/pii/types/1', EMAIL_TYPES],
    ['types in lower case', { types: ['email_address'] }, '/pii/types/0', EMAIL_TYPES],
    ['no types', { types: [] }, '/pii/types', 'must name at least one type; leave it out for every type'],
    ['a score below 0', { minScore: -0.1 }, '/pii/minScore', 'must be a number from 0 to 1'],
    ['a score above 1', { minScore: 1.01 }, '/pii/minScore', 'must be a number from 0 to 1'],
    ['a score as a string', { minScore: '0.5' }, '/pii/minScore', 'must be a number from 0 to 1'],
    ['an unknown operator', { operator: 'hash' }, '/pii/operator', 'must be one of replace, mask, remove'],
    [
      'an allow-list of 101 values',
      { allowList: Array.from({ length: 101 }, (_, i) => `v${i}`) },
      '/pii/allowList',
      'may hold at most 100 values',
    ],
    ['an allow-list that is a string', { allowList: 'Ann' }, '/pii/allowList', 'must be an array of strings'],
    ['an empty allow-list value', { allowList: ['Ann', ''] }, '/pii/allowList/1', 'must not be empty'],
    ['an allow-list value of 201 characters', { allowList: ['é'.repeat(201)] }, '/pii/allowList/0', 'must be at most 200 characters'],
    ['a number in the allow-list', { allowList: [5550100] }, '/pii/allowList/0', 'must be a string'],
    ['an empty mask character', { maskCharacter: '' }, '/pii/maskCharacter', ONE_CHARACTER],
    ['two mask characters', { maskCharacter: '**' }, '/pii/maskCharacter', ONE_CHARACTER],
    ['a letter and its combining accent', { maskCharacter: 'e\u0301' }, '/pii/maskCharacter', ONE_CHARACTER],
    ['a lone surrogate', { maskCharacter: '\ud800' }, '/pii/maskCharacter', 'must be well-formed Unicode (it holds a lone surrogate)'],
  ])('%s', async (_name, pii, path, message) => {
    // act
    const { status, body } = await call({ text: TEXT, tasks: ['redact'], pii });
    // assess
    expect({ status, type: body.type }).toEqual({ status: 422, type: '/problems/validation-failed' });
    expect(body.errors).toContainEqual({ path, message });
    expect(body.detail).toContain(`${path} ${message}`);
    expect(sagemaker).not.toHaveReceivedCommand(InvokeEndpointCommand);
  });

  it.each([
    ['an emoji', '😀'],
    ['an astral letter', '𝔘'],
  ])('takes %s as a mask character: one code point, two UTF-16 units', async (_name, maskCharacter) => {
    sagemaker.on(InvokeEndpointCommand).resolves(invokeOutput({ model: MODEL, docs: [{ redacted: { text: 'x', items: [] } }] }));
    const { status } = await call({ text: 'x', tasks: ['redact'], pii: { operator: 'mask', maskCharacter } });
    expect(status).toBe(200);
  });

  it('takes an allow-list of 100 values of 200 characters, counted in code points', async () => {
    sagemaker.on(InvokeEndpointCommand).resolves(invokeOutput({ model: MODEL, docs: [{ pii: [] }] }));
    const allowList = Array.from({ length: 100 }, (_, i) => `${i}${'😀'.repeat(200 - String(i).length)}`);
    const { status } = await call({ text: 'x', pii: { allowList } });
    expect(status).toBe(200);
    expect(sentBody().pii).toEqual({ allowList });
  });

  it.each([
    ['spacy', undefined],
    ['pii', ['language']],
  ])('refuses options when no task reads them (%s, tasks %j)', async (engine, tasks) => {
    const { status, body } = await call({ text: TEXT, ...(tasks ? { tasks } : {}), pii: { minScore: 0.5 } }, engine);
    expect(status).toBe(422);
    expect(body.errors[0].path).toBe(tasks ? '/tasks/0' : '/pii');
    expect(sagemaker).not.toHaveReceivedCommand(InvokeEndpointCommand);
  });
});
