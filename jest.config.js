// Two projects in one run: `unit` (pure functions, the generator in memory, the user script on
// fake /etc files) and `e2e` (builds and runs what the generator writes on a real Docker engine).
// `npm test` runs both; CI must have the engine (test/e2e/engine.setup.ts says how it is found).
const ts = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  // isolatedModules (tsconfig.json) keeps ts-jest from type-checking import.meta; tsc --noEmit does that.
  // Sources import './x.js' (NodeNext); under jest that is the .ts file beside it.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  testEnvironment: 'node',
};

export default {
  projects: [
    {
      ...ts,
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/test/generator/**/*.test.ts'],
      // yeoman-test's adapter on Node 24.22+, and no engine detection unless a test asks: see the files.
      setupFiles: ['<rootDir>/test/support/node-streams.ts', '<rootDir>/test/support/no-engine.ts'],
    },
    {
      ...ts,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e.ts'],
      globalSetup: '<rootDir>/test/e2e/engine.setup.ts',
      globalTeardown: '<rootDir>/test/e2e/engine.teardown.ts',
    },
  ],
};
