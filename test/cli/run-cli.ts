/**
 * Running kdump-sme as a user does: `node bin/kdump-sme.mjs ...` in a child process, in a working
 * directory of the test's own; and, for the many usage errors, main() in-process (faster).
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../cli/main.ts';
import type { Io } from '../../cli/io.ts';
import { scratchDirNamed } from '../scratch.ts';

export const BIN = fileURLToPath(new URL('../../bin/kdump-sme.mjs', import.meta.url));

export interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run the command in `cwd`; resolves with its exit code and output (never rejects on a non-zero exit). */
export function runCli(args: readonly string[], cwd: string): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [BIN, ...args], { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, KDUMP_SME_DEBUG: '' } }, (error, stdout, stderr) => {
      const code = error === null ? 0 : (error as { code?: unknown }).code;
      if (typeof code !== 'number') reject(error ?? new Error('no exit code'));
      else resolve({ code, stdout, stderr });
    });
  });
}

/** main() in-process, with output collected. */
export async function runMain(args: readonly string[], cwd: string, signal?: AbortSignal): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd, isTTY: false, ...(signal === undefined ? {} : { signal }) };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** A fresh working directory. */
export const tempDir = (): string => scratchDirNamed('kdump-sme-cli-');

/** Write a JSON file into `dir`; returns its name. */
export function writeJson(dir: string, name: string, value: unknown): string {
  writeFileSync(join(dir, name), `${JSON.stringify(value, null, 2)}\n`);
  return name;
}

/** The design of the example: the series without patch 2 (crash pages written encrypted). */
export const WITHOUT_PATCH_2 = {
  name: 'mine-without-patch-2',
  extends: 'sme-kdump-v7',
  decisions: { 'kexec.crashControlPages': 'encrypted', 'kexec.crashSegments': 'encrypted' },
};
