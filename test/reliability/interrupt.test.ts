/**
 * Ctrl-C during a long check or exploration: the command stops between batches, prints what it
 * found so far, exits 130 and leaves no file behind, partial or temporary. Run as a user runs it
 * (SIGINT to a child process), and in-process with an abort part-way through.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../properties/catalog/index.ts';
import { CLAIMS_JSON } from '../../scenarios/claims/index.ts';
import { checkShape, claimsShape, exploreShape } from '../cli/json-shapes.ts';
import { filesUnder, runMain, spawnCli, tempDir, WITHOUT_PATCH_2, writeJson } from './fixtures.ts';

/** Long enough after the start that the command is surely checking (node and tsx start in about a second). */
const INTERRUPT_AFTER_MS = 2500;

describe('Ctrl-C', () => {
  it('stops `check --runs 200000`: exit 130, the verdicts so far, no file written in --out or anywhere', async () => {
    const cwd = tempDir();
    writeJson(cwd, 'mine.json', WITHOUT_PATCH_2);
    mkdirSync(join(cwd, 'out'));
    writeFileSync(join(cwd, 'out', 'kept.txt'), 'already here\n');
    const before = filesUnder(cwd);
    const { code, signal, stdout, stderr } = await spawnCli(['check', '--design', 'mine.json', '--runs', '200000', '--out', 'out', '--junit', 'r.xml'], cwd, { interruptAfterMs: INTERRUPT_AFTER_MS, timeoutMs: 30_000 });
    expect([code, signal, stderr]).toEqual([130, null, '']);
    const runs = Number(/^INTERRUPTED after (\d+) of 200000 runs: verdicts are partial; no files written/m.exec(stdout)?.[1]);
    expect(runs).toBeGreaterThan(0);
    expect(runs).toBeLessThan(200000);
    expect(stdout).toMatch(/^kdump-sme check: design mine-without-patch-2; .*; \d+ of 200000 runs \(interrupted\); seed 1$/m);
    for (const p of CATALOG) expect(stdout).toMatch(new RegExp(`^${p.id}\\s+\\S+\\s+(holds|violated|unreached)\\s+\\d+/${runs}\\s`, 'm'));
    expect(stdout).toMatch(/^KEXEC-CONTROL\s+holds\s+violated\s+[1-9]\d*\/\d+\s+FAIL$/m);
    expect(stdout).toContain('file: (not written)');
    expect(filesUnder(cwd)).toEqual(before);
  });

  it('stops `explore`: exit 130 and what it found, as JSON marked interrupted', async () => {
    // Long enough to be still running when interrupted: the series' space at 100 runs a cell takes about a second.
    const { code, signal, stdout, stderr } = await spawnCli(['explore', '--runs', '20000', '--format', 'json'], tempDir(), { interruptAfterMs: INTERRUPT_AFTER_MS, timeoutMs: 60_000 });
    expect([code, signal, stderr]).toEqual([130, null, '']);
    const result = exploreShape.parse(JSON.parse(stdout));
    expect(result).toMatchObject({ interrupted: true, runs: 20000 });
    expect(result.pairs).toHaveLength(5);
  });

  it('stops `claims`: exit 130 and the claims checked so far, as JSON marked interrupted, no file written', async () => {
    const cwd = tempDir();
    const { code, signal, stdout, stderr } = await spawnCli(['claims', '--runs', '20000', '--format', 'json'], cwd, { interruptAfterMs: INTERRUPT_AFTER_MS, timeoutMs: 30_000 });
    expect([code, signal, stderr]).toEqual([130, null, '']);
    const result = claimsShape.parse(JSON.parse(stdout));
    expect(result).toMatchObject({ interrupted: true, ok: false, runs: 20000 });
    expect(result.claims.length).toBeLessThan(Object.keys(CLAIMS_JSON).length);
    expect(result.claims.flatMap((c) => c.checks.map((k) => k.counterexample))).toEqual(result.claims.flatMap((c) => c.checks.map(() => null)));
    expect(filesUnder(cwd)).toEqual([]);
  });

  it('in-process, an abort part-way through a check gives the runs done and the verdicts with their exercised counts', async () => {
    const cwd = tempDir();
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 300);
    const { code, stdout, stderr } = await runMain(['check', '--runs', '200000', '--format', 'json', '--junit', 'r.xml'], cwd, stop.signal);
    expect([code, stderr]).toEqual([130, '']);
    const result = checkShape.parse(JSON.parse(stdout));
    expect(result).toMatchObject({ interrupted: true, timeLimited: false });
    expect(result.runs).toBeGreaterThan(0);
    expect(result.runs).toBeLessThan(200000);
    expect(Math.max(...result.properties.map((p) => p.exercised))).toBeGreaterThan(0);
    expect(filesUnder(cwd)).toEqual([]);
  });
});
