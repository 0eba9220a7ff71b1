/**
 * Design files (model/design): the presets resolve, `extends` inherits, and every bad file is
 * refused with a one-line DesignError naming what is wrong.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  allDecisionCombinations,
  designAt,
  designCount,
  type Decisions,
  DECISION_POINT_NAMES,
  DECISION_POINTS,
  designSpace,
  type DesignFile,
  DesignError,
  optionsOf,
  parseDesignFile,
  resolveDesign,
  SERIES_OPTIONS,
  SERIES_POINTS,
  SUPPORT_ROWS,
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
    for (const pair of design.supports) expect(SUPPORT_ROWS).toContain(pair);
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

/** A design read as a number in mixed radix: one digit per point (its option's place), the last point fastest. */
function indexOf(d: Decisions): number {
  let index = 0;
  for (const p of DECISION_POINT_NAMES) {
    const digit = optionsOf(p).indexOf(d[p]);
    if (digit < 0) throw new Error(`${p}=${d[p]} is not an option`);
    index = index * optionsOf(p).length + digit;
  }
  return index;
}

describe('every design the points allow (over twenty million: listed lazily)', () => {
  it('designCount() is the product of the options', () => {
    expect(designCount()).toBe(DECISION_POINT_NAMES.reduce((n, p) => n * optionsOf(p).length, 1));
  });

  // designAt() and indexOf() undo each other on every index: each design is listed exactly once.
  test.prop([fc.nat(designCount() - 1)], { numRuns: 2000 })('designAt(i) is the design whose mixed-radix number is i', (i) => {
    expect(indexOf(designAt(i))).toBe(i);
  });

  it('the first and the last design take the first and the last option of every point', () => {
    expect(designAt(0)).toEqual(Object.fromEntries(DECISION_POINT_NAMES.map((p) => [p, optionsOf(p)[0]])));
    expect(designAt(designCount() - 1)).toEqual(Object.fromEntries(DECISION_POINT_NAMES.map((p) => [p, optionsOf(p).at(-1)])));
  });

  it('allDecisionCombinations() yields designAt(0), designAt(1), ... in designSpace()\'s order', () => {
    const first = [...Array(5000).keys()];
    const listed: number[] = [];
    for (const d of allDecisionCombinations()) {
      listed.push(indexOf(d));
      if (listed.length === first.length) break;
    }
    expect(listed).toEqual(first);
    // designSpace() orders designs the same way (the first point slowest), as a small space shows in full.
    const vary = ['kexec.crashControlPages', 'mm.encDecFlush'] as const;
    const space = designSpace(vary, preset('sme-kdump-v7').decisions);
    expect(space.map((d) => vary.map((p) => d[p]).join(','))).toEqual(optionsOf(vary[0]).flatMap((a) => optionsOf(vary[1]).map((b) => `${a},${b}`)));
  });
});

it('designSpace() over the series\' nine points with the series\' options is 2^9 designs, the other points kept at the base design', () => {
  const base = preset('sme-kdump-v7-kexec-tools-2.0.17').decisions;
  const space = designSpace(SERIES_POINTS, base, SERIES_OPTIONS);
  expect(space).toHaveLength(512);
  expect(new Set(space.map((d) => SERIES_POINTS.map((p) => d[p]).join(','))).size).toBe(512);
  for (const d of space) for (const p of SERIES_POINTS) expect(SERIES_OPTIONS[p]).toContain(d[p]);
  // Every option of each of them: the six points the SEV guest gave a third option, 3^6 x 2^3.
  expect(designSpace(SERIES_POINTS, base)).toHaveLength(3 ** 6 * 2 ** 3);
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

it('every decision point gives a meaning for each of its options, and for nothing else', () => {
  for (const point of DECISION_POINT_NAMES) expect(Object.keys(DECISION_POINTS[point].meaning), point).toEqual([...optionsOf(point)]);
});

it('a reader that needs the first kernel\'s SME flag is refused in a design that does not hand it over, and left out of a design space', () => {
  const file = parseDesignFile({ name: 'x', extends: 'sme-kdump-v7', decisions: { 'vmcore.mmapProt': 'pgprot-encrypted-if-first-kernel-sme' } }, 'x.json');
  expect(() => resolveDesign(file, lookupPreset, 'x.json')).toThrow('x.json: vmcore.mmapProt: "pgprot-encrypted-if-first-kernel-sme" needs the first kernel\'s SME flag, but handoff.firstKernelSme is "none" (give "boot-params")');
  const withFlag = parseDesignFile({ name: 'x', extends: 'sme-kdump-v7', decisions: { 'handoff.firstKernelSme': 'boot-params', 'vmcore.mmapProt': 'pgprot-encrypted-if-first-kernel-sme' } }, 'x.json');
  expect(resolveDesign(withFlag, lookupPreset, 'x.json').decisions['vmcore.mmapProt']).toBe('pgprot-encrypted-if-first-kernel-sme');
  const space = designSpace(['handoff.firstKernelSme', 'vmcore.mmapProt'], preset('sme-kdump-v7').decisions);
  expect(space.map((d) => `${d['handoff.firstKernelSme']} ${d['vmcore.mmapProt']}`)).toEqual(['none plain', 'boot-params plain', 'none pgprot-encrypted', 'boot-params pgprot-encrypted', 'boot-params pgprot-encrypted-if-first-kernel-sme']);
});
