#!/usr/bin/env node
// `npm run images [-- --rebuild]`: builds every registry engine's image for this machine through the
// container engine (Docker or Podman), tagged by content and platform; an existing tag is not built
// again. Prints each engine's image; says so where the pinned base or the official model fell back.
import { parseArgs } from 'node:util';
import { register } from 'tsx/esm/api';
import { runMain } from './ops/cli.mjs';

register();
const { detectContainerEngine } = await import('../local/container-engine.ts');
const { buildLocalImages } = await import('../local/images.ts');

await runMain('images', async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: { rebuild: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
  });
  const log = values.json ? (message) => console.error(`[images] ${message}`) : (message) => console.log(`[images] ${message}`);
  const containers = detectContainerEngine();
  log(
    `container engine: ${containers.name}${containers.env.CONTAINERS_CONF ? ` (settings: CONTAINERS_CONF=${containers.env.CONTAINERS_CONF})` : ''}`,
  );
  const results = await buildLocalImages(containers, { log, rebuild: values.rebuild });
  if (values.json) console.log(JSON.stringify(results));
});
