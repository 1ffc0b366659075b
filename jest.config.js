// Three projects, by what a test needs:
// - unit: pure functions and property tests. No build, no child processes: seconds of feedback
//   (`npm run test:unit`, `npm run test:watch`).
// - integration: the generator through yeoman-test, the built CLI on the corpus, the user script on
//   fake /etc files, git and `docker compose config`. Its globalSetup builds src/ once per run.
// - e2e: builds and runs what the generator writes on real engines (test/e2e/engine.setup.ts says how
//   the engine is found; CI must have it).
// `npm test` runs unit and integration on every core (`npm run test:fast`), then e2e one file at a
// time (`npm run test:e2e`): e2e files share the engine, the lab's accounts at UID 1500 and its images.
// One file: `npm run test:file -- test/unit/validate.test.ts`.
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
  // jest's own report, then the time each project took (CI prints it).
  reporters: ['default', '<rootDir>/test/support/project-times.cjs'],
  projects: [
    {
      ...ts,
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
      // Property tests are CPU-bound: on a loaded 2-core machine (test:fast runs a worker per core)
      // one can outlast jest's 5 s default without anything being wrong.
      testTimeout: 60_000,
      // No engine detection unless a test asks: see the file.
      setupFiles: ['<rootDir>/test/support/no-engine.ts'],
    },
    {
      ...ts,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      // yeoman-test's adapter on Node 24.22+, and no engine detection unless a test asks: see the files.
      setupFiles: ['<rootDir>/test/support/node-streams.ts', '<rootDir>/test/support/no-engine.ts'],
      globalSetup: '<rootDir>/test/support/build.setup.ts',
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
