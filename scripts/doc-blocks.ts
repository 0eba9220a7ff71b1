/**
 * Generated blocks of the README and docs/: the text between `<!-- NAME:start -->` and
 * `<!-- NAME:end -->` is written by a generator (`npm run docs:write`) and checked by a test, so
 * the documents cannot drift from the code.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const README = new URL('../README.md', import.meta.url);

/** A file of docs/, by name. */
export const doc = (name: string): URL => new URL(`../docs/${name}`, import.meta.url);

const markers = (name: string): [string, string] => [`<!-- ${name}:start -->`, `<!-- ${name}:end -->`];

const shown = (file: URL): string => fileURLToPath(file).replace(/^.*\/(docs\/[^/]+|README\.md)$/, '$1');

/** Where a block's text lies in `text`: after its start marker, up to its end marker. */
function span(text: string, name: string, file: URL): [number, number] {
  const [start, end] = markers(name);
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${shown(file)} has no ${name} block`);
  return [from + start.length, to];
}

/** The text of a block, without its markers and the blank lines around it. */
export function readBlock(file: URL, name: string): string {
  const text = readFileSync(file, 'utf8');
  const [from, to] = span(text, name, file);
  return text.slice(from, to).trim();
}

export function writeBlocks(file: URL, blocks: Readonly<Record<string, string>>): void {
  let text = readFileSync(file, 'utf8');
  for (const [name, content] of Object.entries(blocks)) {
    const [from, to] = span(text, name, file);
    text = `${text.slice(0, from)}\n${content.trim()}\n${text.slice(to)}`;
  }
  writeFileSync(file, text);
}
