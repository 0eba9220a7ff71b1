#!/usr/bin/env node
// The kdump-sme command. Loads the TypeScript sources through tsx, so no build step is needed.
// Ctrl-C aborts `signal`: long commands stop between batches, print what they found and write
// no partial file. A second Ctrl-C exits at once.
import { register } from 'tsx/esm/api';

// Installed first, so that a Ctrl-C while the sources load still ends in a report (of nothing done).
const interrupt = new AbortController();
process.on('SIGINT', () => {
  if (interrupt.signal.aborted) process.exit(130);
  interrupt.abort();
});
register();
// A reader that goes away (`kdump-sme explore | head`) ends the output, not with a stack trace.
process.stdout.on('error', (e) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(process.exitCode ?? 0);
});
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  cwd: process.cwd(),
  isTTY: process.stderr.isTTY === true,
  signal: interrupt.signal,
});
