import { jest } from '@jest/globals';
import { ProblemError } from '../../../handlers/core/problems.js';
import { apiEvent, lambdaContext } from '../helpers.js';

process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
const { apiRoute } = await import('../../../handlers/route.js');
const failing = (error: Error) => apiRoute().handler(async () => Promise.reject(error));

describe('the access log', () => {
  it('logs a 5xx with its cause, the tasks and sizes of the request, and no text', async () => {
    // prepare
    const lines: unknown[] = [];
    const spies = [process.stdout, process.stderr].map((stream) =>
      jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => lines.push(JSON.parse(String(chunk))) > 0),
    );
    try {
      // act
      await failing(new ProblemError('engine-failed', 'the spacy engine failed', { cause: new Error('container said no') }))(
        apiEvent({ body: { text: 'secret words' } }),
        lambdaContext(),
      );
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    // assess
    expect(lines).toEqual([
      expect.objectContaining({
        message: 'request failed',
        status: 502,
        engine: 'spacy',
        type: '/problems/engine-failed',
        requestBytes: 23,
        error: expect.objectContaining({ message: 'container said no' }),
      }),
    ]);
    expect(JSON.stringify(lines)).not.toContain('secret');
  });
});
