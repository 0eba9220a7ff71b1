/** `kdump-sme history`: a line per fix, exit 0 when each is told apart, 1 when one is not, 2 for a bad case file. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HISTORY_JSON } from '../../scenarios/history/index.ts';
import { runCli, runMain, tempDir, writeJson } from './run-cli.ts';

describe('kdump-sme history', () => {
  it('checks every fix kept in scenarios/history: a line each, the counterexample before each fix written', async () => {
    const cwd = tempDir();
    const { code, stdout, stderr } = await runCli(['history', '--runs', '100'], cwd);
    expect([code, stderr]).toEqual([0, '']);
    const lines = stdout.split('\n').filter((l) => /^(OK {2}|FAIL) /.test(l));
    expect(lines).toEqual([
      'OK   kexec-tools 1ac3e4a57000 KDUMP-BOOTDATA on/on: before violated, after holds - kdump: fix an error that can not parse the e820 reserved region',
      'OK   linux 65f750e5457a DUMPTOOL-VTOP on/on: before violated, after holds - x86/kdump: Export the SME mask to vmcoreinfo',
      'OK   makedumpfile d222b01e516b DUMPTOOL-VTOP on/on: before violated, after holds - x86_64: Add support for AMD Secure Memory Encryption',
      'OK   linux 1a79c1b8a041 KEXEC-CONTROL sev: before violated, after holds - x86/kexec: Do not map kexec area as decrypted when SEV is active',
      'OK   linux 85784d16c2cf KEXEC-SEGMENTS sev: before violated, after holds - x86/kexec: Set the C-bit in the identity map page table when SEV is active',
      'OK   linux 4eb5fec31e61 VMCORE-ELFHDR sev: before violated, after holds - fs/proc/vmcore: Enable dumping of encrypted memory when SEV was active',
      'OK   linux 980621daf368 KDUMP-BOOTDATA on/on: before violated, after holds - x86/crash: Add e820 reserved ranges to kdump kernel\'s e820 table',
      'OK   linux 8d9ffb2fe65a KDUMP-BOOTDATA on/on: before violated, after holds - x86/mm: Fix a kdump kernel failure on SME system when CONFIG_IMA_KEXEC=y',
      'OK   linux 75d1cc0e05af CACHE-NO-STALE-WRITEBACK on/on: before holds, after holds (a refinement: both must hold) - x86/mm/pat: Don\'t flush cache if hardware enforces cache coherency across encryption domnains',
      'OK   linux 83214a775f33 CACHE-NO-STALE-WRITEBACK off/on: before holds, after holds (a refinement: both must hold) - x86/sme: Use percpu boolean to control WBINVD during kexec',
    ]);
    expect(stdout).toMatch(/^OK: the model catches each bug and clears each fix/m);
    const files = [...stdout.matchAll(/counterexample before the fix: (\S+)/g)].map((m) => m[1]!);
    expect(files).toHaveLength(8);
    for (const f of files) expect(existsSync(join(cwd, f))).toBe(true);
    const replayed = await runCli(['replay', files[0]!], cwd);
    expect(replayed.stdout).toContain('replayed verdict: violated (as recorded)');
  });

  it('exits 1, saying why, for a case whose "after" design does not fix the bug', async () => {
    const cwd = tempDir();
    // "after" is the design before the fix with an unrelated point changed: the bug is still there.
    const good = HISTORY_JSON['linux-8d9ffb2fe65a.json'] as { before: { decisions: Record<string, string> } };
    writeJson(cwd, 'not-a-fix.json', { ...good, after: { ...good.before, name: 'not a fix', decisions: { ...good.before.decisions, 'vmcore.mmapProt': 'plain' } } });
    const { code, stdout } = await runMain(['history', 'not-a-fix.json', '--runs', '100', '--format', 'json'], cwd);
    expect(code).toBe(1);
    const r = JSON.parse(stdout) as { ok: boolean; cases: { caught: boolean; cleared: boolean; after: { verdict: string } }[] };
    expect(r.ok).toBe(false);
    expect(r.cases.map((c) => [c.caught, c.cleared, c.after.verdict])).toEqual([[true, false, 'violated']]);
    const text = await runMain(['history', 'not-a-fix.json', '--runs', '100'], cwd);
    expect(text.stdout).toMatch(/^FAIL linux 8d9ffb2fe65a KDUMP-BOOTDATA on\/on: before violated, after violated/m);
    expect(text.stdout).toMatch(/the design after it is violated \(exercised in \d+ of 100 runs\): the model does not clear the fix/);
  });

  it('a bad case file is exit 2 with one line naming it', async () => {
    const cwd = tempDir();
    writeJson(cwd, 'bad.json', { ...(HISTORY_JSON['linux-980621daf368.json'] as object), pair: 'sideways' });
    const { code, stdout, stderr } = await runMain(['history', 'bad.json'], cwd);
    expect([code, stdout]).toEqual([2, '']);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/bad.json: "pair": /);
  });
});
