/** The part of newman's programmatic API the e2e tests use (newman ships no types). */
declare module 'newman' {
  import type { EventEmitter } from 'node:events';

  export interface RunOptions {
    collection: unknown;
    environment?: unknown;
    envVar?: { key: string; value: string }[];
    reporters?: string | string[];
    timeoutRequest?: number;
  }

  export interface RunStats {
    total: number;
    failed: number;
    pending?: number;
  }

  export interface RunFailure {
    error: { name: string; message: string; test?: string };
    source?: { name?: string };
  }

  export interface RunSummary {
    run: {
      stats: { requests: RunStats; assertions: RunStats; testScripts: RunStats; prerequestScripts: RunStats };
      failures: RunFailure[];
    };
  }

  export function run(options: RunOptions, callback?: (error: Error | null, summary: RunSummary) => void): EventEmitter;
}
