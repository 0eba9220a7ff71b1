/** The test suite's wall time: `npm test` (type check, then vitest) as a child process. */
import { spawnSync } from 'node:child_process';
import { wallMs } from './measure.ts';

export interface SuiteFigure {
  readonly seconds: number;
  readonly passed: boolean;
}

export function suite(): SuiteFigure {
  const t0 = wallMs();
  const r = spawnSync('npm', ['test'], { stdio: 'ignore', shell: process.platform === 'win32' });
  return { seconds: (wallMs() - t0) / 1000, passed: r.status === 0 };
}
