import { existsSync } from 'node:fs';
import { ENGINES } from '../../../handlers/core/engines.js';
import { REGISTRY as registry } from '../../../handlers/core/registry.js';
import { normalise } from '../../../handlers/core/normalisers/index.js';

const repo = new URL('../../../', import.meta.url);

describe('the engine registry (handlers/core/engines.json)', () => {
  it.each(ENGINES.map((engine) => [engine.name, engine]))(
    '%s: defaults are supported tasks and every task has a normaliser',
    (_name, engine) => {
      expect(engine.defaultTasks.every((task) => engine.tasks.includes(task))).toBe(true);
      const empty = { model: { name: 'm', version: '1' }, docs: [{}] };
      for (const task of engine.tasks) {
        // A document without the task's key must be refused as bad output, which proves a reader exists and looks for it.
        expect(() => normalise(engine, empty, ['x'], [task], 'utf16')).toThrow('does not match its documented format');
      }
    },
  );

  it.each(registry.engines.map((entry) => [entry.name, entry]))(
    '%s: hostname is a valid SageMaker ContainerHostname and its container folder exists',
    (_name, entry) => {
      expect(entry.hostname).toMatch(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/);
      expect(existsSync(new URL(`${entry.container}/`, repo))).toBe(true);
    },
  );

  it('has unique names (none of them a route: auto, engines) and hostnames, an auto order naming only known engines, and at most 15 containers', () => {
    const names = registry.engines.map((entry) => entry.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).not.toContain('auto');
    expect(names).not.toContain('engines');
    expect(new Set(registry.engines.map((entry) => entry.hostname)).size).toBe(names.length);
    expect(registry.autoOrder.every((name) => names.includes(name))).toBe(true);
    expect(names.length).toBeLessThanOrEqual(15);
  });
});
