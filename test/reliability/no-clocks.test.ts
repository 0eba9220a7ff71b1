/**
 * The claims, like the model, have no clocks or unseeded randomness, so a seed decides a check:
 * no Math.random, Date.now, new Date, performance.now, hrtime, crypto randomness or timers in
 * properties/, and every fast-check run there is given a seed (without one, fast-check seeds
 * itself from the clock). `setImmediate` in checkAsync only yields to the event loop: it lets
 * signals in between batches and never decides what is generated, so it is allowed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PROPERTIES = join(ROOT, 'properties');

const sources = readdirSync(PROPERTIES, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ file: relative(ROOT, join(PROPERTIES, f)), text: readFileSync(join(PROPERTIES, f), 'utf8') }));

const NONDETERMINISM: [string, RegExp][] = [
  ['Math.random', /\bMath\.random\b/],
  ['Date.now', /\bDate\.now\b/],
  ['new Date', /\bnew\s+Date\b/],
  ['Date()', /(?<![\w.])Date\s*\(/],
  ['performance.now', /\bperformance\.now\b/],
  ['process.hrtime', /\bhrtime\b/],
  ['crypto randomness', /\b(randomBytes|randomUUID|randomInt|getRandomValues)\b/],
  ['setTimeout', /\bsetTimeout\b/],
  ['setInterval', /\bsetInterval\b/],
];

/** The argument text of every call to fast-check's runners (`fc.check(`, `fc.assert(`, ...), up to its closing parenthesis. */
function runnerCalls(text: string): string[] {
  const calls: string[] = [];
  for (const m of text.matchAll(/\bfc\.(check|assert|sample|statistics)\s*\(/g)) {
    let depth = 1;
    let i = m.index + m[0].length;
    for (; i < text.length && depth > 0; i++) depth += text[i] === '(' ? 1 : text[i] === ')' ? -1 : 0;
    calls.push(text.slice(m.index, i));
  }
  return calls;
}

describe('properties/ has no clocks or unseeded randomness', () => {
  it('finds the sources and fast-check runs (the scan is not vacuous)', () => {
    expect(sources.length).toBeGreaterThan(8);
    expect(sources.flatMap(({ text }) => runnerCalls(text)).length).toBeGreaterThan(1);
  });

  it.each(NONDETERMINISM)('has no %s', (_name, pattern) => {
    expect(sources.filter(({ text }) => pattern.test(text)).map(({ file }) => file)).toEqual([]);
  });

  it('gives every fast-check run a seed', () => {
    const unseeded = sources.flatMap(({ file, text }) => runnerCalls(text).filter((call) => !/\bseed\b/.test(call)).map((call) => `${file}: ${call.slice(0, 80)}`));
    expect(unseeded).toEqual([]);
  });
});
