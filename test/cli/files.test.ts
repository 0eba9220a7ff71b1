/**
 * Output files are written whole or not at all, and never replace a different file; Ctrl-C stops
 * a check with what it found and writes nothing.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishFile, replaceFile } from '../../cli/files.ts';
import { xmlEscape } from '../../cli/format/junit.ts';
import { UsageError } from '../../cli/io.ts';
import { runMain, tempDir } from './run-cli.ts';

describe('publishFile', () => {
  it('reuses a file with the same content and picks a new name beside one with other content', () => {
    const dir = join(tempDir(), 'out');
    expect(publishFile(dir, 'a.json', 'one')).toBe(join(dir, 'a.json'));
    expect(publishFile(dir, 'a.json', 'one')).toBe(join(dir, 'a.json'));
    expect(publishFile(dir, 'a.json', 'two')).toBe(join(dir, 'a-2.json'));
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe('one');
    expect(readdirSync(dir).sort()).toEqual(['a-2.json', 'a.json']);
  });
});

describe('replaceFile', () => {
  it('replaces a file it is allowed to, and refuses any other', () => {
    const path = join(tempDir(), 'report.xml');
    writeFileSync(path, 'someone else\'s');
    expect(() => replaceFile(path, 'new', (old) => old.startsWith('<mine'), 'report.xml')).toThrow(UsageError);
    expect(readFileSync(path, 'utf8')).toBe('someone else\'s');
    writeFileSync(path, '<mine/>');
    replaceFile(path, '<mine>new</mine>', (old) => old.startsWith('<mine'), 'report.xml');
    expect(readFileSync(path, 'utf8')).toBe('<mine>new</mine>');
  });
});

describe('xmlEscape', () => {
  it('escapes markup and replaces characters XML cannot hold', () => {
    expect(xmlEscape('a<b & "c" \'d\' >\u0001')).toBe('a&lt;b &amp; &quot;c&quot; &apos;d&apos; &gt;\uFFFD');
  });
});

describe('an interrupted check', () => {
  it('reports what it found, exits 130 and writes no file', async () => {
    const cwd = tempDir();
    const stop = new AbortController();
    stop.abort();
    const { code, stdout } = await runMain(['check', '--runs', '500', '--format', 'json', '--junit', 'r.xml'], cwd, stop.signal);
    expect(code).toBe(130);
    expect(JSON.parse(stdout)).toMatchObject({ interrupted: true, runs: 0 });
    expect(existsSync(join(cwd, 'counterexamples'))).toBe(false);
    expect(existsSync(join(cwd, 'r.xml'))).toBe(false);
  });
});
