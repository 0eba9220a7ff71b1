/**
 * Is this tree faster than another version? `npm run bench:against -- REF [--design NAME]
 * [--batches N] [--runs N] [--json]`.
 *
 * On a shared VM whose speed drifts by up to 2x from one minute to the next, two benchmark runs
 * made one after the other cannot show a change of less than about 20%. So this loads three
 * versions into one process: this tree as it is (uncommitted changes included), REF (from a
 * temporary git worktree) and a second copy of this tree, each from a temporary directory sharing
 * this tree's node_modules. It times `check` batches of each in turn on the same seeds, each
 * version taking the first, second and third place in turn, and gives the median of the per-batch
 * ratios this tree / REF, with this tree / its copy beside it: the method's own error (about
 * 0.87-0.96 on the development machine, for reasons not found), which the first ratio is to be
 * read against.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { check } from '../properties/check.ts';
import type { preset } from '../scenarios/designs/index.ts';
import { cpuMs, median } from './measure.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Batches timed before the figures start: V8 needs a few thousand runs before the code settles. */
const WARM_UP = 8;

type CheckFn = typeof check;
type PresetFn = typeof preset;

function options(argv: readonly string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { design: { type: 'string', default: 'sme-kdump-v7' }, batches: { type: 'string', default: '60' }, runs: { type: 'string', default: '250' }, json: { type: 'boolean', default: false } },
    });
  } catch (e) {
    throw new Error((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new Error('give one git ref to compare against, e.g. HEAD~1');
  const count = (name: string, text: string, min: number): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer of at least ${min}, not "${text}"`);
    return n;
  };
  return { ref: positionals[0]!, design: values.design, batches: count('batches', values.batches, 2), runs: count('runs', values.runs, 1), json: values.json };
}

/** A version in a temporary directory uses this tree's packages. */
const linkNodeModules = (dir: string): void => symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');

/** This tree as it is now, uncommitted changes included, copied to a temporary directory. */
function copyOfThisTree(): { dir: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kdump-sme-this-'));
  for (const part of ['package.json', 'tsconfig.json', 'model', 'properties', 'scenarios']) cpSync(join(root, part), join(dir, part), { recursive: true });
  linkNodeModules(dir);
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

/** REF checked out (detached) in a temporary worktree with this tree's node_modules; removed by `done`. */
function worktree(ref: string): { dir: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kdump-sme-against-'));
  const git = (...args: string[]) => execFileSync('git', ['-C', root, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    git('worktree', 'add', '--detach', dir, ref);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    const why = String((e as { stderr?: Buffer }).stderr ?? '').trim().split('\n').at(-1) ?? '';
    throw new Error(`cannot check out "${ref}": ${why}`);
  }
  linkNodeModules(dir);
  return {
    dir,
    done: () => {
      try {
        git('worktree', 'remove', '--force', dir);
      } catch {
        rmSync(dir, { recursive: true, force: true });
        git('worktree', 'prune');
      }
    },
  };
}

/** A version's check() and preset(), loaded from its tree; both versions are loaded the same way. */
async function load(dir: string, ref: string): Promise<{ check: CheckFn; preset: PresetFn }> {
  const importFrom = async (path: string) => (await import(pathToFileURL(join(dir, path)).href)) as Record<string, unknown>;
  const [c, p] = [await importFrom('properties/check.ts'), await importFrom('scenarios/designs/index.ts')];
  if (typeof c.check !== 'function' || typeof p.preset !== 'function') throw new Error(`"${ref}" has no check() and preset() to compare with`);
  return { check: c.check as CheckFn, preset: p.preset as PresetFn };
}

async function main(argv: readonly string[]): Promise<void> {
  const o = options(argv);
  const copy = copyOfThisTree();
  let tree: { dir: string; done: () => void } | null = null;
  let twin: { dir: string; done: () => void } | null = null;
  const done = () => {
    copy.done();
    twin?.done();
    tree?.done();
  };
  // Ctrl-C must not leave the copies behind.
  process.once('SIGINT', () => {
    done();
    process.exit(130);
  });
  try {
    const mine = await load(copy.dir, 'this tree');
    tree = worktree(o.ref);
    const other = await load(tree.dir, o.ref);
    twin = copyOfThisTree();
    const same = await load(twin.dir, 'this tree');
    const versions = {
      here: { check: mine.check, design: mine.preset(o.design) },
      there: { check: other.check, design: other.preset(o.design) },
      twin: { check: same.check, design: same.preset(o.design) },
    };
    type Which = keyof typeof versions;
    const names: readonly Which[] = ['here', 'there', 'twin'];
    const times: Record<Which, number[]> = { here: [], there: [], twin: [] };
    for (let batch = 0; batch < WARM_UP + o.batches; batch++) {
      // Back to the event loop between batches, so that Ctrl-C is handled (and the copies removed) at once.
      await new Promise((resolve) => setImmediate(resolve));
      // Each version goes first, second and third in turn.
      for (let k = 0; k < names.length; k++) {
        const which = names[(batch + k) % names.length]!;
        const v = versions[which];
        const t0 = cpuMs();
        v.check({ design: v.design, pairs: v.design.supports, runs: o.runs, seed: batch, shrink: false });
        if (batch >= WARM_UP) times[which].push(((cpuMs() - t0) / o.runs) * 1000);
      }
    }
    const ratiosTo = (to: Which) => times.here.map((h, i) => h / times[to][i]!).sort((a, b) => a - b);
    const summary = (rs: number[]) => ({ median: median(rs), q1: rs[Math.floor(rs.length / 4)]!, q3: rs[Math.floor((3 * rs.length) / 4)]! });
    const result = {
      ref: o.ref,
      design: o.design,
      batches: o.batches,
      runsPerBatch: o.runs,
      usPerRun: { thisTree: median(times.here), ref: median(times.there), copyOfThisTree: median(times.twin) },
      ratio: summary(ratiosTo('there')),
      /** The same ratio for this tree against a copy of itself: how far the method itself strays. */
      selfRatio: summary(ratiosTo('twin')),
    };
    if (o.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else {
      const f = (n: number, d: number) => n.toFixed(d);
      console.log(`${o.design}: complete runs, CPU time, median of ${o.batches} batches of ${o.runs}: this tree ${f(result.usPerRun.thisTree, 1)} us/run, ${o.ref} ${f(result.usPerRun.ref, 1)} us/run`);
      console.log(`this tree / ${o.ref}: ${f(result.ratio.median, 3)} (quartiles ${f(result.ratio.q1, 3)}-${f(result.ratio.q3, 3)})`);
      console.log(`this tree / a copy of itself: ${f(result.selfRatio.median, 3)} (quartiles ${f(result.selfRatio.q1, 3)}-${f(result.selfRatio.q3, 3)}): the method's own error; read the ratio above against this one, not against 1`);
    }
  } finally {
    done();
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`bench against: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
});
