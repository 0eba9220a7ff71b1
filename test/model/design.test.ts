/**
 * Design files (model/design): the presets resolve, `extends` inherits, and every bad file is
 * refused with a one-line DesignError naming what is wrong.
 */
import { describe, expect, it } from 'vitest';
import {
  allDecisionCombinations,
  DECISION_POINT_NAMES,
  designSpace,
  type DesignFile,
  DesignError,
  optionsOf,
  parseDesignFile,
  resolveDesign,
  SERIES_POINTS,
  SME_PAIRS,
} from '../../model/design/index.ts';
import { readdirSync } from 'node:fs';
import { lookupPreset, PRESET_JSON, PRESET_NAMES, preset } from '../../scenarios/designs/index.ts';

const WHERE = 'designs/mine.json';

/** Parse and resolve against the presets, as a user's design file is. */
const load = (json: unknown) => resolveDesign(parseDesignFile(json, WHERE), lookupPreset, WHERE);

/** The message of the DesignError `f` throws; fails the test if it throws nothing or something else. */
function designError(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DesignError);
    return (e as Error).message;
  }
  throw new Error('expected a DesignError, but nothing was thrown');
}

const allDecisions = { ...preset('sme-kdump-v7').decisions };
const { 'vmcore.mmapProt': _mmap, ...allButMmapProt } = allDecisions;

describe('presets', () => {
  it('include the series, 4.19 and the four without-patch variants', () => {
    expect(PRESET_NAMES).toEqual(expect.arrayContaining([
      'sme-kdump-v7', 'linux-4.19',
      ...[1, 2, 3, 4].map((n) => `sme-kdump-v7-without-patch-${n}`),
    ]));
  });

  it.each(PRESET_NAMES)('%s resolves to an option at every decision point', (name) => {
    const design = resolveDesign(lookupPreset(name)!, lookupPreset, name);
    expect(design.name).toBe(name);
    expect(Object.keys(design.decisions).sort()).toEqual([...DECISION_POINT_NAMES].sort());
    for (const point of DECISION_POINT_NAMES) expect(optionsOf(point)).toContain(design.decisions[point]);
    expect(design.supports.length).toBeGreaterThan(0);
    for (const pair of design.supports) expect(SME_PAIRS).toContain(pair);
  });

  it.each([1, 2, 3, 4].map((n) => `sme-kdump-v7-without-patch-${n}`))('%s inherits "supports" from sme-kdump-v7', (name) => {
    expect(lookupPreset(name)?.supports).toBeUndefined();
    expect(preset(name).supports).toEqual(['on/on', 'off/off']);
  });
});

describe('bad design files are refused with a one-line DesignError that names the problem', () => {
  const cycle = new Map<string, DesignFile>([
    ['a', { name: 'a', extends: 'b', decisions: {} }],
    ['b', { name: 'b', extends: 'a', decisions: {} }],
  ]);

  const cases: { problem: string; run: () => unknown; names: string[] }[] = [
    { problem: 'unknown decision point', run: () => load({ name: 'x', extends: 'sme-kdump-v7', decisions: { 'kexec.bogus': 'encrypted' } }), names: ['kexec.bogus'] },
    { problem: 'unknown option', run: () => load({ name: 'x', extends: 'sme-kdump-v7', decisions: { 'vmcore.mmapProt': 'sideways' } }), names: ['vmcore.mmapProt', 'sideways'] },
    { problem: 'unknown SME pair', run: () => load({ name: 'x', extends: 'sme-kdump-v7', supports: ['on/maybe'], decisions: {} }), names: ['supports', 'SME pair'] },
    { problem: 'unknown key', run: () => load({ name: 'x', extends: 'sme-kdump-v7', decisions: {}, patches: [1] }), names: ['patches'] },
    { problem: 'wrong type of supports', run: () => load({ name: 'x', extends: 'sme-kdump-v7', supports: 'on/on', decisions: {} }), names: ['supports', 'expected array'] },
    { problem: 'wrong type of an option', run: () => load({ name: 'x', extends: 'sme-kdump-v7', decisions: { 'vmcore.mmapProt': 3 } }), names: ['vmcore.mmapProt', 'expected string'] },
    { problem: 'wrong type of name', run: () => load({ name: 42, decisions: {} }), names: ['name', 'expected string'] },
    { problem: 'extends a missing preset', run: () => load({ name: 'x', extends: 'sme-kdump-v8', decisions: {} }), names: ['extends', 'sme-kdump-v8'] },
    { problem: 'cyclic extends', run: () => resolveDesign(cycle.get('a')!, (n) => cycle.get(n), WHERE), names: ['extends', 'cyclic', 'a -> b'] },
    { problem: 'no extends and no supports', run: () => load({ name: 'x', decisions: allDecisions }), names: ['supports'] },
    { problem: 'no extends and a decision missing', run: () => load({ name: 'x', supports: ['on/on'], decisions: allButMmapProt }), names: ['vmcore.mmapProt'] },
  ];

  it.each(cases)('$problem', ({ run, names }) => {
    const message = designError(run);
    expect(message).not.toMatch(/\n/);
    expect(message.startsWith(WHERE)).toBe(true);
    for (const name of names) expect(message).toContain(name);
  });

  it('an unknown SME pair is named in the message', () => {
    expect(designError(() => load({ name: 'x', extends: 'sme-kdump-v7', supports: ['on/maybe'], decisions: {} }))).toContain('on/maybe');
  });

  it('a wrong type says what was given', () => {
    expect(designError(() => load({ name: 'x', extends: 'sme-kdump-v7', supports: 'on/on', decisions: {} }))).toContain('got string');
  });

  it('a decision point named "__proto__" is refused', () => {
    expect(designError(() => load(JSON.parse('{ "name": "x", "extends": "sme-kdump-v7", "decisions": { "__proto__": "plain" } }')))).toContain('"__proto__"');
  });
});

it('allDecisionCombinations() lists every design the points allow, each once', () => {
  const all = allDecisionCombinations();
  const product = DECISION_POINT_NAMES.reduce((n, p) => n * optionsOf(p).length, 1);
  expect(all).toHaveLength(product);
  expect(new Set(all.map((d) => DECISION_POINT_NAMES.map((p) => d[p]).join(','))).size).toBe(product);
  // One assertion over every design: an expect per design and point would cost a minute.
  const outside = all.flatMap((d) => DECISION_POINT_NAMES.filter((p) => !optionsOf(p).includes(d[p])).map((p) => `${p}=${d[p]}`));
  expect(outside).toEqual([]);
});

it('designSpace() over the series\' nine points is 2^9 designs, the other points kept at the base design', () => {
  const base = preset('sme-kdump-v7-kexec-tools-2.0.17').decisions;
  const space = designSpace(SERIES_POINTS, base);
  expect(space).toHaveLength(512);
  expect(new Set(space.map((d) => SERIES_POINTS.map((p) => d[p]).join(','))).size).toBe(512);
  for (const d of space) for (const p of DECISION_POINT_NAMES.filter((q) => !SERIES_POINTS.includes(q))) expect(d[p]).toBe(base[p]);
  expect(() => designSpace(SERIES_POINTS)).toThrow('needs a base design');
});

it('a design file may share a name with a preset in its own extends chain', () => {
  const file = parseDesignFile({ name: 'sme-kdump-v7', extends: 'sme-kdump-v7-without-patch-2', decisions: {} }, 'mine.json');
  expect(resolveDesign(file, lookupPreset, 'mine.json').decisions['kexec.crashControlPages']).toBe('encrypted');
});

it('every preset file in scenarios/designs is listed in its index', () => {
  const folder = new URL('../../scenarios/designs/', import.meta.url);
  const files = readdirSync(folder).filter((f) => f.endsWith('.json')).sort();
  expect(Object.keys(PRESET_JSON).sort()).toEqual(files);
});
