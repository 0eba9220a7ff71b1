/**
 * Input files (designs, counterexamples): read whole or refused in one line. Only a regular file
 * of at most 16 MiB is read, through a descriptor that cannot block on a pipe; it must be UTF-8
 * text (a byte-order mark is dropped), not empty, nested at most 64 deep, and JSON. Messages name
 * the file as the user gave it and quote at most a character of its content.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { problem, whatItIs } from './files.ts';
import { UsageError } from './io.ts';

/** Input files larger than this are refused before they are read: a design or counterexample is a few KiB. */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

/** Run `f`; a file-system error becomes a one-line UsageError about reading `shown`. */
function reading<T>(shown: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read ${shown}: ${problem(e)}`);
  }
}

/** Up to `limit` bytes from `fd`, and one more if there are more (the file grew since it was looked at). */
function readAtMost(fd: number, size: number, limit: number): Buffer {
  const buffer = Buffer.alloc(Math.min(size, limit) + 1);
  let length = 0;
  for (let n = -1; n !== 0 && length < buffer.length; length += n) n = readSync(fd, buffer, length, buffer.length - length, null);
  return buffer.subarray(0, length);
}

const MIB = 1024 * 1024;

/**
 * The bytes of a regular file of at most MAX_INPUT_BYTES, read through one descriptor (opened
 * without blocking, so a pipe cannot hang the command), never more than the limit.
 */
function readInput(path: string, shown: string): Buffer {
  const fd = reading(shown, () => {
    const before = statSync(path);
    if (!before.isFile()) throw new UsageError(`${shown} is ${whatItIs(before)}, not a JSON file`);
    return openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  });
  try {
    return reading(shown, () => {
      const stat = fstatSync(fd);
      if (!stat.isFile()) throw new UsageError(`${shown} is ${whatItIs(stat)}, not a JSON file`);
      if (stat.size > MAX_INPUT_BYTES) throw new UsageError(`${shown} is too large (${stat.size} bytes; the limit is ${MAX_INPUT_BYTES / MIB} MiB)`);
      const bytes = readAtMost(fd, stat.size, MAX_INPUT_BYTES);
      if (bytes.length > MAX_INPUT_BYTES) throw new UsageError(`${shown} is too large (more than ${MAX_INPUT_BYTES / MIB} MiB)`);
      return bytes;
    });
  } finally {
    closeSync(fd);
  }
}

/** JSON.parse's complaint without the slice of input it quotes, with a line and column where it gives a position. */
function jsonProblem(e: unknown, text: string): string {
  const message = e instanceof Error ? e.message : String(e);
  const position = /at position (\d+)/.exec(message);
  const what = message
    .replace(/,\s*".*" is not valid JSON$/s, '')
    .replace(/\s*in JSON at position \d+.*$/s, '')
    .replace(/^\w/, (c) => c.toLowerCase());
  if (position === null) return what;
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  return `line ${line}, column ${before.length - before.lastIndexOf('\n')}: ${what}`;
}

/** Deeper JSON is refused: designs and counterexamples nest a few levels, and deeper input only strains the stack of whatever walks it. */
export const MAX_JSON_DEPTH = 64;

/**
 * Does the JSON text nest arrays or objects more than `limit` deep? Scanned before parsing, so a
 * pathological file is refused before JSON.parse builds it.
 */
function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Read and parse a JSON file; every problem is a one-line UsageError naming `shown`. */
export function readJsonFile(path: string, shown: string): unknown {
  const bytes = readInput(path, shown);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new UsageError(`${shown} is not a text file (it is not valid UTF-8), so not JSON`);
  }
  if (text.includes('\u0000')) throw new UsageError(`${shown} is not a text file (it holds NUL bytes), so not JSON`);
  if (text.trim() === '') throw new UsageError(`${shown} is empty (expected a JSON object)`);
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) throw new UsageError(`${shown} nests arrays or objects more than ${MAX_JSON_DEPTH} deep; it is not a kdump-sme file`);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${shown} is not valid JSON (${jsonProblem(e, text)})`);
  }
}

/**
 * Read a JSON file the user named (relative to `cwd`) and make something of it with `parse`,
 * whose one-line errors of class `problem` become usage errors.
 */
export function parseJsonFile<T>(file: string, cwd: string, parse: (json: unknown) => T, problem: abstract new (...args: never[]) => Error): T {
  const json = readJsonFile(resolve(cwd, file), file);
  try {
    return parse(json);
  } catch (e) {
    if (e instanceof problem) throw new UsageError(e.message);
    throw e;
  }
}
