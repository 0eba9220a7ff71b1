/**
 * The model stays the system and nothing else: it imports nothing from the claims, instances or
 * tools built on it, and it has no clocks, randomness, invoked actors or timers (STYLE.md).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const MODEL = join(ROOT, 'model');

const sources = (readdirSync(MODEL, { recursive: true, encoding: 'utf8' }))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ file: join(MODEL, f), text: readFileSync(join(MODEL, f), 'utf8') }));

/** Every module specifier in `import ... from`, `export ... from`, `import '...'` and `import('...')`. */
function specifiers(text: string): string[] {
  const found = text.matchAll(/\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(?\s*['"]([^'"]+)['"]/g);
  return [...found].map((m) => (m[1] ?? m[2])!);
}

const FORBIDDEN_FOLDERS = ['properties', 'scenarios', 'cli', 'bench', 'test'];

describe('model/ boundaries', () => {
  it('finds the model sources and their imports (the scan is not vacuous)', () => {
    expect(sources.length).toBeGreaterThan(10);
    expect(sources.flatMap((s) => specifiers(s.text)).length).toBeGreaterThan(sources.length);
  });

  it(`imports nothing from ${FORBIDDEN_FOLDERS.join(', ')}`, () => {
    const bad = sources.flatMap(({ file, text }) =>
      specifiers(text)
        .filter((spec) => spec.startsWith('.'))
        .map((spec) => ({ from: relative(ROOT, file), to: relative(ROOT, resolve(dirname(file), spec)) }))
        .filter(({ to }) => FORBIDDEN_FOLDERS.some((folder) => to === folder || to.startsWith(`${folder}/`)) || to.startsWith('..')),
    );
    expect(bad).toEqual([]);
  });

  it('does no I/O: no node: built-ins', () => {
    const bad = sources.flatMap(({ file, text }) => specifiers(text).filter((s) => s.startsWith('node:')).map((s) => `${relative(ROOT, file)}: ${s}`));
    expect(bad).toEqual([]);
  });

  const NONDETERMINISM: [string, RegExp][] = [
    ['Math.random', /\bMath\.random\b/],
    ['Date.now', /\bDate\.now\b/],
    ['new Date', /\bnew\s+Date\b/],
    ['performance.now', /\bperformance\.now\b/],
    ['invoke:', /\binvoke\s*:/],
    ['after:', /\bafter\s*:/],
    // Not in the brief's list, but the same rule: timers make a run depend on the clock.
    ['setTimeout', /\bsetTimeout\b/],
    ['setInterval', /\bsetInterval\b/],
  ];

  it.each(NONDETERMINISM)('has no %s', (_name, pattern) => {
    expect(sources.filter(({ text }) => pattern.test(text)).map(({ file }) => relative(ROOT, file))).toEqual([]);
  });
});
