/**
 * The API half of the local stack: serverless-offline serving the real handlers (stage `local`) on
 * the given ports, pointed at the local SageMaker Runtime endpoint on `endpointPort`. The stack
^ * (local/stack.ts) and the benchmarks that compose the stack themselves start it here, so both
 * run the API the same way.
 */
import type { ChildProcess, StdioOptions } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './config.js';
import { spawnGroup } from './processes.js';

export interface ApiOptions {
  apiPort: number;
  lambdaPort: number;
  endpointPort: number;
  apiKey: string;
  stdio: StdioOptions;
}

/** Starts serverless-offline in a process group of its own; SIGTERM reaches it should this process die. */
export function startApi({ apiPort, lambdaPort, endpointPort, apiKey, stdio }: ApiOptions): ChildProcess {
  const serverless = join(repoRoot, 'node_modules', 'serverless', 'bin', 'serverless.js');
  const args = [serverless, 'offline', 'start', '--stage', 'local', '--httpPort', String(apiPort), '--lambdaPort', String(lambdaPort)];
  return spawnGroup(
    process.execPath,
    args,
    {
      cwd: repoRoot,
      env: { ...process.env, NLP_API_KEY: apiKey, LOCAL_SAGEMAKER_PORT: String(endpointPort) },
      stdio,
    },
    'SIGTERM',
  );
}
