/**
 * The worked example: a design file that extends sme-kdump-v7 and reverts patch 2 (crash
 * control pages and segments written encrypted) fails `check` with a counterexample file that
 * `replay` reproduces, and a JUnit report that names the failing property.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkShape } from './json-shapes.ts';
import { type Outcome, runCli, tempDir, WITHOUT_PATCH_2, writeJson } from './run-cli.ts';

describe.concurrent('a design file that reverts patch 2', () => {
  const cwd = tempDir();
  let check: Outcome;
  let control: ReturnType<typeof checkShape.parse>['properties'][number];

  beforeAll(async () => {
    const design = writeJson(cwd, 'mine.json', WITHOUT_PATCH_2);
    check = await runCli(['check', '--design', design, '--runs', '200', '--format', 'json', '--out', 'cx', '--junit', 'reports/kdump.xml'], cwd);
    control = checkShape.parse(JSON.parse(check.stdout)).properties.find((p) => p.id === 'KEXEC-CONTROL')!;
  });

  it('fails the check (exit 1) with KEXEC-CONTROL violated and a counterexample file in --out', () => {
    expect(check.code).toBe(1);
    expect(control).toMatchObject({ verdict: 'violated', expectation: 'holds', met: false });
    expect(control.counterexample!.file).toBe('cx/mine-without-patch-2-KEXEC-CONTROL-on-on-seed1.json');
    expect(control.counterexample!.trace.join('\n')).toContain('relocate_kernel');
  });

  it('writes a counterexample that replay reproduces (exit 1, the trace through relocate_kernel)', async () => {
    const { code, stdout } = await runCli(['replay', control.counterexample!.file!], cwd);
    expect(code).toBe(1);
    expect(stdout).toContain('replayed verdict: violated (as recorded)');
    expect(stdout).toMatch(/WRONG relocate_kernel/);
    expect(stdout).toMatch(/^FAILED: KEXEC-CONTROL is violated/m);
  });

  it('says so when a replay does not reproduce the recorded verdict', async () => {
    const file = join(cwd, control.counterexample!.file!);
    const edited = { ...(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>), verdict: 'holds' };
    writeFileSync(join(cwd, 'edited.json'), JSON.stringify(edited));
    const { code, stdout } = await runCli(['replay', 'edited.json'], cwd);
    expect(stdout).toContain('NOT REPRODUCED: the file records holds, this run gives violated');
    expect(code).toBe(1);
  });

  it('writes a JUnit report with a failure for KEXEC-CONTROL only', () => {
    const xml = readFileSync(join(cwd, 'reports/kdump.xml'), 'utf8');
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="kdump-sme" tests="13" failures="1"/);
    expect(xml.match(/<testcase /g)).toHaveLength(13);
    expect(xml).toMatch(/<testcase classname="kdump-sme.mine-without-patch-2" name="KEXEC-CONTROL">\n\s*<failure type="violated"/);
    expect(xml).toContain('CR3 &lt;- ');
  });
});
