// `npm test`: bundle the CLI, then the type check, the lint and the tests side by side, since
// each alone leaves a core idle. The tests' output streams as it comes; the type checker's and
// the linter's (nothing when clean) follow it, then one line per job. Exit status: the first
// failing job's, else 0. Arguments go to vitest (`npm test -- test/cli` runs one folder's tests;
// the type check and the lint still cover everything).
import { spawn } from 'node:child_process';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const env = { ...process.env, PATH: `${join(root, 'node_modules', '.bin')}${delimiter}${process.env.PATH ?? ''}` };

/** Run a command in the repository; resolves with its exit status, output and seconds taken. */
function run(command, args, { stream }) {
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env, stdio: stream ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    const done = (code, message) => resolve({ code, output: output + (message ?? ''), seconds: Number(process.hrtime.bigint() - started) / 1e9 });
    child.on('error', (e) => done(127, `${command}: ${e.message}\n`));
    child.on('close', (code, signal) => done(code ?? (signal === null ? 1 : 128), undefined));
  });
}

const bundle = await run(process.execPath, ['scripts/build-cli.mjs'], { stream: true });
if (bundle.code !== 0) process.exit(bundle.code);

const jobs = [
  { name: 'type check', done: run('tsc', ['--noEmit', '-p', '.'], { stream: false }) },
  { name: 'lint', done: run('eslint', ['.'], { stream: false }) },
  { name: 'tests', done: run('vitest', ['run', ...process.argv.slice(2)], { stream: true }) },
];
const results = await Promise.all(jobs.map((j) => j.done));
for (const [i, r] of results.entries()) if (r.output !== '') process.stdout.write(`\n${jobs[i].name}:\n${r.output}`);
process.stdout.write('\n');
for (const [i, r] of results.entries()) process.stdout.write(`${jobs[i].name}: ${r.code === 0 ? 'ok' : `failed (exit ${r.code})`} in ${r.seconds.toFixed(1)} s\n`);
process.exit(results.find((r) => r.code !== 0)?.code ?? 0);
