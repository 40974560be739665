/**
 * Malformed, oversized and malicious requests to `POST /nlp/{engine}`, each with the status and
 * problem type the API documents for it (README.md, "Errors"; checks in the order content type, body size,
 * JSON syntax, schema, text limits, engine and task support). As Lambda events: what API Gateway
 * would hand the function after it accepted the HTTP request.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { LIMITS } from '../../../handlers/core/contract.js';

export interface HostileRequest {
  name: string;
  status: 400 | 404 | 413 | 415 | 422;
  slug: string;
  engine?: string;
  /** The raw body, as API Gateway passes it (a string; base64 when `base64`). */
  body: string | null;
  base64?: boolean;
  headers?: Record<string, string>;
  /** Changes the event in ways `apiEvent` has no option for. */
  edit?: (event: APIGatewayProxyEvent) => APIGatewayProxyEvent;
  /** Characters of the request the problem names verbatim (an engine, a content type, a property name): at most twice this is allowed on top. */
  echoes?: number;
}

const JSON_HEADERS = { 'Content-Type': 'application/json', 'x-api-key': 'test-key' };
const bytes = (...values: number[]) => Buffer.from(values).toString('base64');
const utf8Body = (prefix: number[], suffix = [0x22, 0x7d]) => bytes(...Buffer.from('{"text":"'), ...prefix, ...suffix);
const json = (value: unknown) => JSON.stringify(value);
const repeat = (unit: string, count: number) => unit.repeat(count);

const badJson: Array<[string, string | null]> = [
  ['an empty body', ''],
  ['no body at all (null)', null],
  ['only whitespace', ' \n\t\r '],
  ['an unterminated object', '{"text": "Apple"'],
  ['an unterminated string', '{"text": "Apple}'],
  ['a trailing comma', '{"text": "Apple",}'],
  ['single quotes', "{'text': 'Apple'}"],
  ['unquoted keys (a JavaScript object)', '{text: "Apple"}'],
  ['a comment', '{"text": "Apple" /* comment */}'],
  ['NaN', '{"text": "a", "x": NaN}'],
  ['Infinity', '[Infinity]'],
  ['undefined', 'undefined'],
  ['a hexadecimal number', '{"n": 0x10}'],
  ['a leading zero', '[01]'],
  ['a leading plus', '[+1]'],
  ['a bare decimal point', '[.5]'],
  ['two documents', '{"text": "a"}{"text": "b"}'],
  ['trailing garbage', '{"text": "a"} x'],
  ['an extra closing brace', '{"text": "a"}}'],
  ['a raw newline inside a string', '{"text": "line\nbreak"}'],
  ['a raw tab inside a string', '{"text": "tab\there"}'],
  ['a raw NUL inside a string', '{"text": "nul\u0000here"}'],
  ['a raw escape character (0x1b) inside a string', '{"text": "\u001b[31mred"}'],
  ['an invalid escape', '{"text": "\\x41"}'],
  ['a short unicode escape', '{"text": "\\u12"}'],
  ['a form-encoded body', 'text=Apple&tasks=entities'],
  ['XML', '<request><text>Apple</text></request>'],
  ['an HTML page', '<!doctype html><html><body>hi</body></html>'],
  ['a JSON Lines body', '{"text": "a"}\n{"text": "b"}\n'],
  ['a byte-order mark twice', '\ufeff\ufeff{"text": "a"}'],
  ['a lone opening bracket 100 000 deep (under 1 MiB)', repeat('[', 100_000)],
  ['a prototype-pollution attempt in broken JSON', '{"__proto__": {"polluted": true}'],
];

const invalidUtf8: Array<[string, string]> = [
  ['a lone continuation byte', utf8Body([0x80])],
  ['an overlong encoding of "/"', utf8Body([0xc0, 0xaf])],
  ['a UTF-8-encoded lone surrogate (CESU)', utf8Body([0xed, 0xa0, 0x80])],
  ['a byte 0xFF', utf8Body([0xff])],
  ['a truncated four-byte sequence', utf8Body([0xf0, 0x9f, 0x98])],
  ['a code point above U+10FFFF', utf8Body([0xf4, 0x90, 0x80, 0x80])],
  ['Latin-1 text', utf8Body([0x43, 0x61, 0x66, 0xe9])],
  ['a UTF-16LE body with its byte-order mark', Buffer.from('\ufeff{"text":"a"}', 'utf16le').toString('base64')],
  ['a body that is not base64 although it says so', 'This is ~not~ base64!!'],
];

const schema: Array<[string, unknown, number?]> = [
  ['a JSON array', ['Apple']],
  ['a JSON string', 'Apple'],
  ['a JSON number', 42],
  ['JSON true', true],
  ['JSON null', null],
  ['an empty object', {}],
  ['both text and texts', { text: 'a', texts: ['b'] }],
  ['text as a number', { text: 1 }],
  ['text as an array', { text: ['Apple'] }],
  ['text as an object', { text: { value: 'Apple' } }],
  ['text as null', { text: null }],
  ['text as a boolean', { text: false }],
  ['an empty text', { text: '' }],
  ['texts as a string', { texts: 'Apple' }],
  ['texts as an object', { texts: { 0: 'Apple' } }],
  ['an empty texts array', { texts: [] }],
  ['a number in texts', { texts: ['a', 1] }],
  ['null in texts', { texts: ['a', null] }],
  ['a nested array in texts', { texts: [['a']] }],
  ['an empty string in texts', { texts: ['a', ''] }],
  ['tasks as a string', { text: 'a', tasks: 'tokens' }],
  ['an empty tasks array', { text: 'a', tasks: [] }],
  ['a task in the wrong case', { text: 'a', tasks: ['Tokens'] }],
  ['a task with trailing space', { text: 'a', tasks: ['tokens '] }],
  ['an unknown task', { text: 'a', tasks: ['summarise'] }],
  ['a number as task', { text: 'a', tasks: [1] }],
  ['null as task', { text: 'a', tasks: [null] }],
  ['offsetEncoding in the wrong case', { text: 'a', offsetEncoding: 'UTF16' }],
  ['offsetEncoding utf-16 with a hyphen', { text: 'a', offsetEncoding: 'utf-16' }],
  ['offsetEncoding as a number', { text: 'a', offsetEncoding: 16 }],
  ['offsetEncoding null', { text: 'a', offsetEncoding: null }],
  ['an unknown property', { text: 'a', language: 'en' }],
  ['a property named constructor', { text: 'a', constructor: { prototype: {} } }],
  ['a property named prototype', { text: 'a', prototype: 1 }],
  ['a property named toString', { text: 'a', toString: 'x' }],
  ['a NUL inside a property name', { text: 'a', 'te\u0000xt': 'b' }],
  ['a property name of 10 000 characters', { text: 'a', [repeat('k', 10_000)]: 1 }, 10_000],
];

const rawSchema: Array<[string, string]> = [
  ['a __proto__ property (prototype pollution)', '{"text": "a", "__proto__": {"polluted": true}}'],
  ['only a __proto__ property', '{"__proto__": {"text": "a"}}'],
  ['a duplicate key whose last value is wrong', '{"text": "Apple", "text": 1}'],
  ['an escaped lone high surrogate', '{"text": "a\\ud800b"}'],
  ['an escaped lone low surrogate', '{"text": "\\udc00"}'],
  ['a surrogate pair in reverse order', '{"text": "\\udc00\\ud800"}'],
  ['a high surrogate at the very end', '{"text": "emoji \\ud83d"}'],
  ['a lone surrogate in the fourth text of a batch', '{"texts": ["a", "b", "c", "\\udfff"]}'],
  ['a lone surrogate in a property name', '{"text": "a", "\\ud800": 1}'],
  ['an array nested 100 000 deep (under 1 MiB)', `${repeat('[', 100_000)}${repeat(']', 100_000)}`],
  ['an object nested 50 000 deep', `${repeat('{"a":', 50_000)}1${repeat('}', 50_000)}`],
  ['text nested 50 000 arrays deep', `{"text": ${repeat('[', 50_000)}"a"${repeat(']', 50_000)}}`],
  ['texts of 200 000 numbers (under 1 MiB)', `{"texts": [${Array(200_000).fill('0').join(',')}]}`],
  ['tasks of 150 000 unknown names (under 1 MiB)', `{"text": "a", "tasks": [${Array(150_000).fill('"x"').join(',')}]}`],
  ['100 000 unknown properties (under 1 MiB)', `{${Array.from({ length: 100_000 }, (_, i) => `"${i.toString(36)}":0`).join(',')}}`],
  ['65 texts and an unknown property (schema before limits)', json({ texts: Array(65).fill('a'), extra: 1 })],
];

const oversized: Array<[string, string, string, boolean?]> = [
  ['a body of 1 MiB + 1 byte of whitespace', `${repeat(' ', LIMITS.maxBodyBytes - 11)}{"text":"a"}`, 'body-too-large'],
  ['a body over 1 MiB that is not even JSON (size before syntax)', repeat('x', LIMITS.maxBodyBytes + 1), 'body-too-large'],
  ['a text of 2 MiB', json({ text: repeat('a', 2 * 1024 * 1024) }), 'body-too-large'],
  [
    'a base64 body over 1 MiB once decoded',
    Buffer.from(json({ text: repeat('a', LIMITS.maxBodyBytes) })).toString('base64'),
    'body-too-large',
    true,
  ],
  ['1 MiB of multi-byte characters (bytes, not characters, count)', json({ text: repeat('é', 600_000) }), 'body-too-large'],
  ['65 texts', json({ texts: Array(65).fill('a') }), 'too-many-texts'],
  ['1 000 texts', json({ texts: Array(1_000).fill('a') }), 'too-many-texts'],
  ['a text of 100 001 characters', json({ text: repeat('a', 100_001) }), 'text-too-long'],
  ['a text of 100 001 emoji (code points, not UTF-16 units)', json({ text: repeat('😀', 100_001) }), 'text-too-long'],
  ['a text of 100 001 combining marks', json({ text: repeat('\u0301', 100_001) }), 'text-too-long'],
  ['100 001 characters over two texts', json({ texts: [repeat('a', 50_000), repeat('b', 50_001)] }), 'too-much-text'],
  ['64 texts of 1 563 characters', json({ texts: Array(64).fill(repeat('a', 1_563)) }), 'too-much-text'],
];

const valid = json({ text: 'Apple is looking at buying U.K. startup.' });

const contentTypes: Array<[string, Record<string, string> | undefined, ((event: APIGatewayProxyEvent) => APIGatewayProxyEvent)?]> = [
  ['no headers at all', {}],
  ['headers null', undefined, (event) => ({ ...event, headers: null as unknown as APIGatewayProxyEvent['headers'] })],
  ['an empty content type', { 'Content-Type': '' }],
  ['text/plain', { 'Content-Type': 'text/plain' }],
  ['application/xml', { 'Content-Type': 'application/xml' }],
  ['a form content type', { 'Content-Type': 'application/x-www-form-urlencoded' }],
  ['multipart/form-data', { 'Content-Type': 'multipart/form-data; boundary=----x' }],
  ['application/json-patch+json', { 'Content-Type': 'application/json-patch+json' }],
  ['application/jsonp', { 'Content-Type': 'application/jsonp' }],
  ['a Latin-1 charset', { 'Content-Type': 'application/json; charset=latin1' }],
  ['a UTF-16 charset in capitals', { 'Content-Type': 'APPLICATION/JSON; CHARSET=UTF-16' }],
  ['a doubled semicolon', { 'Content-Type': 'application/json;;' }],
  ['two media types in one value', { 'Content-Type': 'application/json, text/plain' }],
  ['a space inside the media type', { 'Content-Type': 'application/ json' }],
  ['a wildcard', { 'Content-Type': '*/*' }],
  ['application/*', { 'Content-Type': 'application/*' }],
  ['a bare word', { 'Content-Type': 'json' }],
  ['a content type of 100 000 characters', { 'Content-Type': `application/json; x=${repeat('a', 100_000)}` }],
  ['a header-injection attempt in the content type', { 'Content-Type': 'application/json\r\nX-Injected: 1' }],
  ['a NUL in the content type', { 'Content-Type': 'application/json\u0000' }],
  ['non-ASCII in the content type', { 'Content-Type': 'application/jsön' }],
  ['the content type in capitals with a wrong value', { 'CONTENT-TYPE': 'text/html' }],
  ['two content types in different case, neither JSON', { 'content-type': 'text/html', 'Content-Type': 'text/plain' }],
  ['a charset parameter but no media type', { 'Content-Type': 'charset=utf-8' }],
];

const headerNoise: Array<[string, Record<string, string>]> = [
  ['a 1 MB API key header and a body that is not JSON', { ...JSON_HEADERS, 'x-api-key': repeat('k', 1_000_000) }],
  [
    '1 000 extra headers and a body that is not JSON',
    { ...JSON_HEADERS, ...Object.fromEntries(Array.from({ length: 1_000 }, (_, i) => [`x-h-${i}`, repeat('v', 100)])) },
  ],
  ['a content type in odd casing (accepted) and a body that is not JSON', { 'cOnTeNt-TyPe': 'application/json', 'x-api-key': 'test-key' }],
  [
    'a JSON content type with odd spacing (accepted) and a body that is not JSON',
    { 'Content-Type': '  application/json ;  charset = "UTF-8"  ' },
  ],
];

const engines: Array<[string, string, unknown, number, string]> = [
  ['an unknown engine', 'nltk', { text: 'a' }, 404, 'unknown-engine'],
  ['an engine in capitals', 'SPACY', { text: 'a' }, 404, 'unknown-engine'],
  ['an empty engine', '', { text: 'a' }, 404, 'unknown-engine'],
  ['a path-traversal engine', '../spacy', { text: 'a' }, 404, 'unknown-engine'],
  ['an engine named __proto__', '__proto__', { text: 'a' }, 404, 'unknown-engine'],
  ['an engine named constructor', 'constructor', { text: 'a' }, 404, 'unknown-engine'],
  ['an engine with a NUL', 'spacy\u0000', { text: 'a' }, 404, 'unknown-engine'],
  ['an engine name of 10 000 characters', repeat('e', 10_000), { text: 'a' }, 404, 'unknown-engine'],
  ['sentiment from spaCy', 'spacy', { text: 'a', tasks: ['sentiment'] }, 422, 'unsupported-task'],
  ['entities from TextBlob', 'textblob', { text: 'a', tasks: ['tokens', 'entities'] }, 422, 'unsupported-task'],
  ['an unknown engine with an unknown task (schema first)', 'nltk', { text: 'a', tasks: ['x'] }, 422, 'validation-failed'],
];

export const CORPUS: HostileRequest[] = [
  ...badJson.map(([name, body]): HostileRequest => ({ name, status: 400, slug: 'invalid-json', body })),
  ...invalidUtf8.map(
    ([name, body]): HostileRequest => ({ name: `invalid UTF-8: ${name}`, status: 400, slug: 'invalid-json', body, base64: true }),
  ),
  ...schema.map(([name, value, echoes]): HostileRequest => ({ name, status: 422, slug: 'validation-failed', body: json(value), echoes })),
  ...rawSchema.map(([name, body]): HostileRequest => ({ name, status: 422, slug: 'validation-failed', body })),
  ...oversized.map(([name, body, slug, base64]): HostileRequest => ({ name, status: 413, slug, body, base64 })),
  ...contentTypes.map(
    ([name, headers, edit]): HostileRequest => ({
      name: `content type: ${name}`,
      status: 415,
      slug: 'unsupported-media-type',
      body: valid,
      headers,
      edit,
      echoes: Math.max(0, ...Object.values(headers ?? {}).map((value) => value.length)),
    }),
  ),
  ...headerNoise.map(([name, headers]): HostileRequest => ({ name, status: 400, slug: 'invalid-json', body: '{"text": ', headers })),
  ...engines.map(
    ([name, engine, body, status, slug]): HostileRequest => ({
      name,
      status: status as 404 | 422,
      slug,
      engine,
      body: json(body),
      echoes: engine.length,
    }),
  ),
  {
    name: 'no path parameters at all',
    status: 404,
    slug: 'unknown-engine',
    body: json({ text: 'a' }),
    edit: (event) => ({ ...event, pathParameters: null }),
  },
];
