import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseRegistry, REGISTRY } from '../../../handlers/core/registry.js';
import { loadEndpointDefinition } from '../../../local/endpoint-definition.js';

const read = (path: string) => JSON.parse(readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8'));
const valid = () => read('handlers/core/engines.json');
const spacyEntry = () => valid().engines[0];

describe('the registry schema (handlers/core/registry.ts)', () => {
  it.each([['handlers/core/engines.json'], ['test/fixtures/engines.wire.json'], ['test/fixtures/engines.faults.json']])(
    'accepts %s, keeping every field it has',
    (path) => {
      const data = read(path);
      expect(parseRegistry(data, path)).toEqual(data);
    },
  );

  it('accepts a bring-your-own container with a local image', () => {
    const data = { ...valid(), autoOrder: ['spacy'], engines: [{ ...spacyEntry(), image: 'localhost/my-engine:1.0' }] };
    expect(parseRegistry(data, 'byoc.json').engines[0]?.image).toBe('localhost/my-engine:1.0');
  });

  it.each([
    ['an unknown task', { engines: [{ ...spacyEntry(), tasks: ['tokens', 'summarise'] }] }, 'engines.0.tasks.1: must be one of tokens'],
    [
      'a default task the engine lacks',
      { engines: [{ ...spacyEntry(), defaultTasks: ['sentiment'] }] },
      'engines.0.defaultTasks: defaultTasks must all be in tasks',
    ],
    [
      'an engine named like a route',
      { autoOrder: ['auto'], engines: [{ ...spacyEntry(), name: 'auto' }] },
      'engines.0.name: must not be auto or engines',
    ],
    [
      'a hostname SageMaker refuses',
      { engines: [{ ...spacyEntry(), hostname: 'nlp_spacy' }] },
      'engines.0.hostname: must be a SageMaker container hostname',
    ],
    ['a misspelt field', { engines: [{ ...spacyEntry(), defaultTask: ['entities'] }] }, 'engines.0: unknown defaultTask'],
    ['a missing model', { engines: [{ ...spacyEntry(), model: undefined }] }, 'engines.0.model'],
    [
      'two engines with one hostname',
      { engines: [spacyEntry(), { ...spacyEntry(), name: 'other' }] },
      'engines: container hostnames must be unique',
    ],
    ['an auto order naming an unknown engine', { autoOrder: ['spacy', 'nltk'] }, 'autoOrder: must name only engines of the registry'],
    [
      '16 containers',
      { engines: Array.from({ length: 16 }, (_, i) => ({ ...spacyEntry(), name: `e${i}`, hostname: `h${i}` })) },
      'engines: a SageMaker endpoint holds at most 15 containers',
    ],
  ])('refuses %s, naming the file and the fault', (_name, change, message) => {
    expect(() => parseRegistry({ ...valid(), ...change }, 'broken.json')).toThrow(`broken.json is not valid: ${message}`);
  });

  it('is the registry the local endpoint and infra/engine-containers.cjs read', () => {
    const { registry } = createRequire(import.meta.url)('../../../infra/engine-containers.cjs') as { registry: unknown };
    expect(registry).toEqual(REGISTRY);
    const local = loadEndpointDefinition(new URL('../../../handlers/core/engines.json', import.meta.url).pathname);
    expect(local.containers.map((container) => container.hostname)).toEqual(REGISTRY.engines.map((engine) => engine.hostname));
  });
});
