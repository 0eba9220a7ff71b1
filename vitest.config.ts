import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    exclude: ['test/browser/**', 'node_modules/**'],
    testTimeout: 60_000,
    pool: 'threads',
    // Vitest's default is one worker fewer than the cores, a single worker on the two-core
    // machines this runs on; many tests wait on a child process, so one more worker than cores.
    maxWorkers: availableParallelism() + 1,
    // The test files share one module graph per worker: importing the model, XState, zod and
    // fast-check again for each file cost about as much as the model's own tests. No test
    // changes a module's state (the model's caches are keyed by the objects they describe).
    isolate: false,
  },
});
