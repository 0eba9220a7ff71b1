// `npm run mutation`: mutation testing of the model and the property predicates with Stryker.
// Results: reports/mutation/index.html (and .json); the score and the equivalent mutants are
// discussed in docs/mutation.md.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  mutate: ['model/**/*.ts', 'properties/catalog/**/*.ts', 'properties/property.ts'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  plugins: ['@stryker-mutator/vitest-runner', './scripts/stryker-survivors.mjs'],
  reporters: ['clear-text', 'progress', 'html', 'json', 'survivors'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['dist', 'reports', 'scratch', 'counterexamples', 'bench', '.stryker-tmp'],
  cleanTempDir: 'always',
  // A rerun tests only mutants whose code or covering tests changed; `npm run mutation -- --force` runs all.
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
};
