/** Types for local-images.mjs (plain JavaScript, shared by `npm run images`, the tests and the benchmark). */
import type { ContainerEngine } from './container-engine.mjs';

export interface RegistryEngine {
  name: string;
  container: string;
  image?: string;
}

export interface LocalImage {
  engine: string;
  image: string;
  built: boolean;
  seconds?: number;
  base?: string;
  fellBack?: string[];
}

export const BUILD_COMMAND: string;
export function localImage(engine: RegistryEngine, options?: { platform?: string; engines?: RegistryEngine[]; service?: string }): string;
export function buildLocalImages(
  containers: ContainerEngine,
  options?: { log?: (message: string) => void; engines?: RegistryEngine[]; rebuild?: boolean; noCache?: boolean },
): Promise<LocalImage[]>;
