/** The scale benchmark: each machine in a child process (bench/scale-child.ts). */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ScaleFigure {
  readonly machine: string;
  readonly ramRanges: number;
  readonly observations: number;
  readonly usPerRun: number;
  readonly usPerFirstRun: number;
  readonly peakRssMB: number;
}

export function scale(which: 'small' | 'large', reps: number): ScaleFigure {
  const child = fileURLToPath(new URL('./scale-child.ts', import.meta.url));
  const out = execFileSync(process.execPath, ['--import', 'tsx', child, which, String(reps)], { encoding: 'utf8' });
  return JSON.parse(out) as ScaleFigure;
}
