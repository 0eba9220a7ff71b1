/**
 * The same seed gives byte-identical JSON, run after run: for check (with a counterexample to
 * shrink and write), matrix and replay, in-process and as a separate process.
 */
import { describe, expect, it } from 'vitest';
import { checkShape } from '../cli/json-shapes.ts';
import { pinnedJson, runMain, spawnCli, tempDir, WITHOUT_PATCH_2, writeJson } from './fixtures.ts';

/** A fresh working directory holding the design and the counterexample the commands read. */
function workdir(): string {
  const cwd = tempDir();
  writeJson(cwd, 'mine.json', WITHOUT_PATCH_2);
  writeJson(cwd, 'cx.json', pinnedJson());
  return cwd;
}

const INVOCATIONS: string[][] = [
  ['check', '--design', 'mine.json', '--runs', '120', '--seed', '42', '--format', 'json'],
  ['check', '--first-kernel-sme', 'both', '--runs', '120', '--seed=-7', '--format', 'json'],
  ['matrix', '--design', 'mine.json', '--runs', '15', '--seed', '42', '--format', 'json'],
  ['replay', 'cx.json', '--format', 'json'],
];

describe('determinism', () => {
  it.each(INVOCATIONS)('%s %s ... gives the same bytes in repeated runs', async (...args) => {
    const first = await runMain(args, workdir());
    const second = await runMain(args, workdir());
    const again = await runMain(args, workdir());
    expect(first.stderr).toBe('');
    expect([0, 1]).toContain(first.code);
    expect(second).toEqual(first);
    expect(again).toEqual(first);
  });

  it('a check finds counterexamples to shrink (the comparison is not vacuous)', async () => {
    const json = checkShape.parse(JSON.parse((await runMain(INVOCATIONS[0]!, workdir())).stdout));
    expect(json.properties.filter((p) => p.counterexample !== null).length).toBeGreaterThan(0);
    expect(json.properties[0]?.counterexample?.file).toBe('counterexamples/mine-without-patch-2-KEXEC-CONTROL-on-on-seed42.json');
  });

  it('another process gives the same bytes as this one', async () => {
    const args = INVOCATIONS[0]!;
    const [inProcess, child] = await Promise.all([runMain(args, workdir()), spawnCli(args, workdir(), { timeoutMs: 30_000 })]);
    expect(child.code).toBe(inProcess.code);
    expect(child.stdout).toBe(inProcess.stdout);
  });
});
