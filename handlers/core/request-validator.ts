/**
 * The request schema's validator (contract.ts), compiled by ajv. Here it is compiled when the module
 * loads (the tests and tools); the Lambda bundles get ajv's standalone code for the same schema and
 * options instead, generated when the bundle is built (infra/esbuild-plugins.cjs), so no cold start
 * carries ajv's compiler or compiles a schema.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { type RequestBody, REQUEST_SCHEMA, REQUEST_VALIDATOR_OPTIONS } from './contract.js';

export const validateRequestBody: ValidateFunction<RequestBody> = new Ajv2020(REQUEST_VALIDATOR_OPTIONS).compile<RequestBody>(
  REQUEST_SCHEMA,
);
