/**
 * The statistics every benchmark reports, defined once. A quantile is the nearest-rank value of the
 * sorted sample. Load runs report autocannon's own percentiles and wrk runs wrk's; the Python
 * benchmarks have their own helpers (bench/container_callers.py).
 */

/** NaN for an empty sample; `q` between 0 and 1. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);

/** `p` between 0 and 100. */
export const percentile = (values: readonly number[], p: number): number => quantile(values, p / 100);
