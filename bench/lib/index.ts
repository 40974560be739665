/**
 * What the TypeScript benchmarks share, in one module: each bench/<name>.ts is a script over it.
 *   report     publishing a section of bench/README.md, Markdown tables, verdicts
 *   stats      quantiles, median, percentiles
 *   http       one timed POST over a kept-alive connection
 *   stack      the local stack composed under a benchmark's control, on ports of its own
 *   memory     the resident memory of every process of that stack
 *   workloads  the requests the load and fault benchmarks send, and an autocannon run over them
 *   lambda     a handler bundled and configured as serverless.yml deploys it, and its cold start
 */
export * from './http.js';
export * from './lambda.js';
export * from './memory.js';
export * from './report.js';
export * from './stack.js';
export * from './stats.js';
export * from './workloads.js';
