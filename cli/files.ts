/**
 * Files the CLI reads and writes. Every write goes to a temporary name in the target folder and
 * is then linked or renamed into place, so a file is there whole or not at all; an existing file
 * with different content is never replaced silently (a new name is picked, or the write refused).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative } from 'node:path';
import { UsageError } from './io.ts';

/** How a path is shown to the user: relative to the working directory when it lies under it. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

const errorCode = (e: unknown): string => String((e as { code?: unknown }).code ?? (e instanceof Error ? e.message : e));

/** The text of a file, or null when there is none. */
function existing(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return null;
    throw e;
  }
}

/** Write `content` to a fresh temporary file beside `path`; returns its name. */
function writeTemp(path: string, content: string): string {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  writeFileSync(temp, content, { flag: 'wx' });
  return temp;
}

const removeQuietly = (path: string): void => {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
};

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

/**
 * Replace `path` with `content` atomically, if no file is there or `mayReplace` accepts the one
 * that is (a report this command wrote before). Throws UsageError otherwise.
 */
export function replaceFile(path: string, content: string, mayReplace: (old: string) => boolean, shown: string): void {
  const old = existing(path);
  if (old !== null && !mayReplace(old)) throw new UsageError(`${shown} exists and was not written by kdump-sme; refusing to replace it`);
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
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return;
    throw new UsageError(`${shown}: cannot use it (${errorCode(e)})`);
  }
  if (isDir !== wantDir) throw new UsageError(`${shown} is ${isDir ? 'a directory' : 'a file'}, not ${wantDir ? 'a directory' : 'a file'}`);
}

/** Read and parse a JSON file; every problem is a one-line UsageError naming `shown`. */
export function readJsonFile(path: string, shown: string): unknown {
  let text: string;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new UsageError(`${shown} is a directory, not a JSON file`);
    if (stat.size > 64 * 1024 * 1024) throw new UsageError(`${shown} is larger than 64 MiB`);
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const code = errorCode(e);
    throw new UsageError(`cannot read ${shown}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new UsageError(`${shown} is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}
