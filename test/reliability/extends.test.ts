/**
 * `extends` chains: a design file may extend only presets, so a cycle or a very deep chain can
 * come only from the presets a lookup knows. resolveDesign refuses both with one line; here the
 * lookup is built to hold such chains.
 */
import { describe, expect, it } from 'vitest';
import { type DesignFile, DesignError, MAX_EXTENDS_DEPTH, resolveDesign } from '../../model/design/design.ts';
import { preset } from '../../scenarios/designs/index.ts';

const ROOT: DesignFile = { name: 'root', supports: ['on/on'], decisions: { ...preset('sme-kdump-v7').decisions } };

/** `length` designs d1 -> d2 -> ... -> d<length> -> root, known to the lookup. */
function chain(length: number): Map<string, DesignFile> {
  const known = new Map<string, DesignFile>([['root', ROOT]]);
  for (let i = 1; i <= length; i++) known.set(`d${i}`, { name: `d${i}`, extends: i === length ? 'root' : `d${i + 1}`, decisions: {} });
  return known;
}

const resolving = (known: Map<string, DesignFile>, extendsName: string) => () =>
  resolveDesign({ name: 'mine', extends: extendsName, decisions: {} }, (n) => known.get(n), 'mine.json');

describe('extends', () => {
  it(`resolves a chain of ${MAX_EXTENDS_DEPTH - 1} presets, inheriting the root's decisions and claims`, () => {
    const design = resolving(chain(MAX_EXTENDS_DEPTH - 1), 'd1')();
    expect(design).toEqual({ name: 'mine', supports: ['on/on'], decisions: ROOT.decisions });
  });

  it('refuses a chain deeper than the limit, in one line', () => {
    const resolve = resolving(chain(MAX_EXTENDS_DEPTH + 5), 'd1');
    expect(resolve).toThrow(DesignError);
    expect(resolve).toThrow(new RegExp(`^mine.json: "extends" nests deeper than ${MAX_EXTENDS_DEPTH} designs$`));
  });

  it('refuses a cycle among presets, naming it', () => {
    const known = new Map<string, DesignFile>([
      ['a', { name: 'a', extends: 'b', decisions: {} }],
      ['b', { name: 'b', extends: 'c', decisions: {} }],
      ['c', { name: 'c', extends: 'a', decisions: {} }],
    ]);
    expect(resolving(known, 'a')).toThrow(/^mine.json: "extends" is cyclic \(mine -> a -> b -> c -> a\)$/);
  });

  it('refuses a cycle longer than the depth limit as too deep, without looping', () => {
    const known = chain(MAX_EXTENDS_DEPTH * 2);
    known.set(`d${MAX_EXTENDS_DEPTH * 2}`, { name: `d${MAX_EXTENDS_DEPTH * 2}`, extends: 'd1', decisions: {} });
    expect(resolving(known, 'd1')).toThrow(/nests deeper than/);
  });
});
