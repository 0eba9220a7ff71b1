/**
 * `--format itf`: every counterexample as an ITF trace (ADR-015), checked against a schema written
 * from the ADR, read back with its own decoder, and replayed by `kdump-sme replay`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { counterexampleFromJson, replay } from '../../properties/counterexample-file.ts';
import { decodeItf, itfTraceSchema } from './itf-schema.ts';
import { runCli, runMain, tempDir, writeJson } from './run-cli.ts';

const VARS = ['step', 'stage', 'site', 'action', 'firstKernel', 'kdumpKernel', 'reads', 'wrongReads', 'verdict', 'outcome'];

describe('ITF traces', () => {
  it('check --format itf prints each counterexample as an ITF trace, a line each, and writes it beside its file', async () => {
    const cwd = tempDir();
    const { code, stdout, stderr } = await runCli(['check', '--design', 'sme-kdump-v7-without-patch-1', '--first-kernel-sme', 'on', '--kdump-kernel-sme', 'on', '--runs', '200', '--format', 'itf'], cwd);
    expect([code, stderr]).toEqual([1, '']);
    const lines = stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) {
      const trace = itfTraceSchema.parse(JSON.parse(line));
      expect(trace.vars).toEqual(VARS);
      expect(trace.states.map((s) => (s['#meta'] as { index: number }).index)).toEqual(trace.states.map((_, i) => i));
      const meta = trace['#meta'] as { format: string; 'kdump-sme-counterexample': { property: string; design: { name: string }; trace: string[] } };
      expect(meta.format).toBe('ITF');
      // One state per step: the file's trace numbers its steps "1. [stage] site: ...".
      const steps = meta['kdump-sme-counterexample'].trace.filter((l) => /^\d+\. \[/.test(l));
      const decoded = trace.states.map((s) => decodeItf(Object.fromEntries(Object.entries(s).filter(([k]) => k !== '#meta'))) as Record<string, unknown>);
      expect(decoded.map((s) => `${String(s['step'])}. [${String(s['stage'])}] ${String(s['site'])}: ${String(s['action'])}`)).toEqual(steps);
      // The verdict so far turns to violated at the failing read and stays there; before, no read of the property went wrong.
      const verdicts = decoded.map((s) => s['verdict'] as string);
      const first = verdicts.indexOf('violated');
      expect(first).toBeGreaterThanOrEqual(0);
      expect(verdicts.slice(first).every((v) => v === 'violated')).toBe(true);
      // Addresses are #bigint: read back as bigint, end after start.
      const reads = decoded.flatMap((s) => s['reads'] as { range: { tuple: bigint[] }; ok: boolean }[]);
      expect(reads.length).toBeGreaterThan(0);
      for (const r of reads) {
        expect(typeof r.range.tuple[0]).toBe('bigint');
        expect(r.range.tuple[1]! > r.range.tuple[0]!).toBe(true);
      }
      expect(decoded.at(-1)!['wrongReads']).toBe(BigInt(reads.filter((r) => !r.ok).length));
      expect(decoded.slice(0, -1).every((s) => s['outcome'] === 'running')).toBe(true);
    }
    // The same traces are written to --out, beside the counterexample files, and replay as they do.
    const written = [...stdout.matchAll(/"property":"([A-Z-]+)"/g)].map((m) => m[1]!);
    for (const id of written) {
      const base = `counterexamples/sme-kdump-v7-without-patch-1-${id}-on-on-seed1`;
      const itf = readFileSync(join(cwd, `${base}.itf.json`), 'utf8');
      expect(lines).toContain(JSON.stringify(JSON.parse(itf)));
      const viaItf = await runCli(['replay', `${base}.itf.json`], cwd);
      expect(viaItf.stdout).toContain('replayed verdict: violated (as recorded)');
      // replay --format itf of the counterexample file gives the very trace check wrote.
      const replayed = await runCli(['replay', `${base}.json`, '--format', 'itf'], cwd);
      expect(replayed.stdout).toBe(itf);
    }
  });

  it('replay reads back the counterexample an ITF trace carries, the same run as its file', async () => {
    const cwd = tempDir();
    await runCli(['check', '--design', 'sme-kdump-v7-without-patch-2', '--runs', '100', '--format', 'itf'], cwd);
    const base = join(cwd, 'counterexamples/sme-kdump-v7-without-patch-2-KEXEC-CONTROL-on-on-seed1');
    const fromItf = (JSON.parse(readFileSync(`${base}.itf.json`, 'utf8')) as { '#meta': Record<string, unknown> })['#meta']['kdump-sme-counterexample'];
    const fromFile = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as unknown;
    expect(fromItf).toEqual(fromFile);
    expect(replay(counterexampleFromJson(fromItf, 'itf')).reproduced).toBe(true);
  });

  it('an ITF trace that kdump-sme did not write is exit 2 with one line', async () => {
    const cwd = tempDir();
    writeJson(cwd, 'other.itf.json', { '#meta': { format: 'ITF' }, vars: ['x'], states: [{ x: { '#bigint': '1' } }] });
    const { code, stdout, stderr } = await runMain(['replay', 'other.itf.json'], cwd);
    expect([code, stdout]).toEqual([2, '']);
    expect(stderr).toBe('kdump-sme replay: other.itf.json: an ITF trace, but not one kdump-sme wrote: its "#meta" has no "kdump-sme-counterexample"\n');
  });

  it('--format names itf among the formats of check and replay', async () => {
    const { stderr } = await runMain(['check', '--format', 'tla'], tempDir());
    expect(stderr).toBe('kdump-sme check: --format: "tla" is not a format (text, json, itf)\n');
  });
});
