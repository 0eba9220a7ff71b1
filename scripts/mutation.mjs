// `npm run mutation` (and `npm run mutation:static`, which passes the static config): Stryker, then
// a second look at every mutant it reported as surviving, against every test.
//
// Stryker runs each mutant against the tests that covered it in its first run. Two things make
// that list too short with the vitest runner: now and then a mutant's run ends having executed
// none of its tests (stryker-js issues #6073 and #6213: `testsCompleted: 0`), and code behind a
// cache (a memo filled by an earlier test) counts as covered only by the test that filled it.
// So every mutant that survived fewer tests than the suite has, or that no test covered, is taken
// out of Stryker's incremental file, and Stryker runs again without coverage analysis
// (scripts/stryker.retest.config.mjs): it reuses every other result and runs every test against
// those mutants. A mutant that survives that has survived the whole suite.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const INCREMENTAL = 'reports/mutation/stryker-incremental.json';
const RETEST_CONFIG = 'scripts/stryker.retest.config.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const stryker = join(root, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js');

function run(args) {
  const { status, signal } = spawnSync(process.execPath, [stryker, 'run', ...args], { cwd: root, stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? (signal === null ? 1 : 130));
}

/** Survivors not yet run against every test, taken out of the incremental file so that the next run tests them. */
function takeOutPartlyTested() {
  const file = join(root, INCREMENTAL);
  if (!existsSync(file)) return 0;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const tests = Object.values(report.testFiles ?? {}).reduce((n, f) => n + f.tests.length, 0);
  let taken = 0;
  for (const entry of Object.values(report.files)) {
    entry.mutants = entry.mutants.filter((m) => {
      const partly = m.status === 'NoCoverage' || (m.status === 'Survived' && (m.testsCompleted ?? 0) < tests);
      if (partly) taken++;
      return !partly;
    });
  }
  if (taken > 0) writeFileSync(file, JSON.stringify(report));
  return taken;
}

const args = process.argv.slice(2);
run(args);
const taken = takeOutPartlyTested();
if (taken > 0) {
  console.log(`mutation: ${taken} mutant(s) survived the tests that covered them; running every test against them`);
  // Without the config file argument, and without `--force`, which would test every mutant again.
  run([RETEST_CONFIG, ...args.filter((a) => a !== '--force' && !a.endsWith('.mjs'))]);
}
