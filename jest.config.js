// Five projects: `unit` needs nothing running; `integration` starts the local endpoint and the real
// containers itself; `infra` reads the CloudFormation templates `serverless package` generates and runs
// the deploy/remove dry runs (scripts/check-infra.mjs packages first); `e2e` starts the whole local stack
// itself and drives it with the Postman collection (newman) and headless Chromium; `images` builds the
// images and runs them as SageMaker does, and the local endpoint and stack in image mode. All run TypeScript through SWC,
// in Node's native ESM mode (Middy is ESM-only).
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    { jsc: { target: 'es2023', parser: { syntax: 'typescript' }, experimental: { keepImportAttributes: true } }, module: { type: 'es6' } },
  ],
};
const shared = {
  transform,
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
  setupFilesAfterEnv: ['aws-sdk-client-mock-jest'],
};
export default {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'], setupFiles: ['<rootDir>/test/unit/quiet.ts'] },
    { ...shared, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.test.ts'] },
    { ...shared, displayName: 'infra', testMatch: ['<rootDir>/test/infra/**/*.test.ts'] },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
    { ...shared, displayName: 'images', testMatch: ['<rootDir>/test/images/**/*.test.ts'] },
  ],
};
