/**
 * Nothing lost: files are written under a temporary name and linked or renamed into place, no
 * temporary file survives, and a different file already at a name is never replaced silently:
 * a counterexample gets the next free name, a JUnit report that is not ours is refused.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishFile, replaceFile } from '../../cli/files.ts';
import { UsageError } from '../../cli/io.ts';
import { checkShape } from '../cli/json-shapes.ts';
import { expectOneLineError, filesUnder, leftovers, runMain, tempDir, WITHOUT_PATCH_2, writeJson } from './fixtures.ts';

describe('publishFile', () => {
  it('writes whole files and leaves no temporary file, whether it writes, reuses or moves on', () => {
    const dir = join(tempDir(), 'out');
    const big = 'x'.repeat(1 << 20);
    expect(publishFile(dir, 'a.json', big)).toBe(join(dir, 'a.json'));
    expect(publishFile(dir, 'a.json', big)).toBe(join(dir, 'a.json'));
    expect(publishFile(dir, 'a.json', 'other')).toBe(join(dir, 'a-2.json'));
    expect(publishFile(dir, 'a.json', 'third')).toBe(join(dir, 'a-3.json'));
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe(big);
    expect(filesUnder(dir)).toEqual(['a-2.json', 'a-3.json', 'a.json']);
    expect(leftovers(dir)).toEqual([]);
  });

  it('moves on past a directory that holds the name', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'a.json'));
    expect(publishFile(dir, 'a.json', 'content')).toBe(join(dir, 'a-2.json'));
  });
});

describe('replaceFile', () => {
  it('refuses a file it may not replace and a directory, leaving them as they were and no temporary file', () => {
    const dir = tempDir();
    const path = join(dir, 'report.xml');
    writeFileSync(path, 'notes');
    expect(() => replaceFile(path, 'new', () => false, 'report.xml')).toThrow(new UsageError('report.xml exists and was not written by kdump-sme; refusing to replace it'));
    mkdirSync(join(dir, 'dir.xml'));
    expect(() => replaceFile(join(dir, 'dir.xml'), 'new', () => true, 'dir.xml')).toThrow(/dir.xml is not a regular file/);
    expect(readFileSync(path, 'utf8')).toBe('notes');
    expect(filesUnder(dir)).toEqual(['dir.xml', 'report.xml']);
  });

  it('replaces one it may, atomically (no temporary file left)', () => {
    const dir = tempDir();
    replaceFile(join(dir, 'r.xml'), 'one', () => true, 'r.xml');
    replaceFile(join(dir, 'r.xml'), 'two', (old) => old === 'one', 'r.xml');
    expect(readFileSync(join(dir, 'r.xml'), 'utf8')).toBe('two');
    expect(filesUnder(dir)).toEqual(['r.xml']);
  });
});

describe('check writing its files', () => {
  const args = ['check', '--design', 'mine.json', '--runs', '60', '--format', 'json', '--out', 'cx'];
  const NAME = 'cx/mine-without-patch-2-KEXEC-CONTROL-on-on-seed1.json';

  it('reuses its own file when run again, and never replaces a different one: the new file gets the next name', async () => {
    const cwd = tempDir();
    writeJson(cwd, 'mine.json', WITHOUT_PATCH_2);
    const first = checkShape.parse(JSON.parse((await runMain(args, cwd)).stdout));
    expect(first.properties[0]?.counterexample?.file).toBe(NAME);
    const again = checkShape.parse(JSON.parse((await runMain(args, cwd)).stdout));
    expect(again.properties[0]?.counterexample?.file).toBe(NAME);
    writeFileSync(join(cwd, NAME), 'my notes\n');
    const third = await runMain(args, cwd);
    expect(checkShape.parse(JSON.parse(third.stdout)).properties[0]?.counterexample?.file).toBe(NAME.replace('.json', '-2.json'));
    expect(readFileSync(join(cwd, NAME), 'utf8')).toBe('my notes\n');
    expect(leftovers(cwd)).toEqual([]);
  });

  it('refuses a --junit file it did not write before checking anything (exit 2, no counterexample written)', async () => {
    const cwd = tempDir();
    writeJson(cwd, 'mine.json', WITHOUT_PATCH_2);
    writeFileSync(join(cwd, 'notes.xml'), '<notes/>');
    const outcome = await runMain([...args, '--junit', 'notes.xml'], cwd);
    expectOneLineError(outcome, /--junit notes.xml exists and was not written by kdump-sme; refusing to replace it/);
    expect(readFileSync(join(cwd, 'notes.xml'), 'utf8')).toBe('<notes/>');
    expect(existsSync(join(cwd, 'cx'))).toBe(false);
  });
});
