// `npm run mutation`: mutation testing of the model and the property predicates with Stryker.
// Results: reports/mutation/index.html (and .json); the score and the equivalent mutants are
// discussed in docs/mutation.md.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  mutate: ['model/**/*.ts', 'properties/catalog/**/*.ts', 'properties/property.ts'],
  coverageAnalysis: 'perTest',
  // Static mutants (in code run when a module is loaded: the machine's configuration, the
  // registry's tables, the zod schemas) need a fresh module graph and every test for each one;
  // they are left out of the default run, which would otherwise take hours on two cores, and
  // tested on their own with `npm run mutation:static` (docs/mutation.md).
  ignoreStatic: true,
  // Generous timeouts: a mutant that merely runs slowly on a busy machine must not count as killed.
  timeoutMS: 10_000,
  timeoutFactor: 2.5,
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
