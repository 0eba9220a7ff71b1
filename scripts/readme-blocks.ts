/**
 * Generated blocks of README.md: the text between `<!-- NAME:start -->` and `<!-- NAME:end -->`
 * is written by a generator and checked by a test, so the README cannot drift from the code.
 */
import { readFileSync, writeFileSync } from 'node:fs';

export const README = new URL('../README.md', import.meta.url);

const markers = (name: string): [string, string] => [`<!-- ${name}:start -->`, `<!-- ${name}:end -->`];

/** The text of a block, without its markers and the blank lines around it. */
export function readBlock(readme: string, name: string): string {
  const [start, end] = markers(name);
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no ${name} block`);
  return readme.slice(from + start.length, to).trim();
}

export function replaceBlock(readme: string, name: string, content: string): string {
  const [start, end] = markers(name);
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no ${name} block`);
  return `${readme.slice(0, from + start.length)}\n${content.trim()}\n${readme.slice(to)}`;
}

export function writeBlocks(blocks: Readonly<Record<string, string>>): void {
  let readme = readFileSync(README, 'utf8');
  for (const [name, content] of Object.entries(blocks)) readme = replaceBlock(readme, name, content);
  writeFileSync(README, readme);
}
