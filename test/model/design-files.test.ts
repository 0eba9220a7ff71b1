/**
 * Design files (model/design/design.ts), word for word: the one-line message a user reads for
 * each kind of bad file, and how far and how `extends` may be followed.
 */
import { describe, expect, it } from 'vitest';
import { type DesignFile, DesignError, MAX_EXTENDS_DEPTH, pairOf, parseDesignFile, resolveDesign } from '../../model/design/index.ts';
import { preset } from '../../scenarios/designs/index.ts';

const WHERE = 'designs/mine.json';
const PAIRS = 'on/on, on/off, off/on, off/off, sev';

/** The DesignError `f` throws; fails the test if it throws nothing or something else. */
function designErrorOf(f: () => unknown): DesignError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DesignError);
    return e as DesignError;
  }
  throw new Error('expected a DesignError, but nothing was thrown');
}

const parseMessage = (json: unknown): string => designErrorOf(() => parseDesignFile(json, WHERE)).message;

describe('the message for a file whose shape is wrong', () => {
  it.each([
    { file: 'null', json: null, message: `${WHERE}: expected object, got null` },
    { file: 'an array', json: [], message: `${WHERE}: expected object, got array` },
    { file: 'a string', json: 'sme-kdump-v7', message: `${WHERE}: expected object, got string` },
  ])('a file that is $file is named without a key path', ({ json, message }) => {
    expect(parseMessage(json)).toBe(message);
  });

  it.each([
    { given: 'null', name: null, message: `${WHERE}: "name": expected string, got null` },
    { given: 'an array', name: ['x'], message: `${WHERE}: "name": expected string, got array` },
    { given: 'a number', name: 42, message: `${WHERE}: "name": expected string, got number` },
  ])('a name that is $given says what was given', ({ name, message }) => {
    expect(parseMessage({ name, decisions: {} })).toBe(message);
  });

  it('an option that is not a string names its decision point by its full path', () => {
    expect(parseMessage({ name: 'x', decisions: { 'vmcore.mmapProt': 3 } }))
      .toBe(`${WHERE}: "decisions.vmcore.mmapProt": expected string, got number`);
  });

  it('an empty name is refused with the schema\'s own words', () => {
    expect(parseMessage({ name: '', decisions: {} })).toBe(`${WHERE}: "name": Too small: expected string to have >=1 characters`);
  });

  it('unknown keys are all named, with the valid keys', () => {
    expect(parseMessage({ name: 'x', decisions: {}, patches: [1], notes: 'v7' }))
      .toBe(`${WHERE}: unknown key "patches", "notes" (valid keys: name, extends, supports, decisions)`);
  });
});

describe('the message for a bad SME pair', () => {
  it('an unknown pair is quoted with its index in "supports" and the valid pairs', () => {
    expect(parseMessage({ name: 'x', supports: ['on/on', 'on/maybe'], decisions: {} }))
      .toBe(`${WHERE}: "supports.1": "on/maybe" is not a valid SME pair or platform row (valid: ${PAIRS})`);
  });

  it('a pair that is not a string is not quoted', () => {
    expect(parseMessage({ name: 'x', supports: [3], decisions: {} }))
      .toBe(`${WHERE}: "supports.0": expected an SME pair or "sev" (valid: ${PAIRS})`);
  });
});

describe('the message for a bad decision', () => {
  it('an unknown option lists the options of its point, comma-separated', () => {
    expect(parseMessage({ name: 'x', decisions: { 'vmcore.mmapProt': 'sideways' } }))
      .toBe(`${WHERE}: "sideways" is not an option of vmcore.mmapProt (valid: plain, pgprot-encrypted, pgprot-encrypted-if-first-kernel-sme)`);
  });

  it('an unknown decision point lists every point', () => {
    expect(parseMessage({ name: 'x', decisions: { 'kexec.bogus': 'plain' } })).toBe(
      `${WHERE}: unknown decision point "kexec.bogus" (valid: kexec.crashControlPages, kexec.crashSegments, kexec.identityMapCbit, ` +
        'kexec.syscall, kexectools.e820Reserved, kexecfile.e820Reserved, kexecfile.setupData, boot.setupDataBound, ' +
        'kdump.iommuDevTableAddress, kdump.iommuDevTableMapping, vmcore.elfcorehdrRead, vmcore.notesRead, vmcore.oldmemRead, vmcore.mmapProt, vmcoreinfo.smeMask, dumptool.smeMask, kexec.relocateWbinvd, crash.stopCpusWbinvd, mm.encDecFlush, handoff.firstKernelSme, kdump.cbitSource)',
    );
  });
});

it('a DesignError is named DesignError when printed', () => {
  expect(String(designErrorOf(() => parseDesignFile(null, WHERE)))).toBe(`DesignError: ${WHERE}: expected object, got null`);
});

describe('following "extends"', () => {
  const complete: DesignFile = { name: 'base', supports: ['on/on'], decisions: { ...preset('sme-kdump-v7').decisions } };

  /** `file` extending a line of `parents` designs p1 -> p2 -> ... -> pN, the last one complete. */
  function line(parents: number): { file: DesignFile; lookup: (name: string) => DesignFile | undefined } {
    const designs = new Map<string, DesignFile>();
    for (let i = 1; i <= parents; i++) {
      designs.set(`p${i}`, i === parents ? { ...complete, name: `p${i}` } : { name: `p${i}`, extends: `p${i + 1}`, decisions: {} });
    }
    return { file: { name: 'mine', extends: 'p1', decisions: {} }, lookup: (name) => designs.get(name) };
  }

  it(`a chain of ${MAX_EXTENDS_DEPTH} designs above a file resolves`, () => {
    const { file, lookup } = line(MAX_EXTENDS_DEPTH);
    expect(resolveDesign(file, lookup, WHERE)).toEqual({ name: 'mine', supports: ['on/on'], decisions: complete.decisions });
  });

  it(`a chain of ${MAX_EXTENDS_DEPTH + 1} designs above a file is refused`, () => {
    const { file, lookup } = line(MAX_EXTENDS_DEPTH + 1);
    expect(designErrorOf(() => resolveDesign(file, lookup, WHERE)).message).toBe(`${WHERE}: "extends" nests deeper than 16 designs`);
  });

  it('a design that extends itself is refused as cyclic, naming itself once on each side', () => {
    const self: DesignFile = { name: 'loop', extends: 'loop', decisions: {} };
    expect(designErrorOf(() => resolveDesign(self, (name) => (name === 'loop' ? self : undefined), WHERE)).message)
      .toBe(`${WHERE}: "extends" is cyclic (loop -> loop)`);
  });

  it('a cycle among the parents is reported where it closes', () => {
    const designs = new Map<string, DesignFile>([
      ['a', { name: 'a', extends: 'b', decisions: {} }],
      ['b', { name: 'b', extends: 'a', decisions: {} }],
    ]);
    expect(designErrorOf(() => resolveDesign({ name: 'mine', extends: 'a', decisions: {} }, (n) => designs.get(n), WHERE)).message)
      .toBe(`${WHERE}: "extends" is cyclic (mine -> a -> b -> a)`);
  });
});

it('pairOf writes (first kernel SME, kdump kernel SME) as "on/off"', () => {
  expect([pairOf(true, true), pairOf(true, false), pairOf(false, true), pairOf(false, false)]).toEqual(['on/on', 'on/off', 'off/on', 'off/off']);
});
