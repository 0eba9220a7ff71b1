/** Progress goes to stderr only on a terminal, as one line rewritten in place and cleared at the end. */
import { describe, expect, it } from 'vitest';
import type { Io } from '../../cli/io.ts';
import { progress } from '../../cli/progress.ts';

function io(isTTY: boolean): Io & { written: () => string } {
  let err = '';
  return { stdout: () => {}, stderr: (s) => (err += s), cwd: '.', isTTY, written: () => err };
}

describe('progress', () => {
  it('writes nothing when stderr is not a terminal', () => {
    const pipe = io(false);
    const bar = progress(pipe, 'explore', 'cells');
    bar.update(1, 4);
    bar.finish();
    expect(pipe.written()).toBe('');
  });

  it('on a terminal, redraws one line per percent (0 to 100) and clears it at the end', () => {
    const tty = io(true);
    const bar = progress(tty, 'explore', 'cells');
    for (let done = 1; done <= 400; done++) bar.update(done, 400);
    bar.finish();
    const draws = tty.written().split('\r\x1b[K').filter((s) => s !== '');
    expect(draws).toHaveLength(101);
    expect(draws[0]).toMatch(/^explore: 1\/400 cells \(0%/);
    expect(draws.at(-1)).toMatch(/^explore: 400\/400 cells \(100%;/);
    expect(tty.written().endsWith('\r\x1b[K')).toBe(true);
  });
});
