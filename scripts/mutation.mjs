// `npm run mutation` (and `npm run mutation:static`, which passes the static config): Stryker, then
// again for every mutant it reported as surviving although none of its tests ran.
//
// With the vitest runner, a mutant's run now and then completes having executed none of the tests
// selected for it, and Stryker scores that as Survived (stryker-js issues #6073 and #6213; the
// report says `testsCompleted: 0` for a mutant that tests cover). Such a verdict measures nothing.
// Stryker's incremental file keeps the count, so this script takes those mutants out of it and
// runs Stryker once more, which, being incremental, tests only them; up to RETRIES times. Any still
// left are named at the end.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RETRIES = 3;
const INCREMENTAL = 'reports/mutation/stryker-incremental.json';

const root = fileURLToPath(new URL('..', import.meta.url));
const stryker = join(root, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js');

function run(args) {
  const { status, signal } = spawnSync(process.execPath, [stryker, 'run', ...args], { cwd: root, stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? (signal === null ? 1 : 130));
}

/** Survivors with no test run, taken out of the incremental file so that the next run tests them; their places. */
function dropUntested() {
  const file = join(root, INCREMENTAL);
  if (!existsSync(file)) return [];
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const dropped = [];
  for (const [name, entry] of Object.entries(report.files)) {
    entry.mutants = entry.mutants.filter((m) => {
      const untested = m.status === 'Survived' && (m.testsCompleted ?? 0) === 0;
      if (untested) dropped.push(`${name}:${m.location.start.line}:${m.location.start.column} ${m.mutatorName}`);
      return !untested;
    });
  }
  if (dropped.length > 0) writeFileSync(file, JSON.stringify(report));
  return dropped;
}

const args = process.argv.slice(2);
run(args);
// A retest must not repeat `--force`, which would test every mutant again.
const retestArgs = args.filter((a) => a !== '--force');
for (let attempt = 1; ; attempt++) {
  const dropped = dropUntested();
  if (dropped.length === 0) break;
  if (attempt > RETRIES) {
    console.error(`mutation: ${dropped.length} mutant(s) still reported as surviving without any test run after ${RETRIES} retests; they are left out of the incremental file, so the next run tests them:\n  ${dropped.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`mutation: ${dropped.length} mutant(s) reported as surviving without any test run; testing them again (${attempt} of ${RETRIES})`);
  run(retestArgs);
}
