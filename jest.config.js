// Jest: TypeScript through ts-jest. The custom environment shares the main realm's typed arrays
// (onnxruntime-node and sharp check `instanceof Float32Array`/`Uint8Array` against the main realm).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: '<rootDir>/test/env/node-realm-env.js',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  moduleFileExtensions: ['ts', 'js', 'json', 'node'],
  testTimeout: 60000,
  maxWorkers: 2,
  // Integration and e2e suites start real processes; they must not share ports or folders.
  reporters: ['default'],
};
