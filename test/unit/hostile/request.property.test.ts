/**
 * Properties of the request schema over generated input: whatever JSON arrives, parseRequest
 * either returns a typed request or throws a ProblemError with a 4xx status — never anything else,
 * and never a problem too large to send back; valid requests come back as what they asked for.
 */
import fc from 'fast-check';
import { ENGINE_NAMES, findEngine } from '../../../handlers/core/engines.js';
import { LIMITS } from '../../../handlers/core/contract.js';
import { ProblemError, problemBody } from '../../../handlers/core/problems.js';
import { parseRequest, resolveEngine, type NlpRequest } from '../../../handlers/core/request.js';
import { codePointLength } from '../../../handlers/core/offsets.js';
import { anyString, jsonValue, nearlyValidBody, validBody } from './arbitraries.js';

/** The outcome of parsing: the request, or the ProblemError (anything else thrown fails the property). */
function outcome(body: unknown): NlpRequest | ProblemError {
  try {
    return parseRequest(body);
  } catch (error) {
    if (error instanceof ProblemError) return error;
    throw error;
  }
}

/** A problem a client can be sent: a 4xx whose body is well under the response cap. */
function expectClientProblem(problem: ProblemError) {
  expect(problem.status).toBeGreaterThanOrEqual(400);
  expect(problem.status).toBeLessThan(500);
  expect(Buffer.byteLength(JSON.stringify(problemBody(problem, '/nlp/spacy', 'req')))).toBeLessThan(64 * 1024);
}

describe('parseRequest never throws anything but a 4xx ProblemError', () => {
  it('for any JSON value', () => {
    fc.assert(
      fc.property(jsonValue, (body) => {
        const result = outcome(body);
        if (result instanceof ProblemError) expectClientProblem(result);
      }),
      { numRuns: 300 },
    );
  });

  it('for objects shaped like requests with anything in each field (and __proto__ keys)', () => {
    fc.assert(
      fc.property(nearlyValidBody, (body) => {
        const result = outcome(body);
        if (result instanceof ProblemError) expectClientProblem(result);
        else expect(result.texts.every((text) => text.isWellFormed() && text.length > 0)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('for any string as text: well-formed ones are accepted, lone surrogates get a 422 at /text', () => {
    fc.assert(
      fc.property(anyString, (text) => {
        const result = outcome({ text });
        if (text.length > 0 && text.isWellFormed()) {
          expect(result).toEqual({ texts: [text], tasks: undefined, offsetEncoding: 'utf16' });
        } else {
          expect(result).toBeInstanceOf(ProblemError);
          expect((result as ProblemError).status).toBe(422);
          expect((result as ProblemError).options.errors?.map((error) => error.path)).toContain('/text');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('for many wrong items at once: the 422 stays small however many there are', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200_000 }),
        jsonValue.filter((value) => typeof value !== 'string'),
        (count, item) => {
          const result = outcome({ texts: Array(count).fill(item) });
          expect(result).toBeInstanceOf(ProblemError);
          expectClientProblem(result as ProblemError);
        },
      ),
      { numRuns: 15 },
    );
  });
});

describe('valid requests round-trip', () => {
  it('parse to what they asked for, and parse again to the same from their canonical form', () => {
    fc.assert(
      fc.property(validBody, (body) => {
        const request = parseRequest(body);
        expect(request).toEqual({
          texts: 'texts' in body ? body.texts : [body.text],
          tasks: body.tasks ? [...new Set(body.tasks)] : undefined,
          offsetEncoding: body.offsetEncoding ?? 'utf16',
        });
        const canonical = JSON.parse(
          JSON.stringify({ texts: request.texts, tasks: request.tasks, offsetEncoding: request.offsetEncoding }),
        );
        expect(parseRequest(canonical)).toEqual(request);
      }),
      { numRuns: 300 },
    );
  });

  it('pick an engine and tasks, or a 404/422, for any engine name', () => {
    fc.assert(
      fc.property(validBody, fc.oneof(fc.constantFrom(...ENGINE_NAMES), anyString), (body, name) => {
        try {
          const { engine, tasks } = resolveEngine(name, parseRequest(body));
          expect(tasks.every((task) => engine.tasks.includes(task))).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(ProblemError);
          expect([404, 422]).toContain((error as ProblemError).status);
          expect((error as ProblemError).status === 404).toBe(findEngine(name) === undefined);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('the text limits hold exactly', () => {
  it('413 exactly when there are over 64 texts, a text over 100 000 characters, or over 100 000 in all', () => {
    const batch = fc.array(fc.integer({ min: 1, max: 60_000 }), { minLength: 1, maxLength: 70 });
    fc.assert(
      fc.property(batch, fc.constantFrom('a', '😀', 'é'), (lengths, unit) => {
        const texts = lengths.map((length) => unit.repeat(length));
        const total = texts.reduce((sum, text) => sum + codePointLength(text), 0);
        const over = texts.length > LIMITS.maxTexts || total > LIMITS.maxTotalCharacters;
        const result = outcome({ texts });
        expect(result instanceof ProblemError ? result.status : 200).toBe(over ? 413 : 200);
      }),
      { numRuns: 60 },
    );
  });
});
