/**
 * Comparing two readings of the same ranges page for page (model/kernel/judge.ts): a reader's
 * pieces against its owner's, cut wherever either reading changes, each stretch named after the
 * site it lies in. The model's own readers usually cut both readings at the same addresses; these
 * tests cut them differently, as a reading through another attribute or of other memory may.
 */
import { describe, expect, it } from 'vitest';
import { data, garbage, type ReadPiece, type Value } from '../../model/hardware/index.ts';
import { allOk, judgeAgainstView, judgeAgainstViewPerRange, type RangeSite } from '../../model/kernel/judge.ts';
import { runKdump } from '../../model/run.ts';
import { preset } from '../../scenarios/designs/index.ts';
import { environmentOn, machineScenario } from '../../scenarios/machines/index.ts';

const { context } = runKdump(environmentOn(machineScenario('hp-dl385-gen10'), { firstKernel: true, kdumpKernel: true }, [{ type: 'KEXEC_LOAD_CRASH' }]), preset('sme-kdump-v7').decisions);

const A = data('kernel', 1, 0);
const B = data('initrd', 1, 0);
const piece = (start: number, end: number, got: Value = A): ReadPiece => ({ start, end, stored: { value: got, cipher: null }, encrypted: false, got });
const brief = (o: { range: { start: number; end: number }; what: string; ok: boolean }) => `${o.what} [${o.range.start}, ${o.range.end}) ${o.ok ? 'ok' : 'WRONG'}`;

describe('judgeAgainstViewPerRange', () => {
  const sites: RangeSite[] = [
    { range: { start: 0, end: 10 }, what: 'first' },
    { range: { start: 10, end: 20 }, what: 'second' },
  ];

  it('cuts where either reading changes, and names each stretch after the site it lies in', () => {
    const got = [piece(0, 4), piece(4, 10, B), piece(10, 20)];
    const view = [piece(0, 6), piece(6, 15), piece(15, 20, B)];
    expect(judgeAgainstViewPerRange(context, 'notes-read', 'site', sites, got, view).map(brief)).toEqual([
      'first [0, 4) ok',
      'first [4, 6) WRONG',
      'first [6, 10) WRONG',
      'second [10, 15) ok',
      'second [15, 20) WRONG',
    ]);
  });

  it('moves to the next site only where a piece of the reading ends exactly at the site\'s end', () => {
    const got = [piece(0, 20)];
    const view = [piece(0, 10), piece(10, 20)];
    expect(judgeAgainstViewPerRange(context, 'notes-read', 'site', sites, got, view).map(brief)).toEqual(['first [0, 10) ok', 'first [10, 20) ok']);
    expect(judgeAgainstViewPerRange(context, 'notes-read', 'site', sites, view, got).map(brief)).toEqual(['first [0, 10) ok', 'second [10, 20) ok']);
  });

  it('stays on the last site when pieces go on beyond it', () => {
    const one = [sites[0]!];
    const got = [piece(0, 10), piece(10, 12)];
    const view = [piece(0, 10), piece(10, 12)];
    expect(judgeAgainstViewPerRange(context, 'notes-read', 'site', one, got, view).map(brief)).toEqual(['first [0, 10) ok', 'first [10, 12) ok']);
  });

  it('garbage on both sides is wrong: garbage equals nothing', () => {
    const junk = garbage('memory never written');
    expect(judgeAgainstViewPerRange(context, 'notes-read', 'site', sites, [piece(0, 10, junk)], [piece(0, 10, junk)]).map(brief)).toEqual(['first [0, 10) WRONG']);
  });
});

describe('judgeAgainstView', () => {
  it('is one site, from the first piece read to the last', () => {
    const got = [piece(8, 12), piece(12, 16, B)];
    const view = [piece(8, 16)];
    const at = { kind: 'notes-read' as const, site: 'crash_save_cpu', what: 'crash notes' };
    expect(judgeAgainstView(context, at, got, view).map(brief)).toEqual(['crash notes [8, 12) ok', 'crash notes [12, 16) WRONG']);
  });

  it('of nothing read, says nothing', () => {
    expect(judgeAgainstView(context, { kind: 'notes-read', site: 's', what: 'w' }, [], [])).toEqual([]);
  });
});

describe('allOk', () => {
  it('a read is good only when every piece of it is', () => {
    expect(allOk([{ ok: true }, { ok: true }])).toBe(true);
    expect(allOk([{ ok: true }, { ok: false }])).toBe(false);
    expect(allOk([])).toBe(true);
  });
});
