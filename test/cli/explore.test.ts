/** `kdump-sme explore`: every design under the four pairs and in the SEV guest; what the supported designs share follows from the list. */
import { describe, expect, it } from 'vitest';
import { DECISION_POINT_NAMES, SERIES_OPTIONS, SERIES_POINTS } from '../../model/design/registry.ts';
import { preset } from '../../scenarios/designs/index.ts';
import { exploreShape } from './json-shapes.ts';
import { runCli, runMain, tempDir } from './run-cli.ts';

describe('kdump-sme explore', () => {
  it('reports, per pair, the supported designs and the options they all share', async () => {
    const { code, stdout, stderr } = await runCli(['explore', '--runs', '2', '--format', 'json'], tempDir());
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const r = exploreShape.parse(JSON.parse(stdout));
    expect(Object.keys(r.decisionPoints)).toEqual(SERIES_POINTS);
    const v7 = preset('sme-kdump-v7').decisions;
    expect(r.fixed).toEqual(Object.fromEntries(DECISION_POINT_NAMES.filter((p) => !SERIES_POINTS.includes(p)).map((p) => [p, v7[p]])));
    // The options the series argued over (the 5.3 options only with --vary): 2^9.
    expect(r.decisionPoints).toEqual(SERIES_OPTIONS);
    const combinations = SERIES_POINTS.reduce((n, p) => n * SERIES_OPTIONS[p]!.length, 1);
    expect([r.designs, r.runs, r.interrupted]).toEqual([512, 2, false]);
    expect(combinations).toBe(512);
    expect(r.pairs.map((p) => p.platform)).toEqual(['sme-host', 'sme-host', 'sme-host', 'sme-host', 'sev-guest']);
    // No design of the series' own space works in an SEV guest: each reads the ELF core header decrypted or through sme_active().
    expect(r.pairs[4]!.supportedDesigns).toEqual([]);
    for (const pair of r.pairs) {
      expect(pair.supportedDesigns!.length).toBe(pair.supportedCount);
      expect(pair.supportedCount).toBeLessThanOrEqual(combinations);
      for (const d of pair.supportedDesigns!) for (const [p, o] of Object.entries(r.fixed)) expect(d[p]).toBe(o);
      for (const point of SERIES_POINTS) {
        const options = new Set(pair.supportedDesigns!.map((d) => d[point]));
        expect(pair.sharedBySupported[point]).toBe(options.size === 1 ? [...options][0] : undefined);
      }
    }
  });

  it('varies only the points --vary names, each other point at --design\'s option or the one --fix gives', async () => {
    const args = ['explore', '--runs', '2', '--format', 'json', '--design', 'linux-4.19', '--vary', 'kexec.syscall,kexecfile.e820Reserved', '--fix', 'vmcore.mmapProt=pgprot-encrypted'];
    const { code, stdout, stderr } = await runCli(args, tempDir());
    expect([code, stderr]).toEqual([0, '']);
    const r = exploreShape.parse(JSON.parse(stdout));
    expect(Object.keys(r.decisionPoints)).toEqual(['kexec.syscall', 'kexecfile.e820Reserved']);
    expect(r.designs).toBe(4);
    expect(r.fixed['vmcore.mmapProt']).toBe('pgprot-encrypted');
    expect(r.fixed['kexec.crashControlPages']).toBe(preset('linux-4.19').decisions['kexec.crashControlPages']);
  });

  it('--fix alone takes the point out of the series\' nine', async () => {
    const { code, stdout } = await runCli(['explore', '--runs', '1', '--format', 'json', '--fix', 'kexec.crashControlPages=decrypted', '--fix', 'kexec.syscall=kexec_file_load'], tempDir());
    expect(code).toBe(0);
    const r = exploreShape.parse(JSON.parse(stdout));
    expect(r.designs).toBe(256);
    expect(r.fixed).toMatchObject({ 'kexec.crashControlPages': 'decrypted', 'kexec.syscall': 'kexec_file_load' });
  });

  it('--vary a series point explores every option of it, the SEV guest\'s among them', async () => {
    const args = ['explore', '--runs', '20', '--format', 'json', '--design', 'linux-5.3', '--vary', 'kexec.identityMapCbit,vmcore.elfcorehdrRead'];
    const { code, stdout } = await runCli(args, tempDir());
    expect(code).toBe(0);
    const r = exploreShape.parse(JSON.parse(stdout));
    expect(r.designs).toBe(9);
    const sev = r.pairs[4]!;
    // In the guest only the C-bit in the identity map (if-sev or always) and an encrypted ELF core header read under SEV work.
    expect(sev.supportedDesigns!.map((d) => `${d['kexec.identityMapCbit']} ${d['vmcore.elfcorehdrRead']}`)).toEqual(['always encrypted-if-sev', 'if-sev encrypted-if-sev']);
    expect(sev.sharedBySupported).toEqual({ 'vmcore.elfcorehdrRead': 'encrypted-if-sev' });
  });

  it('--by groups the designs by the options of varied points: per group and row the supported designs, and the most rows one design supports', async () => {
    const by = ['handoff.firstKernelSme', 'kdump.cbitSource'];
    const args = ['explore', '--runs', '50', '--format', 'json', '--vary', `${by.join(',')},vmcore.oldmemRead`, '--by', by.join(',')];
    const { code, stdout } = await runCli(args, tempDir());
    expect(code).toBe(0);
    const r = exploreShape.parse(JSON.parse(stdout));
    expect(r.by).toEqual(by);
    expect(r.groups.map((g) => `${g.options['handoff.firstKernelSme']} ${g.options['kdump.cbitSource']}`)).toEqual(['none own-mask', 'none cpuid', 'boot-params own-mask', 'boot-params cpuid']);
    // A reader needing the hand-off is no design without it: 3 readers with none, 4 with boot-params.
    expect(r.groups.map((g) => g.designs)).toEqual([3, 3, 4, 4]);
    const key = (d: Record<string, string>) => by.map((p) => d[p]).join(' ');
    for (const g of r.groups) {
      const mine = (d: Record<string, string>) => key(d) === key(g.options);
      const rowsOf = new Map<string, string[]>();
      for (const p of r.pairs) {
        const row = p.platform === 'sev-guest' ? 'sev' : `${p.firstKernelSme}/${p.kdumpKernelSme}`;
        expect(g.supported[row as 'sev']).toBe(p.supportedDesigns!.filter(mine).length);
        for (const d of p.supportedDesigns!.filter(mine)) rowsOf.set(JSON.stringify(d), [...(rowsOf.get(JSON.stringify(d)) ?? []), row]);
      }
      // Each best set is some design's rows, and no design of the group supports more rows than one of them.
      const sets = [...rowsOf.values()];
      for (const b of g.best) expect(sets.filter((s) => s.join() === b.rows.join())).toHaveLength(b.designs);
      for (const s of sets) expect(g.best.some((b) => s.every((row) => b.rows.includes(row as never)))).toBe(true);
    }
    const text = await runCli(args.filter((a) => a !== '--format' && a !== 'json'), tempDir());
    expect(text.stdout).toMatch(/^HANDOFF.FIRSTKERNELSME\s+KDUMP.CBITSOURCE\s+DESIGNS\s+on\/on\s+on\/off\s+off\/on\s+off\/off\s+sev\s+MOST ROWS ONE DESIGN SUPPORTS \(DESIGNS\)$/m);
    expect(text.stdout).toMatch(/^none\s+own-mask\s+3\s+2\s+-\s+-\s+3\s+-\s+on\/on off\/off \(2\)$/m);
  });

  it('--by a point not varied is a usage error', async () => {
    const { code, stderr } = await runMain(['explore', '--vary', 'kdump.cbitSource', '--by', 'handoff.firstKernelSme'], tempDir());
    expect(code).toBe(2);
    expect(stderr).toBe('kdump-sme explore: --by: handoff.firstKernelSme is not varied, so every design has the same option there (varied: kdump.cbitSource)\n');
  });
});
