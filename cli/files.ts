/**
 * Files the CLI writes. Every write goes to a temporary name in the target folder and is then
 * linked or renamed into place, so a file is there whole or not at all; an existing file with
 * different content is never replaced silently (a new name is picked, or the write refused).
 * Reading input files is in json-input.ts.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, type Stats, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative } from 'node:path';
import { UsageError } from './io.ts';

/** How a path is shown to the user: relative to the working directory when it lies under it. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

const errorCode = (e: unknown): string => String((e as { code?: unknown }).code ?? (e instanceof Error ? e.message : e));

const FILE_PROBLEMS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a part of the path is not a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'the name is too long',
  EISDIR: 'it is a directory',
  ERR_INVALID_ARG_VALUE: 'not a usable file name',
  ERR_INVALID_ARG_TYPE: 'not a usable file name',
};

/** A failed file operation in words, where we know the words. */
export const problem = (e: unknown): string => FILE_PROBLEMS[errorCode(e)] ?? errorCode(e);

/** Something at a path that is not a readable file (a directory, say): a name that is taken. */
const TAKEN = Symbol('taken');

/** The text of a file, null when there is none, TAKEN when something else (a directory, a pipe) holds the name. */
function existing(path: string): string | null | typeof TAKEN {
  try {
    // Looked at first: reading a pipe would wait for a writer.
    if (!statSync(path).isFile()) return TAKEN;
    return readFileSync(path, 'utf8');
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return null;
    throw e;
  }
}

/** Write `content` to a fresh temporary file beside `path`; returns its name. A failed write leaves nothing behind. */
function writeTemp(path: string, content: string): string {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, content, { flag: 'wx' });
  } catch (e) {
    removeQuietly(temp);
    throw e;
  }
  return temp;
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

/** Put `temp` at `path` unless something is there: true if it was placed. */
function placeNew(temp: string, path: string): boolean {
  try {
    linkSync(temp, path);
    return true;
  } catch (e) {
    if (errorCode(e) === 'EEXIST') return false;
    // A file system without hard links: rename, after looking (a race is possible only there).
    if (existsSync(path)) return false;
    renameSync(temp, path);
    return true;
  }
}

/**
 * Write a new file named `name` in `dir` (created if need be). If a file with different content
 * holds the name, `name-2`, `name-3`, ... are tried; a file with the same content is reused.
 * Returns the path written.
 */
export function publishFile(dir: string, name: string, content: string): string {
  mkdirSync(dir, { recursive: true });
  const ext = extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 1; n <= 1000; n++) {
    const path = join(dir, n === 1 ? name : `${stem}-${n}${ext}`);
    const there = existing(path);
    if (there === content) return path;
    if (there !== null) continue;
    const temp = writeTemp(path, content);
    try {
      if (placeNew(temp, path)) return path;
    } finally {
      removeQuietly(temp);
    }
  }
  throw new Error(`${join(dir, name)}: a thousand files of that name with other content already exist`);
}

/** Throw the UsageError replaceFile would, before any work is done: is a file at `path` one we may replace? */
export function checkReplaceable(path: string, mayReplace: (old: string) => boolean, shown: string): void {
  const old = existing(path);
  if (old === TAKEN) throw new UsageError(`${shown} is not a regular file`);
  if (old !== null && !mayReplace(old)) throw new UsageError(`${shown} exists and was not written by kdump-sme; refusing to replace it`);
}

/**
 * Replace `path` with `content` atomically, if no file is there or `mayReplace` accepts the one
 * that is (a report this command wrote before). Throws UsageError otherwise.
 */
export function replaceFile(path: string, content: string, mayReplace: (old: string) => boolean, shown: string): void {
  checkReplaceable(path, mayReplace, shown);
  mkdirSync(dirname(path), { recursive: true });
  const temp = writeTemp(path, content);
  try {
    renameSync(temp, path);
  } finally {
    removeQuietly(temp);
  }
}

/** Refuse, before any work, an output path that is a directory (`wantDir` false) or a file (`wantDir` true). */
export function checkOutputPath(path: string, wantDir: boolean, shown: string): void {
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return;
    throw new UsageError(`${shown}: cannot use it (${problem(e)})`);
  }
  if (stat.isDirectory() !== wantDir) throw new UsageError(`${shown} is ${stat.isDirectory() ? 'a directory' : 'a file'}, not ${wantDir ? 'a directory' : 'a file'}`);
  // A pipe or a device would be replaced by the rename, not written to.
  if (!wantDir && !stat.isFile()) throw new UsageError(`${shown} is ${whatItIs(stat)}, not a regular file`);
}

/** What is at a path that is not a regular file, in words. */
export function whatItIs(stat: Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a pipe';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** A failed write is a one-line error naming the option (exit 2), not an internal error. */
export function writing<T>(what: string, write: () => T): T {
  try {
    return write();
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${what}: cannot write (${(e as { code?: string }).code ?? (e instanceof Error ? e.message : String(e))})`);
  }
}
