// Bundles the CLI's TypeScript into dist/cli.mjs (packages stay external), so that the command
// starts without compiling through a loader, and the exploration's worker thread into
// dist/explore-worker.mjs, beside it (properties/explore.ts finds it there). Run by `npm ci`
// (prepare), `npm start` and `npm test`.
import { build } from 'esbuild';

const bundle = (entry, out) =>
  build({
    entryPoints: [new URL(entry, import.meta.url).pathname],
    outfile: new URL(out, import.meta.url).pathname,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });

await bundle('../cli/main.ts', '../dist/cli.mjs');
await bundle('../properties/explore-worker.ts', '../dist/explore-worker.mjs');
