/** fast-check arbitraries shared by the hostile-input property tests. */
import fc from 'fast-check';
import { OFFSET_ENCODINGS, TASKS } from '../../../handlers/core/contract.js';

/** Code points from every width class: ASCII, 2- and 3-byte BMP, combining marks, ZWJ, astral (emoji and beyond). */
const codePoint = fc.oneof(
  fc.integer({ min: 0x20, max: 0x7e }),
  fc.integer({ min: 0x00, max: 0x1f }),
  fc.integer({ min: 0xa0, max: 0x7ff }),
  fc.integer({ min: 0x300, max: 0x36f }),
  fc.constantFrom(0x200d, 0xfe0f, 0x20e3, 0x1f3fb),
  fc.integer({ min: 0x800, max: 0xd7ff }),
  fc.integer({ min: 0xe000, max: 0xfffd }),
  fc.integer({ min: 0x1f300, max: 0x1faff }),
  fc.integer({ min: 0x10000, max: 0x10ffff }),
);

/** Well-formed text in full Unicode (astral characters, combining marks, controls), never a lone surrogate. */
export const unicodeText = (constraints: { minLength?: number; maxLength?: number } = {}) =>
  fc.string({ unit: codePoint.map((value) => String.fromCodePoint(value)), ...constraints });

/** Any string at all, lone surrogates included. */
export const anyString = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), unicodeText());

export const task = fc.constantFrom(...TASKS);
export const offsetEncoding = fc.constantFrom(...OFFSET_ENCODINGS);

/** A body the schema accepts, within every limit. */
export const validBody = fc
  .record({
    content: fc.oneof(
      unicodeText({ minLength: 1, maxLength: 40 }).map((text) => ({ text })),
      fc.array(unicodeText({ minLength: 1, maxLength: 20 }), { minLength: 1, maxLength: 64 }).map((texts) => ({ texts })),
    ),
    tasks: fc.option(fc.array(task, { minLength: 1, maxLength: 8 }), { nil: undefined }),
    offsetEncoding: fc.option(offsetEncoding, { nil: undefined }),
  })
  .map(({ content, tasks, offsetEncoding: encoding }) => ({
    ...content,
    ...(tasks ? { tasks } : {}),
    ...(encoding ? { offsetEncoding: encoding } : {}),
  }));

/** Anything JSON can hold, a few levels deep. */
const shallowJson = fc.oneof(
  fc.jsonValue({ maxDepth: 6 }),
  fc.json({ maxDepth: 4 }).map((text) => JSON.parse(text) as unknown),
);

/** Arrays or objects nested up to 5 000 levels deep, as JSON.parse builds them. */
const deepJson = fc
  .tuple(fc.integer({ min: 1, max: 5_000 }), fc.boolean())
  .map(
    ([depth, arrays]) =>
      JSON.parse(arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`) as unknown,
  );

/** Anything JSON can hold, including deep nesting. */
export const jsonValue = fc.oneof(shallowJson, deepJson);

/** Adds an own `__proto__` property the way JSON.parse makes one (an assignment would set the prototype). */
const withProtoKey = (body: object, proto: unknown): unknown => {
  const json = JSON.stringify(body);
  return JSON.parse(`{"__proto__":${JSON.stringify(proto)}${json === '{}' ? '' : ','}${json.slice(1)}`);
};

/** Objects that look like requests but put any JSON, or any string, in each field. */
export const nearlyValidBody = fc
  .tuple(
    fc.record(
      {
        text: fc.oneof(shallowJson, anyString),
        texts: fc.oneof(shallowJson, fc.array(fc.oneof(anyString, shallowJson), { maxLength: 70 })),
        tasks: fc.oneof(shallowJson, fc.array(fc.oneof(task, anyString, shallowJson), { maxLength: 6 })),
        offsetEncoding: fc.oneof(offsetEncoding, anyString, shallowJson),
        constructor: shallowJson,
        toString: shallowJson,
        extra: shallowJson,
      },
      { requiredKeys: [] },
    ),
    fc.option(shallowJson),
  )
  .map(([body, proto]) => (proto === null ? body : withProtoKey(body, proto)));
