#!/usr/bin/env node
// `npm start` (after setup) and `npm run stack`: the local stack (local/stack.ts). `-- --images`
// runs the containers from their images (as does LOCAL_SAGEMAKER_CONTAINERS=image).
import { register } from 'tsx/esm/api';

register();
const { runStack } = await import('../local/stack.ts');
await runStack({ images: process.argv.includes('--images') });
