/**
 * main() on junk: random JSON values as a design file and as a counterexample file, random bytes
 * (and absurdly nested JSON) as either, and random argument lists. It never throws, exits only 0, 1 or 2, says what went
 * wrong in one line on stderr (and never "internal error"), and leaves no temporary file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { argvArb, bytesArb, deepDesignText, deepNestingArb, editedArb, type Json, jsonValueArb } from './arbitraries.ts';
import { leftovers, type Outcome, pinnedJson, pinnedText, runMain, tempDir } from './fixtures.ts';

const cwd = tempDir();
mkdirSync(join(cwd, 'folder'));

const DESIGN: Json = { name: 'mine', extends: 'sme-kdump-v7', supports: ['on/on', 'off/off'], decisions: { 'kexec.crashSegments': 'encrypted' } };
const COUNTEREXAMPLE = pinnedJson() as Json;

/** What every invocation must satisfy, whatever it was given. */
function expectWellBehaved(argv: readonly string[], { code, stdout, stderr }: Outcome): void {
  expect([0, 1, 2]).toContain(code);
  expect(stderr === '' || /^[^\n]*\n$/.test(stderr), `stderr of ${JSON.stringify(argv)} is one line: ${JSON.stringify(stderr.slice(0, 300))}`).toBe(true);
  expect(stderr).not.toMatch(/internal error/);
  if (code === 2 && argv.length > 0) {
    expect(stderr, `exit 2 of ${JSON.stringify(argv)} says why`).not.toBe('');
    expect(stdout).toBe('');
  }
  if (code !== 2) expect(stderr).toBe('');
  expect(leftovers(cwd)).toEqual([]);
}

async function run(argv: readonly string[]): Promise<void> {
  expectWellBehaved(argv, await runMain(argv, cwd));
}

const write = (name: string, content: string | Uint8Array): string => {
  writeFileSync(join(cwd, name), content);
  return name;
};

const fileContentArb = fc.oneof(jsonValueArb, editedArb(DESIGN), editedArb(COUNTEREXAMPLE));

describe('kdump-sme on junk', () => {
  test.prop([fileContentArb], { numRuns: 100 })('a JSON value as a design file and as a counterexample file', async (value) => {
    const text = JSON.stringify(value);
    await run(['check', '--design', write('design.json', text), '--runs=1', '--format=json']);
    await run(['replay', write('cx.json', text)]);
  });

  test.prop([bytesArb(pinnedText())], { numRuns: 80 })('bytes as a design file and as a counterexample file', async (bytes) => {
    const name = write('bytes.json', bytes);
    await run(['check', '--design', name, '--runs=1']);
    await run(['replay', name, '--format', 'json']);
  });

  test.prop([deepNestingArb], { numRuns: 20 })('JSON nested absurdly deep, as a design file and as a counterexample file', async (nesting) => {
    const name = write('deep.json', deepDesignText(nesting));
    await run(['check', '--design', name, '--runs=1']);
    await run(['replay', name]);
  });

  test.prop([argvArb, fileContentArb], { numRuns: 300 })('an argument list, with a design and a counterexample file to find', async (argv, value) => {
    write('design.json', JSON.stringify(value));
    write('cx.json', pinnedText());
    await run(argv);
  });
});
