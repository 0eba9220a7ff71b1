// ESLint with typescript-eslint's type-aware rules, run by `npm test` and `npm run lint`.
//
// The type information comes from the classic TypeScript compiler API, which TypeScript 7 no
// longer ships: package.json installs TypeScript 6 as `typescript` (for typescript-eslint) and
// TypeScript 7 as `@typescript/native`, which provides the `tsc` that `npm test` runs.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Clocks and unseeded randomness: a run must be decided by its inputs (STYLE.md, "A pure core"). */
const NO_CLOCKS_OR_RANDOMNESS = {
  'no-restricted-properties': [
    'error',
    { object: 'Math', property: 'random', message: 'Unseeded randomness: generate the choice with fast-check instead.' },
    { object: 'Date', property: 'now', message: 'A clock: a run must not depend on the time.' },
    { object: 'performance', property: 'now', message: 'A clock: a run must not depend on the time.' },
    { object: 'process', property: 'hrtime', message: 'A clock: a run must not depend on the time.' },
  ],
  'no-restricted-syntax': [
    'error',
    { selector: "NewExpression[callee.name='Date']", message: 'A clock: a run must not depend on the time.' },
    { selector: "CallExpression[callee.name='Date']", message: 'A clock: a run must not depend on the time.' },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/', 'scratch/', 'reports/', 'counterexamples/', '.stryker-tmp/', 'dist/'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // The configs and the launcher are JavaScript outside tsconfig.json.
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { args: 'all', argsIgnorePattern: '^_', caughtErrors: 'all', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  { files: ['model/**/*.ts', 'properties/**/*.ts'], rules: NO_CLOCKS_OR_RANDOMNESS },
  // The configs and the launcher are JavaScript outside tsconfig.json: linted without types.
  { files: ['**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  { files: ['**/*.mjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', AbortController: 'readonly' } } },
);
