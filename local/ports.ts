/** Local ports for the containers: SageMaker assigns each container its own, and so does this. */
import { createServer } from 'node:net';

/** A port that is free on the loopback interface right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Width of the block of ports each container may use for its own internal servers. */
const safeRangeWidth = 10;
const safeRangeBase = 20_000;
const maxContainers = 15;

/**
 * SAGEMAKER_SAFE_PORT_RANGE for the container at `index`: disjoint blocks, offset by the endpoint's
 * own port so that two local endpoints (say, a running stack and a test run) do not share a block.
 */
export function safePortRange(index: number, endpointPort: number): string {
  const slot = (endpointPort % 100) * maxContainers + index;
  const low = safeRangeBase + slot * safeRangeWidth;
  return `${low}-${low + safeRangeWidth - 1}`;
}
