/**
 * The tests `npm run mutation` runs against each mutant: the in-process suites over the model and
 * the properties. Left out: test/cli, test/reliability, test/report and test/browser, which spawn
 * processes, write files or open a browser, and would make each of thousands of runs slow.
 *
 * Stryker stops a mutant's run at its first failing test, so the quick files run first and the
 * slow ones (whole checks, explorations, exhaustive enumeration) last, slowest at the end. The
 * files share one module graph (`isolate: false`), which halves a run: Stryker's vitest runner
 * starts a fresh worker for every mutant, so a mutant in code run at import is still in effect.
 */
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

const SLOWEST_LAST = [
  'test/properties/statistics.test.ts',
  'test/properties/matrix.test.ts',
  'test/properties/catalog.test.ts',
  'test/performance/explore.test.ts',
  'test/properties/exhaustive.test.ts',
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
    testTimeout: 60_000,
    pool: 'threads',
    isolate: false,
    sequence: { sequencer: QuickFirst },
  },
});
