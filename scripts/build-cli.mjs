// Bundles the CLI's TypeScript into dist/cli.mjs (packages stay external), so that the command
// starts without compiling through a loader. Run by `npm ci` (prepare), `npm start` and `npm test`.
import { build } from 'esbuild';

await build({
  entryPoints: [new URL('../cli/main.ts', import.meta.url).pathname],
  outfile: new URL('../dist/cli.mjs', import.meta.url).pathname,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
