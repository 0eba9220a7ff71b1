/**
 * Bad usage or input is exit 2 with one line on stderr naming the problem, never a stack trace;
 * nothing is checked and nothing is written.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runMain, tempDir, writeJson } from './run-cli.ts';

const cwd = tempDir();
const extending = (decisions: object, more: object = {}) => ({ name: 'x', extends: 'sme-kdump-v7', decisions, ...more });
writeJson(cwd, 'bad-point.json', extending({ 'kexec.crashPages': 'encrypted' }));
writeJson(cwd, 'bad-option.json', extending({ 'kexec.crashSegments': 'maybe' }));
writeJson(cwd, 'bad-pair.json', extending({}, { supports: ['on/maybe'] }));
writeJson(cwd, 'bad-type.json', extending({ 'kexec.crashSegments': true }));
writeJson(cwd, 'bad-extends.json', { name: 'x', extends: 'sme-kdump-v9', decisions: {} });
writeJson(cwd, 'incomplete.json', { name: 'x', supports: ['on/on'], decisions: { 'kexec.crashSegments': 'encrypted' } });
/** A complete design of the series' nine points only, as written before the loader's points existed. */
writeJson(cwd, 'series-only.json', {
  name: 'x', supports: ['on/on'],
  decisions: {
    'kexec.crashControlPages': 'decrypted', 'kexec.crashSegments': 'decrypted', 'kexec.identityMapCbit': 'never',
    'kdump.iommuDevTableAddress': 'sme-clr', 'kdump.iommuDevTableMapping': 'ioremap-encrypted-if-sme',
    'vmcore.elfcorehdrRead': 'decrypted', 'vmcore.notesRead': 'encrypted-if-sme', 'vmcore.oldmemRead': 'encrypted-if-sme', 'vmcore.mmapProt': 'pgprot-encrypted',
  },
});
writeJson(cwd, 'unknown-key.json', extending({}, { patches: [2] }));
writeJson(cwd, 'no-pairs.json', extending({}, { supports: [] }));
writeJson(cwd, 'sev-only.json', extending({}, { supports: ['sev'] }));
writeJson(cwd, 'no-handoff.json', extending({ 'vmcore.oldmemRead': 'encrypted-if-first-kernel-sme' }));
writeFileSync(join(cwd, 'malformed.json'), '{ "name": "x", ');
mkdirSync(join(cwd, 'folder.json'));

/** [arguments, what the one line must say] */
const CASES: [string[], RegExp][] = [
  [['check', '--bogus'], /unknown option --bogus \(options: .*--runs/],
  [['check', '--runs'], /--runs needs a value/],
  [['check', '--runs', '0'], /--runs: "0" is not a whole number from 1 to 1000000/],
  [['check', '--runs=-3'], /--runs: "-3" is not a whole number/],
  [['check', '--runs', '-3'], /--runs needs a value \(for a value starting with "-", write --runs=VALUE\)/],
  [['check', '--runs', 'many'], /--runs: "many" is not a whole number/],
  [['check', '--runs', '1000001'], /--runs: "1000001" is not/],
  [['matrix', '--runs', '2.5'], /--runs: "2.5" is not/],
  [['check', '--seed', '2147483648'], /--seed: "2147483648" is not a 32-bit integer/],
  [['explore', '--seed', '0x10'], /--seed: "0x10" is not a 32-bit integer/],
  [['check', '--format', 'xml'], /--format: "xml" is not a format \(text, json, itf\)/],
  [['designs', '--format', 'yaml'], /--format: "yaml" is not a format/],
  [['check', '--first-kernel-sme', 'yes'], /--first-kernel-sme: "yes" is not one of on, off, both/],
  [['check', '--design', 'sme-kdump-v9'], /no preset named "sme-kdump-v9" \(presets: .*sme-kdump-v7/],
  [['check', '--design', 'missing.json'], /cannot read missing.json: no such file/],
  [['check', '--design', 'folder.json'], /folder.json is a directory/],
  [['check', '--design', 'malformed.json'], /malformed.json is not valid JSON/],
  [['check', '--design', 'bad-point.json'], /unknown decision point "kexec.crashPages" \(valid: kexec.crashControlPages, /],
  [['matrix', '--design', 'bad-option.json'], /"maybe" is not an option of kexec.crashSegments \(valid: encrypted, decrypted, decrypted-unless-sev\)/],
  [['check', '--design', 'bad-pair.json'], /"supports.0": "on\/maybe" is not a valid SME pair or platform row \(valid: on\/on, /],
  [['check', '--design', 'bad-type.json'], /"decisions.kexec.crashSegments": expected string, got boolean/],
  [['check', '--design', 'bad-extends.json'], /"extends" names "sme-kdump-v9", which is not a preset/],
  [['check', '--design', 'incomplete.json'], /no option for kexec.crashControlPages, /],
  [['check', '--design', 'series-only.json'], /no option for kexec.syscall, kexectools.e820Reserved, kexecfile.e820Reserved, kexecfile.setupData, boot.setupDataBound, vmcoreinfo.smeMask, dumptool.smeMask, kexec.relocateWbinvd, crash.stopCpusWbinvd, mm.encDecFlush, handoff.firstKernelSme, kdump.cbitSource \(give it, or "extends" a preset\)/],
  [['explore', '--vary', 'kexec.syscall,kexec.bogus'], /--vary: unknown decision point "kexec.bogus" \(valid: kexec.crashControlPages, /],
  [['explore', '--vary', 'kexec.syscall,kexec.syscall'], /--vary: a decision point is named twice/],
  [['explore', '--fix', 'kexec.syscall'], /--fix: "kexec.syscall" is not POINT=OPTION/],
  [['explore', '--fix', 'kexec.syscall=kexec_file'], /--fix: "kexec_file" is not an option of kexec.syscall \(valid: kexec_load, kexec_file_load\)/],
  [['explore', '--vary', 'kexec.syscall', '--fix', 'kexec.syscall=kexec_load'], /--fix: kexec.syscall is also in --vary/],
  [['check', '--design', 'unknown-key.json'], /unknown key "patches"/],
  [['check', '--design', 'no-pairs.json'], /claims no SME pair/],
  [['matrix', '--design', 'no-handoff.json'], /no-handoff.json: vmcore.oldmemRead: "encrypted-if-first-kernel-sme" needs the first kernel's SME flag, but handoff.firstKernelSme is "none" \(give "boot-params"\)/],
  [['check', '--platform', 'sev-host'], /--platform: "sev-host" is not one of sme-host, sev-guest/],
  [['matrix', '--platform', 'guest'], /--platform: "guest" is not one of sme-host, sev-guest/],
  [['check', '--platform', 'sev-guest', '--first-kernel-sme', 'on'], /--first-kernel-sme contradicts --platform sev-guest: in an SEV guest both kernels run with SEV whatever mem_encrypt= says/],
  [['report', '--html', 'r.html', '--platform', 'sev-guest', '--kdump-kernel-sme', 'off'], /--kdump-kernel-sme contradicts --platform sev-guest/],
  [['check', '--design', 'sev-only.json', '--platform', 'sme-host'], /design "x" claims no row on sme-host; choose pairs with --first-kernel-sme/],
  [['check', '--out', 'bad-point.json'], /--out bad-point.json is a file, not a directory/],
  [['check', '--junit', 'folder.json'], /--junit folder.json is a directory, not a file/],
  [['check', 'extra'], /unexpected argument "extra"/],
  [['replay'], /give the counterexample file to replay/],
  [['replay', 'bad-point.json'], /bad-point.json is not a kdump-sme counterexample/],
  [['replay', 'missing.json'], /cannot read missing.json: no such file/],
  [['frobnicate'], /unknown command "frobnicate" \(commands: check, /],
];

function expectOneLine({ code, stdout, stderr }: { code: number; stdout: string; stderr: string }, says: RegExp): void {
  expect(code).toBe(2);
  expect(stdout).toBe('');
  expect(stderr).toMatch(/^kdump-sme[^\n]*\n$/);
  expect(stderr).toMatch(says);
}

describe('bad usage and input', () => {
  it.each(CASES)('main(%j) is exit 2 with one line', async (args, says) => {
    expectOneLine(await runMain(args, cwd), says);
  });

  it('as a child process too: one line, no stack trace, nothing written', async () => {
    const before = readdirSync(cwd).sort();
    const sample = CASES.filter((_, i) => i % 6 === 0);
    const outcomes = await Promise.all(sample.map(([args]) => runCli(args, cwd)));
    for (const [i, outcome] of outcomes.entries()) {
      expectOneLine(outcome, sample[i]![1]);
      expect(outcome.stderr).not.toMatch(/^\s+at /m);
    }
    expect(readdirSync(cwd).sort()).toEqual(before);
  });

  it('--help is usage on stdout, exit 0', async () => {
    for (const command of ['check', 'matrix', 'explore', 'replay', 'designs']) {
      const { code, stdout } = await runMain([command, '--help'], cwd);
      expect(code).toBe(0);
      expect(stdout).toMatch(new RegExp(`^usage: kdump-sme ${command}`));
    }
  });
});
