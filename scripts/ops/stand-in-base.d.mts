/** Types for stand-in-base.mjs. */
import type { ContainerEngine } from './container-engine.mjs';

export const STAND_IN_BASE: string;
export const STAND_IN_LABEL: string;
export function ensureStandInBase(engine: ContainerEngine, log: (message: string) => void): string;
