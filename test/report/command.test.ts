/** kdump-sme report as a command: what it writes, what it refuses to overwrite, what it prints. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { captureIo, scratchDir } from './io.ts';

const SMALL = ['--design', 'sme-kdump-v7-without-patch-2', '--first-kernel-sme', 'on', '--kdump-kernel-sme', 'on', '--runs', '30'];

async function report(dir: string, args: readonly string[], isTTY = false) {
  const c = captureIo(dir, isTTY);
  const code = await main(['report', ...args], c.io);
  return { code, out: c.out(), err: c.err() };
}

describe('kdump-sme report', () => {
  it('writes one self-contained page and says where, in one line; exit 1 when an expectation is not met', async () => {
    const dir = scratchDir();
    const r = await report(dir, [...SMALL, '--html', 'out/report.html']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^report written to out\/report\.html \(sme-kdump-v7-without-patch-2: 1 counterexample\(s\); expectations not met\)\n$/);
    expect(r.err).toBe('');
    const page = readFileSync(join(dir, 'out/report.html'), 'utf8');
    expect(page).toContain('<meta name="generator" content="kdump-sme report">');
    expect(page).toContain('data-property="KEXEC-CONTROL"');
    expect(readdirSync(join(dir, 'out'))).toEqual(['report.html']);
  });

  it('--platform sev-guest: each counterexample of the guest has a second map, the hypervisor\'s view', async () => {
    const dir = scratchDir();
    const r = await report(dir, ['--design', 'linux-4.20', '--platform', 'sev-guest', '--runs', '30', '--html', 'sev.html']);
    expect(r.code).toBe(1);
    const whole = readFileSync(join(dir, 'sev.html'), 'utf8');
    // The design's counterexamples, not the claims' (which are mostly of SME hosts).
    const page = whole.slice(0, whole.indexOf('<h2 id="claims">'));
    expect(page).toContain('SEV-NO-SHARED-LEAK: counterexample (SEV guest)');
    expect(page.match(/data-view="hypervisor"/g)?.length).toBe(page.match(/<section class="counterexample"/g)?.length);
    expect(page).toContain('what the hypervisor reads');
  });

  it('replaces a report it wrote before, but not another file unless --force', async () => {
    const dir = scratchDir();
    writeFileSync(join(dir, 'notes.html'), 'precious');
    const refused = await report(dir, [...SMALL, '--html', 'notes.html']);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/notes\.html exists and was not written by kdump-sme.*--force/);
    expect(readFileSync(join(dir, 'notes.html'), 'utf8')).toBe('precious');
    expect((await report(dir, [...SMALL, '--html', 'notes.html', '--force'])).code).toBe(1);
    expect((await report(dir, [...SMALL, '--html', 'notes.html'])).code).toBe(1);
    expect(readdirSync(dir)).toEqual(['notes.html']);
  });

  it('refuses bad usage before any work, in one line', async () => {
    const dir = scratchDir();
    mkdirSync(join(dir, 'folder'));
    for (const args of [[], ['--html', ''], ['--html', 'folder'], ['--html', 'r.html', '--runs', '0'], ['--html', 'r.html', '--design', 'nope']]) {
      const r = await report(dir, args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
    expect(existsSync(join(dir, 'r.html'))).toBe(false);
  });

  it('shows progress on a terminal only, and clears it', async () => {
    const dir = scratchDir();
    const tty = await report(dir, [...SMALL, '--html', 'a.html'], true);
    expect(tty.err).toContain('report: ');
    expect(tty.err.endsWith('\r\x1b[K')).toBe(true);
    expect(tty.out).not.toContain('\r');
    const piped = await report(dir, [...SMALL, '--html', 'b.html'], false);
    expect(piped.err).toBe('');
  });
});
