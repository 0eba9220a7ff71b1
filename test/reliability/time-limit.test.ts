/**
 * `check --time-limit S`: generation stops after S seconds; the output gives the runs done and
 * every verdict with its exercised count, files are written, and the exit code follows what was
 * found. A limit that is not reached changes nothing in the JSON but `timeLimited: false`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_RUNS } from '../../cli/args.ts';
import { stopWhen } from '../../cli/stop.ts';
import { checkShape } from '../cli/json-shapes.ts';
import { runMain, tempDir, WITHOUT_PATCH_2, writeJson } from './fixtures.ts';

describe('stopWhen', () => {
  it('stops at the deadline of its clock, or on the signal, and says which', () => {
    let now = 1000;
    const timed = stopWhen(undefined, 2.5, () => now);
    now = 3499;
    expect([timed.shouldStop(), timed.reason()]).toEqual([false, null]);
    now = 3500;
    expect([timed.shouldStop(), timed.reason()]).toEqual([true, 'time-limit']);
    const abort = new AbortController();
    const signalled = stopWhen(abort.signal, undefined, () => now);
    now = 1e15;
    expect(signalled.shouldStop()).toBe(false);
    abort.abort();
    expect([signalled.shouldStop(), signalled.reason()]).toEqual([true, 'interrupted']);
  });
});

describe('check --time-limit', () => {
  it('without --runs, runs as many as fit in the limit and reports them (exit 0 for the default design)', async () => {
    const started = Date.now();
    const { code, stdout, stderr } = await runMain(['check', '--time-limit', '0.6', '--format', 'json'], tempDir());
    expect(Date.now() - started).toBeLessThan(10_000);
    expect([code, stderr]).toEqual([0, '']);
    const result = checkShape.parse(JSON.parse(stdout));
    expect(result).toMatchObject({ interrupted: false, timeLimited: true, ok: true });
    expect(result.runs).toBeGreaterThan(0);
    expect(result.runs).toBeLessThan(MAX_RUNS);
    for (const p of result.properties) {
      // SEV-NO-SHARED-LEAK has no meaning on the SME host the default design is checked on.
      if (p.applies) expect(p.exercised).toBeGreaterThan(0);
      else expect(p.exercised).toBe(0);
      expect(p.exercised).toBeLessThanOrEqual(result.runs);
    }
  });

  it('exits 1 when what it found breaks a property, and writes the counterexample; text says the limit was reached', async () => {
    const cwd = tempDir();
    writeJson(cwd, 'mine.json', WITHOUT_PATCH_2);
    const { code, stdout } = await runMain(['check', '--design', 'mine.json', '--time-limit', '0.3', '--runs', '1000000'], cwd);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^kdump-sme check: design mine-without-patch-2; .*; \d+ of 1000000 runs \(time limit of 0.3 s reached\); seed 1$/m);
    expect(stdout).toMatch(/^TIME LIMIT of 0.3 s reached after \d+ of 1000000 runs: the verdicts and counts cover the runs done$/m);
    expect(stdout).toMatch(/^FAILED: \d+ of 13 properties did not meet their expectation/m);
    expect(stdout).toMatch(/^KEXEC-CONTROL\s+holds\s+violated\s+[1-9]\d*\/\d+\s+FAIL$/m);
    expect(existsSync(join(cwd, 'counterexamples/mine-without-patch-2-KEXEC-CONTROL-on-on-seed1.json'))).toBe(true);
  });

  it('not reached, gives the same JSON as without it but for timeLimited: false', async () => {
    const args = ['check', '--runs', '80', '--seed', '3', '--format', 'json'];
    const [plain, limited] = await Promise.all([runMain(args, tempDir()), runMain([...args, '--time-limit', '600'], tempDir())]);
    expect(JSON.parse(limited.stdout)).toMatchObject({ runs: 80, timeLimited: false });
    expect(limited.stdout).toBe(plain.stdout);
    expect(limited.code).toBe(plain.code);
  });
});
