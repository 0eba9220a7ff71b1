#!/usr/bin/env node
// The kdump-sme command. Runs the bundle dist/cli.mjs when it is newer than every source it was
// built from (npm ci, npm start and npm test build it); otherwise loads the TypeScript sources
// through tsx, so an edited source is never run stale. An installed package (npm pack) has only
// the bundle, and runs it.
// Ctrl-C aborts `signal`: long commands stop between batches, print what they found and write
// no partial file. A second Ctrl-C exits at once.
import { readdirSync, statSync } from 'node:fs';

// Installed first, so that a Ctrl-C while the sources load still ends in a report (of nothing done).
const interrupt = new AbortController();
process.on('SIGINT', () => {
  if (interrupt.signal.aborted) process.exit(130);
  interrupt.abort();
});
// A reader that goes away (`kdump-sme explore | head`) ends the output, not with a stack trace.
process.stdout.on('error', (e) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(process.exitCode ?? 0);
});

const root = new URL('../', import.meta.url);
const bundle = new URL('dist/cli.mjs', root);

/** The newest modification time of the sources the bundle is built from. */
function newestSource() {
  let newest = 0;
  for (const dir of ['cli', 'model', 'properties', 'scenarios']) {
    for (const f of readdirSync(new URL(`${dir}/`, root), { recursive: true, encoding: 'utf8' })) {
      if (f.endsWith('.ts') || f.endsWith('.json')) newest = Math.max(newest, statSync(new URL(`${dir}/${f}`, root)).mtimeMs);
    }
  }
  return newest;
}

/** An installed package carries the bundle and not the sources; a checkout has both. */
const isCheckout = () => {
  try {
    return statSync(new URL('cli/main.ts', root)).isFile();
  } catch {
    return false;
  }
};

function bundleIsFresh() {
  if (!isCheckout()) return true;
  try {
    return statSync(bundle).mtimeMs >= newestSource();
  } catch {
    return false;
  }
}

async function loadMain() {
  if (bundleIsFresh()) return (await import(bundle.href)).main;
  const { register } = await import('tsx/esm/api');
  register();
  return (await import('../cli/main.ts')).main;
}

const main = await loadMain();
process.exitCode = await main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  cwd: process.cwd(),
  isTTY: process.stderr.isTTY === true,
  signal: interrupt.signal,
});
