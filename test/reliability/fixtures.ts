/**
 * What the reliability tests share: a child process that can be interrupted or timed out, the
 * pinned counterexample they edit, and the checks that an outcome is one line on stderr and that
 * no temporary file was left behind.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { BIN, type Outcome } from '../cli/run-cli.ts';

export { runCli, runMain, tempDir, WITHOUT_PATCH_2, writeJson, type Outcome } from '../cli/run-cli.ts';

/** A counterexample `check` wrote and `scenarios/regressions/` pins: KEXEC-CONTROL broken without patch 2. */
export const PINNED = new URL('../../scenarios/regressions/sme-kdump-v7-without-patch-2.KEXEC-CONTROL.on-on.json', import.meta.url);

export const pinnedText = (): string => readFileSync(PINNED, 'utf8');
export const pinnedJson = (): Record<string, unknown> => JSON.parse(pinnedText()) as Record<string, unknown>;

export interface ChildOutcome extends Outcome {
  /** The signal that ended the process, if one did. */
  readonly signal: NodeJS.Signals | null;
}

/**
 * `node bin/kdump-sme.mjs ...args` in `cwd`; SIGINT after `interruptAfterMs` if given; killed
 * (and the promise rejected) after `timeoutMs`, so a hang fails the test instead of stalling it.
 */
export function spawnCli(args: readonly string[], cwd: string, options: { interruptAfterMs?: number; timeoutMs?: number } = {}): Promise<ChildOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, KDUMP_SME_DEBUG: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const interrupt = options.interruptAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGINT'), options.interruptAfterMs);
    const kill = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kdump-sme ${args.join(' ')} did not finish within ${options.timeoutMs ?? 20_000} ms`));
    }, options.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(interrupt);
      clearTimeout(kill);
      resolve({ code: code ?? -1, signal, stdout, stderr });
    });
  });
}

/** Exit 2, nothing on stdout, and one line on stderr that says `says`; no stack trace. */
export function expectOneLineError(outcome: Outcome, says: RegExp): void {
  expect(outcome.stderr).toMatch(says);
  expect(outcome.stderr).toMatch(/^kdump-sme[^\n]*\n$/);
  expect(outcome.stderr).not.toMatch(/internal error|\bat .*:\d+:\d+/);
  expect(outcome.stdout).toBe('');
  expect(outcome.code).toBe(2);
}

/** Every file under `dir` (relative paths), sorted. */
export const filesUnder = (dir: string): string[] => readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();

/** Temporary files (`*.tmp`) left anywhere under `dir`. */
export const leftovers = (dir: string): string[] => filesUnder(dir).filter((f) => f.endsWith('.tmp'));
