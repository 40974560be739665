// The statistics every benchmark reports, defined once (plain JavaScript with JSDoc, so that .mjs and
// .ts benchmarks share it). A quantile is the nearest-rank value of the sorted sample.

/**
 * @param {readonly number[]} values
 * @param {number} q between 0 and 1
 * @returns {number} NaN for an empty sample
 */
export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

/** @param {readonly number[]} values */
export const median = (values) => quantile(values, 0.5);

/**
 * @param {readonly number[]} values
 * @param {number} p between 0 and 100
 */
export const percentile = (values, p) => quantile(values, p / 100);
