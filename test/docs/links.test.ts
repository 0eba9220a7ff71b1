/**
 * The README is a landing page and docs/ holds the rest: the README stays under 300 lines, and
 * every relative link in it and in docs/ reaches a file that exists and, with an anchor, a heading
 * that is there (GitHub's anchors: the heading lowercased, punctuation dropped, spaces as hyphens).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const documents = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const text = (file: string): string => readFileSync(join(root, file), 'utf8');

/** The headings outside code blocks, as anchors. */
function anchors(file: string): Set<string> {
  const out = new Set<string>();
  let fence = false;
  for (const line of text(file).split('\n')) {
    if (line.startsWith('```')) fence = !fence;
    const m = /^#{1,6} (.*)$/.exec(line);
    if (m !== null && !fence) out.add(m[1]!.trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-'));
  }
  return out;
}

it('the README fits on a few screens: under 300 lines', () => {
  expect(text('README.md').split('\n').length).toBeLessThan(300);
});

describe.each(documents)('%s', (file) => {
  it('every relative link reaches a file and a heading that exist', () => {
    const links = [...text(file).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((l) => !/^[a-z]+:/.test(l));
    for (const link of links) {
      const [path, anchor] = link.split('#') as [string, string | undefined];
      const target = path === '' ? file : relative(root, join(root, dirname(file), path));
      expect(existsSync(join(root, target)), `${file}: ${link}: no ${target}`).toBe(true);
      if (anchor !== undefined) expect(anchors(target).has(anchor), `${file}: ${link}: no heading #${anchor} in ${target}`).toBe(true);
    }
  });
});
