/**
 * Size limits of the public API (README.md, "The API"). They keep every request inside what Lambda (6 MB) and
 * SageMaker (6 MiB) accept, and they are published as they are by `GET /nlp/engines`. They live in
 * containers/serving/contract.json, which the containers read too, so both sides refuse the same
 * requests and results and name the same limit.
 */
import { CONTRACT } from './registry.js';

export const LIMITS: Readonly<typeof CONTRACT.limits> = Object.freeze({ ...CONTRACT.limits });

/**
 * The personal-data engine's vocabulary (its types and redaction operators) and the limits on its
 * request options, from the same contract: the gateway and the container refuse the same options.
 */
export const PII: Readonly<typeof CONTRACT.pii> = Object.freeze({ ...CONTRACT.pii });
