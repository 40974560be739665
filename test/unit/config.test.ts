import { loadConfig } from '../../handlers/config.js';

describe('loadConfig', () => {
  it('reads the endpoint name and defaults the deadline to 25 s', () => {
    expect(loadConfig({ SAGEMAKER_ENDPOINT_NAME: 'nlp-gateway-dev' })).toEqual({ endpointName: 'nlp-gateway-dev', deadlineMs: 25_000 });
  });

  it.each([
    [{}, 'Environment variable SAGEMAKER_ENDPOINT_NAME is not set'],
    [
      { SAGEMAKER_ENDPOINT_NAME: 'e', GATEWAY_DEADLINE_MS: '30000' },
      'GATEWAY_DEADLINE_MS must be a whole number from 100 to 28000; it is "30000"',
    ],
    [{ SAGEMAKER_ENDPOINT_NAME: 'e', GATEWAY_DEADLINE_MS: 'soon' }, 'GATEWAY_DEADLINE_MS must be a whole number'],
  ])('fails fast with a clear message for %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
