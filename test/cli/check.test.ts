/**
 * `kdump-sme check` run as a user runs it: the default design meets every expectation in the
 * pairs it claims, the JSON has the documented shape, and the same seed gives the same bytes.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../properties/catalog/index.ts';
import { checkShape } from './json-shapes.ts';
import { runCli, tempDir } from './run-cli.ts';

describe.concurrent('kdump-sme check', () => {
  it('passes the default design in the pairs it claims, and says so in JSON of the documented shape', async () => {
    const cwd = tempDir();
    const { code, stdout, stderr } = await runCli(['check', '--runs', '150', '--format', 'json'], cwd);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = checkShape.parse(JSON.parse(stdout));
    expect(result.design.name).toBe('sme-kdump-v7');
    expect(result.pairs).toEqual(result.design.supports);
    expect([result.seed, result.runs, result.ok, result.interrupted]).toEqual([1, 150, true, false]);
    expect(result.properties.map((p) => p.id)).toEqual(CATALOG.map((p) => p.id));
    for (const p of result.properties) {
      expect(p.met).toBe(true);
      // SEV-NO-SHARED-LEAK means nothing on an SME host: never exercised there, and met so.
      expect(p.applies).toBe(p.id !== 'SEV-NO-SHARED-LEAK');
      if (!p.applies) {
        expect(p).toMatchObject({ verdict: 'unreached', exercised: 0 });
        continue;
      }
      expect(p.exercised).toBeGreaterThan(0);
      expect(p.exercised).toBeLessThanOrEqual(150);
      if (p.counterexample !== null) expect(existsSync(join(cwd, p.counterexample.file!))).toBe(true);
    }
  });

  it('gives byte-identical JSON for the same seed, and a different result for another', async () => {
    const [a, b, c] = await Promise.all([
      runCli(['check', '--runs', '150', '--seed', '7', '--format', 'json'], tempDir()),
      runCli(['check', '--runs', '150', '--seed', '7', '--format', 'json'], tempDir()),
      runCli(['check', '--runs', '150', '--seed', '8', '--format', 'json'], tempDir()),
    ]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(checkShape.parse(JSON.parse(c.stdout)).seed).toBe(8);
    expect(c.stdout).not.toBe(a.stdout);
  });

  it('checks the pairs the SME flags select instead of the claimed ones', async () => {
    const { code, stdout } = await runCli(['check', '--runs', '150', '--first-kernel-sme', 'on', '--kdump-kernel-sme', 'off', '--format', 'json'], tempDir());
    const result = checkShape.parse(JSON.parse(stdout));
    expect(result.pairs).toEqual(['on/off']);
    expect(result.ok).toBe(false);
    expect(code).toBe(1);
  });

  it('prints a table of verdicts and the result in text', async () => {
    const { code, stdout } = await runCli(['check', '--runs', '150'], tempDir());
    expect(code).toBe(0);
    for (const p of CATALOG.filter((q) => q.id !== 'SEV-NO-SHARED-LEAK')) expect(stdout).toMatch(new RegExp(`^${p.id}\\s+(holds|known-limitation)\\s+(holds|violated)\\s+\\d+/150\\s+ok`, 'm'));
    expect(stdout).toMatch(/^SEV-NO-SHARED-LEAK\s+holds\s+unreached\s+0\/150\s+ok \(sev-guest only\)/m);
    expect(stdout).toMatch(/^OK: every property met its expectation/m);
  });

  it('--platform sev-guest checks the SEV guest: linux-5.3 passes, IOMMU-DEVTABLE unreached as it has no meaning there', async () => {
    const { code, stdout } = await runCli(['check', '--design', 'linux-5.3', '--platform', 'sev-guest', '--runs', '150', '--format', 'json'], tempDir());
    const result = checkShape.parse(JSON.parse(stdout));
    expect(result.pairs).toEqual(['sev']);
    expect(result.properties.find((p) => p.id === 'IOMMU-DEVTABLE')).toMatchObject({ verdict: 'unreached', applies: false, met: true });
    expect(result.properties.find((p) => p.id === 'SEV-NO-SHARED-LEAK')).toMatchObject({ verdict: 'holds', applies: true, met: true });
    expect(result.ok).toBe(true);
    expect(code).toBe(0);
  });

  it('--platform sev-guest with the series fails: the hypervisor reads the crash image, relocate_kernel fetches garbage', async () => {
    const { code, stdout } = await runCli(['check', '--platform', 'sev-guest', '--runs', '150'], tempDir());
    expect(stdout).toMatch(/SEV guest; 150 runs/);
    expect(stdout).toMatch(/^KEXEC-CONTROL\s+holds\s+violated/m);
    expect(stdout).toMatch(/^SEV-NO-SHARED-LEAK\s+holds\s+violated/m);
    expect(code).toBe(1);
  });
});
