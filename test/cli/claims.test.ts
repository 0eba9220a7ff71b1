/** `kdump-sme claims`: a line per claim of the cover letter with the model's verdict and the command under it; exit 1 when a verdict is not the recorded one. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLAIMS_JSON } from '../../scenarios/claims/index.ts';
import { claimsShape } from './json-shapes.ts';
import { runCli, runMain, tempDir, writeJson } from './run-cli.ts';

describe('kdump-sme claims', () => {
  it('checks every claim kept in scenarios/claims, each with its recorded verdict (exit 0); the commands it prints say the same', async () => {
    const cwd = tempDir();
    const { code, stdout, stderr } = await runCli(['claims'], cwd);
    expect([code, stderr]).toEqual([0, '']);
    const heads = stdout.split('\n').filter((l) => /^[0-9]+[a-z]? +(confirmed|refuted|out of model) /.test(l)).map((l) => l.split(/ {2,}/).slice(0, 2).join(' '));
    expect(heads).toEqual([
      '1a confirmed', '1b confirmed', '1c confirmed', '1d confirmed', '1e confirmed', '2 refuted', '3 confirmed', '4 refuted', '5 confirmed',
      '6a confirmed', '6b out of model', '7 refuted', '8 confirmed', '9 refuted', '10 out of model', '11 out of model', '12 out of model',
    ]);
    expect(stdout).toMatch(/^OK: every claim has the verdict recorded with it: 9 confirmed, 4 refuted, 4 out of model/m);
    // Claim 4: the hand-off design still breaks off/on, by the stale cache lines of the CPU that ran kexec -p.
    const four = /kdump-sme matrix --design sme-kdump-v7-sme-flag --platform sme-host: off\/on not supported \(CACHE-NO-STALE-WRITEBACK violated\), claimed off\/on supported; counterexample: (\S+)$/m.exec(stdout);
    expect(four).not.toBeNull();
    expect(existsSync(join(cwd, four![1]!))).toBe(true);
    const replayed = await runCli(['replay', four![1]!], cwd);
    expect(replayed.stdout).toContain('replayed verdict: violated (as recorded)');
    // The command printed under claim 2 gives the verdict the claims command reports.
    const check = await runCli(['check', '--design', 'sme-kdump-v7-sme-flag-cpuid-cbit', '--first-kernel-sme', 'on', '--kdump-kernel-sme', 'off', '--runs', '300', '--format', 'json'], cwd);
    const oldmem = (JSON.parse(check.stdout) as { properties: { id: string; verdict: string }[] }).properties.find((p) => p.id === 'VMCORE-OLDMEM');
    expect(oldmem?.verdict).toBe('holds');
  });

  it('names claims by id; --format json carries notes, reasons and each check', async () => {
    const { code, stdout } = await runMain(['claims', '6b', '4', '--format', 'json', '--runs', '200'], tempDir());
    expect(code).toBe(0);
    const r = claimsShape.parse(JSON.parse(stdout));
    expect(r.claims.map((c) => [c.id, c.verdict, c.checks.length])).toEqual([['6b', 'out of model', 0], ['4', 'refuted', 2]]);
    expect(r.claims[0]!.reason).toMatch(/could not be found/);
    expect(r.claims[1]!.checks.map((k) => [k.design, k.firstKernelSme, k.kdumpKernelSme, k.agrees])).toEqual([['sme-kdump-v7', 'off', 'on', true], ['sme-kdump-v7-sme-flag', 'off', 'on', false]]);
    expect(r.claims[1]!.checks[1]!.failing).toEqual([{ property: 'CACHE-NO-STALE-WRITEBACK', verdict: 'violated' }]);
  });

  it('exits 1 when a claim does not come out with its recorded verdict, and says which', async () => {
    const cwd = tempDir();
    // "on | on | yes", recorded as confirmed, asserted of the series without patch 2/4.
    writeJson(cwd, 'mine.json', { ...(CLAIMS_JSON['1a-table-on-on.json'] as object), checks: [{ design: 'sme-kdump-v7-without-patch-2', row: 'on/on', supported: true }] });
    const { code, stdout } = await runMain(['claims', 'mine.json', '--runs', '100'], cwd);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^1a {2}refuted \(recorded: confirmed\) DIFFERS/m);
    expect(stdout).toMatch(/on\/on not supported \(KEXEC-CONTROL violated; 9 unreached\), claimed on\/on supported; counterexample: /);
    expect(stdout).toMatch(/^FAILED: 1 of 1 claim\(s\) differ from the verdict recorded with them/m);
  });

  it.each([
    [['claims', '99'], /^kdump-sme claims: no claim "99" \(claims: 1a, 1b, .*; a claim file must end in \.json\)$/],
    [['claims', 'missing.json'], /^kdump-sme claims: .*missing\.json/],
    [['claims', '--runs', '0'], /^kdump-sme claims: --runs: "0" is not a whole number/],
  ])('%j is exit 2 with one line', async (args, message) => {
    const { code, stdout, stderr } = await runMain(args, tempDir());
    expect([code, stdout]).toEqual([2, '']);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr.trim()).toMatch(message);
  });

  it('a bad claim file is exit 2 with one line naming the file and the key', async () => {
    const cwd = tempDir();
    writeJson(cwd, 'bad.json', { ...(CLAIMS_JSON['4-pass-the-sme-flag.json'] as object), verdict: 'plausible' });
    const { code, stderr } = await runMain(['claims', 'bad.json'], cwd);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^kdump-sme claims: bad.json: "verdict": /);
  });
});
