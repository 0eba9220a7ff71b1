/** An Io that records what a command printed, for driving the CLI as a function. */
import type { Io } from '../../cli/io.ts';
import { scratchDirNamed } from '../scratch.ts';

export function captureIo(cwd = process.cwd(), isTTY = false) {
  let out = '';
  let err = '';
  const io: Io = { stdout: (s) => void (out += s), stderr: (s) => void (err += s), cwd, isTTY };
  return { io, out: () => out, err: () => err };
}

export const scratchDir = (): string => scratchDirNamed('kdump-sme-report-');
