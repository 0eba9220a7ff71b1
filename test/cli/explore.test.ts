/** `kdump-sme explore`: every design under the four pairs and in the SEV guest; what the supported designs share follows from the list. */
import { describe, expect, it } from 'vitest';
import { DECISION_POINT_NAMES, SERIES_OPTIONS, SERIES_POINTS } from '../../model/design/registry.ts';
import { preset } from '../../scenarios/designs/index.ts';
import { exploreShape } from './json-shapes.ts';
import { runCli, tempDir } from './run-cli.ts';

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
      expect(pair.supportedDesigns.length).toBeLessThanOrEqual(combinations);
      for (const d of pair.supportedDesigns) for (const [p, o] of Object.entries(r.fixed)) expect(d[p]).toBe(o);
      for (const point of SERIES_POINTS) {
        const options = new Set(pair.supportedDesigns.map((d) => d[point]));
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
    expect(sev.supportedDesigns.map((d) => `${d['kexec.identityMapCbit']} ${d['vmcore.elfcorehdrRead']}`)).toEqual(['always encrypted-if-sev', 'if-sev encrypted-if-sev']);
    expect(sev.sharedBySupported).toEqual({ 'vmcore.elfcorehdrRead': 'encrypted-if-sev' });
  });
});
