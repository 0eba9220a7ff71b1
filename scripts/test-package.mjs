// `npm run test:package`: the package as a user gets it. `npm pack` (which builds the bundle),
// check that the tarball carries only what a user needs, install it into an empty folder outside
// the checkout, and run `npx kdump-sme check`, `matrix`, `claims`, `replay` and `report` there,
// with nothing from the checkout. Exit 1, saying what, when anything is off.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'kdump-sme-package-'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npxCommand = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const failures = [];

/** Run a command in `cwd`; its exit status and output, never throwing. */
function run(command, args, cwd) {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' } });
  return { code: r.status ?? 1, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

function expect(what, ok, detail = '') {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(`${what}${detail === '' ? '' : `\n${detail}`}`);
}

try {
  // Only what a user runs and reads: the command, its bundle, package.json, the README and docs/ (not the mutation scores).
  const packed = JSON.parse(execFileSync(npm, ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }))[0];
  const files = packed.files.map((f) => f.path).sort();
  expect(`npm pack: ${packed.filename}, ${files.length} files, ${Math.round(packed.size / 1024)} KiB`, true);
  const allowed = (f) => ['package.json', 'README.md', 'LICENSE'].includes(f) || f.startsWith('bin/') || f.startsWith('dist/') || (f.startsWith('docs/') && f !== 'docs/mutation.md');
  expect('the tarball carries only bin/, dist/, docs/, package.json and README.md', files.every(allowed), `unexpected: ${files.filter((f) => !allowed(f)).join(', ')}`);
  expect('the tarball carries the README\'s documents', ['docs/commands.md', 'docs/claims.md', 'docs/properties.md'].every((f) => files.includes(f)), files.join(', '));
  expect('the tarball carries the command and its bundle', files.includes('bin/kdump-sme.mjs') && files.includes('dist/cli.mjs') && files.includes('dist/explore-worker.mjs'), files.join(', '));

  // An empty folder outside the checkout: node finds nothing of the checkout from here.
  const app = join(work, 'app');
  rmSync(app, { recursive: true, force: true });
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), `${JSON.stringify({ name: 'try-kdump-sme', private: true }, null, 2)}\n`);
  const install = run(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', join(work, packed.filename)], app);
  expect('npm install ./kdump-sme-model-*.tgz', install.code === 0, install.out);

  const npx = (...args) => run(npxCommand, ['--no-install', 'kdump-sme', ...args], app);
  const check = npx('check', '--runs', '300');
  expect('npx kdump-sme check: the default design meets every expectation (exit 0)', check.code === 0 && /^OK: /m.test(check.out), check.out);
  // The whole space: its rows on worker threads, from the bundle's dist/explore-worker.mjs.
  const explore = npx('explore', '--vary', 'all', '--runs', '1');
  expect('npx kdump-sme explore --vary all: the whole space, on worker threads (exit 0)', explore.code === 0 && /^kdump-sme explore: 201553920 designs/m.test(explore.out), explore.out);
  const matrix = npx('matrix', '--runs', '100');
  expect('npx kdump-sme matrix: the five rows, every claimed one supported (exit 0)', matrix.code === 0 && /^sev-guest\s+sev\s+sev/m.test(matrix.out), matrix.out);
  const claims = npx('claims');
  expect('npx kdump-sme claims: every claim has its recorded verdict (exit 0)', claims.code === 0 && /^OK: every claim/m.test(claims.out), claims.out);
  const broken = npx('check', '--design', 'sme-kdump-v7-without-patch-2', '--runs', '100');
  const file = /file: (counterexamples\/\S+\.json)/.exec(broken.out)?.[1];
  expect('npx kdump-sme check of a design without patch 2/4: exit 1 and a counterexample file', broken.code === 1 && file !== undefined && existsSync(join(app, file)), broken.out);
  if (file !== undefined) {
    const replayed = npx('replay', file);
    expect('npx kdump-sme replay: the counterexample is reproduced', replayed.out.includes('replayed verdict: violated (as recorded)'), replayed.out);
  }
  const report = npx('report', '--html', 'report.html', '--runs', '100');
  expect('npx kdump-sme report: the page is written', report.code === 0 && existsSync(join(app, 'report.html')), report.out);
  const installed = readdirSync(join(app, 'node_modules', 'kdump-sme-model')).sort();
  expect('the installed package has no sources to fall back on: it runs its bundle', !installed.includes('cli') && !installed.includes('model'), installed.join(', '));
} finally {
  rmSync(work, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.error(`\ntest:package: ${failures.length} failure(s):\n${failures.join('\n\n')}`);
  process.exit(1);
}
console.log('test:package: ok');
