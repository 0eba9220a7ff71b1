/**
 * The tests `npm run mutation` runs against each mutant: the in-process suites over the model and
 * the properties, less the searches below. Left out as well: test/cli, test/reliability,
 * test/report and test/browser, which spawn processes, write files or open a browser, and would
 * make each of thousands of runs slow.
 *
 * Stryker stops a mutant's run at its first failing test, so the quick files run first and the
 * catalog's whole checks last. The files share one module graph (`isolate: false`), which halves
 * a run: Stryker's vitest runner starts a fresh worker for every mutant, so a mutant in code run at
 * import is still in effect.
 */
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

const SLOWEST_LAST = ['test/model/hardware.test.ts', 'test/properties/catalog.test.ts'];

/**
 * Whole-space searches and long comparisons: every flag combination and event order, every
 * design, thousands of runs for the statistics and the support matrix, the driver against XState
 * over generated runs. Instrumented by Stryker they take about 40 s, which every surviving mutant
 * would pay. The model's own tests and the catalog's checks must kill mutants without them, so
 * the score is, if anything, lower than the whole suite's.
 */
const EXHAUSTIVE_SEARCHES = [
  'test/properties/exhaustive.test.ts',
  'test/properties/statistics.test.ts',
  'test/properties/matrix.test.ts',
  'test/performance/explore.test.ts',
  'test/performance/driver.test.ts',
];

class QuickFirst extends BaseSequencer {
  override sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification): number => SLOWEST_LAST.indexOf(relative(f.project.config.root, f.moduleId).replaceAll('\\', '/'));
    return Promise.resolve([...files].sort((a, b) => rank(a) - rank(b) || (a.moduleId < b.moduleId ? -1 : 1)));
  }
}

export default defineConfig({
  test: {
    include: ['test/model/**/*.test.ts', 'test/properties/**/*.test.ts', 'test/performance/**/*.test.ts'],
    exclude: EXHAUSTIVE_SEARCHES,
    testTimeout: 60_000,
    pool: 'threads',
    isolate: false,
    sequence: { sequencer: QuickFirst },
    setupFiles: ['test/mutation.setup.ts'],
  },
});
