/** Types for container-engine.mjs, which stays plain JavaScript so that deploy runs without a compiler. */
export const PODMAN_CONF: string;
export const INSTALL_HINT: string;
export class ContainerEngineError extends Error {}

export interface EngineResult {
  ok: boolean;
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface BuildOptions {
  dockerfile: string;
  context: string;
  tag: string;
  platform?: string;
  from?: string;
  buildArgs?: Record<string, string>;
  volumes?: string[];
  labels?: Record<string, string>;
  /** Every step run again (a cold build), not taken from the layer cache. */
  noCache?: boolean;
}

export interface ContainerEngine {
  name: 'docker' | 'podman';
  command: string;
  env: Record<string, string>;
  run(args: string[], options?: { inherit?: boolean; allowFailure?: boolean; timeout?: number; cwd?: string }): EngineResult;
  imageExists(image: string): boolean;
  imageSize(image: string): number;
  pull(image: string, timeout?: number): string | undefined;
  buildArgs(options: BuildOptions): string[];
  canMountBuildVolumes: boolean;
  canOverrideFrom: boolean;
  ensureInternalNetwork(network: string): void;
  containerAddress(container: string): string | undefined;
  containersLabelled(key: string): { name: string; labels: Record<string, string> }[];
  removeContainer(container: string): EngineResult;
}

export function detectContainerEngine(env?: NodeJS.ProcessEnv): ContainerEngine;
export function containerEngine(name: 'docker' | 'podman', env?: NodeJS.ProcessEnv): ContainerEngine;
export function hostPlatform(): string;
