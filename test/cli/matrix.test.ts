/** `kdump-sme matrix`: five rows (four SME pairs, the SEV guest) derived by running the model, beside the claims; a failing claim is exit 1. */
import { describe, expect, it } from 'vitest';
import { matrixShape } from './json-shapes.ts';
import { runCli, tempDir, writeJson } from './run-cli.ts';

const pairsOf = (rows: { firstKernelSme: string; kdumpKernelSme: string }[]) => rows.map((r) => (r.firstKernelSme === 'sev' ? 'sev' : `${r.firstKernelSme}/${r.kdumpKernelSme}`));

describe.concurrent('kdump-sme matrix', () => {
  it('derives the five rows for the default design, its claimed pairs supported (exit 0)', async () => {
    const { code, stdout } = await runCli(['matrix', '--runs', '100', '--format', 'json'], tempDir());
    const m = matrixShape.parse(JSON.parse(stdout));
    expect(pairsOf(m.rows)).toEqual(['on/on', 'on/off', 'off/on', 'off/off', 'sev']);
    expect(m.rows.map((r) => r.platform)).toEqual(['sme-host', 'sme-host', 'sme-host', 'sme-host', 'sev-guest']);
    expect(m.rows.map((r) => r.claimed)).toEqual(pairsOf(m.rows).map((p) => m.design.supports.includes(p as never)));
    // "the patches don't support SEV kdump", and the design does not claim it.
    expect(m.rows[4]).toMatchObject({ claimed: false, supported: false });
    for (const r of m.rows.filter((row) => row.claimed)) expect(r).toMatchObject({ supported: true, violated: [], unreached: [] });
    for (const r of m.rows) expect(r.supported).toBe(r.violated.length === 0 && r.unreached.length === 0);
    expect(m.ok).toBe(true);
    expect(code).toBe(0);
  });

  it('fails (exit 1) and flags the row when a design claims a pair that does not work', async () => {
    const cwd = tempDir();
    writeJson(cwd, 'claims-on-off.json', { name: 'claims-on-off', extends: 'sme-kdump-v7', supports: ['on/off'], decisions: {} });
    const json = await runCli(['matrix', '--design', 'claims-on-off.json', '--runs', '100', '--format', 'json'], cwd);
    const row = matrixShape.parse(JSON.parse(json.stdout)).rows[1]!;
    expect(row).toMatchObject({ firstKernelSme: 'on', kdumpKernelSme: 'off', claimed: true, supported: false });
    expect(row.violated.length).toBeGreaterThan(0);
    expect(json.code).toBe(1);
    const text = await runCli(['matrix', '--design', 'claims-on-off.json', '--runs', '100'], cwd);
    expect(text.stdout).toMatch(/^sme-host\s+on\s+off\s+yes\s+not supported\s+ERROR: claimed, but fails/m);
    expect(text.code).toBe(1);
  });

  it('--platform sev-guest derives the guest\'s row alone; linux-5.3 supports it as it claims', async () => {
    const { code, stdout } = await runCli(['matrix', '--design', 'linux-5.3', '--platform', 'sev-guest', '--runs', '100', '--format', 'json'], tempDir());
    const m = matrixShape.parse(JSON.parse(stdout));
    expect(m.rows).toHaveLength(1);
    expect(m.rows[0]).toMatchObject({ platform: 'sev-guest', firstKernelSme: 'sev', kdumpKernelSme: 'sev', claimed: true, supported: true, violated: [], unreached: [] });
    expect(code).toBe(0);
    const text = await runCli(['matrix', '--design', 'linux-5.3', '--platform', 'sev-guest', '--runs', '100'], tempDir());
    expect(text.stdout).toMatch(/^sev-guest\s+sev\s+sev\s+yes\s+supported/m);
  });

  it('--why explains each row not supported: each property that broke it, with the first read that got garbage', async () => {
    const cwd = tempDir();
    const json = await runCli(['matrix', '--platform', 'sme-host', '--runs', '100', '--why', '--format', 'json'], cwd);
    const m = matrixShape.parse(JSON.parse(json.stdout));
    for (const r of m.rows) {
      expect(r.why?.map((w) => w.property)).toEqual(r.supported ? [] : [...r.violated, ...r.unreached]);
      for (const w of r.why ?? []) {
        if (w.verdict === 'violated') {
          expect(w.step).toBeGreaterThan(0);
          expect(w.read).toMatch(/^WRONG /);
        }
      }
    }
    // On/off: the kdump kernel, its SME off, reads the encrypted crash notes without the C-bit.
    const notes = m.rows[1]!.why!.find((w) => w.property === 'VMCORE-NOTES')!;
    expect(notes.stage).toBe('vmcore-init');
    expect(notes.read).toMatch(/^WRONG elfcorehdr_read_notes: crash notes .*written encrypted, read plaintext; .*got garbage \(ciphertext read without the C-bit\)$/);
    const text = await runCli(['matrix', '--platform', 'sme-host', '--runs', '100', '--why'], cwd);
    expect(text.stdout).toMatch(/^why on\/off is not supported .*:\n {2}IOMMU-DEVTABLE: step \d+ \[iommu-init\] WRONG copy_device_table: /m);
    expect(text.stdout).not.toMatch(/^why on\/on/m);
    // Without --why the rows carry no explanation, and checking them does not shrink.
    const plain = matrixShape.parse(JSON.parse((await runCli(['matrix', '--platform', 'sme-host', '--runs', '100', '--format', 'json'], cwd)).stdout));
    expect(plain.rows.every((r) => r.why === undefined)).toBe(true);
  });
});
