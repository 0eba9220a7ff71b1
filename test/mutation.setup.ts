/**
 * Set up for each test file of `npm run mutation`: one fixed seed for every `test.prop`.
 * @fast-check/vitest names a property test after its seed ("... (with seed=N)"), and Stryker
 * picks the tests to run against a mutant by the names it saw in its first run; with a seed
 * drawn afresh in every run, no property test would ever be run against a mutant.
 */
import fc from 'fast-check';

fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: 20_181_001 });
