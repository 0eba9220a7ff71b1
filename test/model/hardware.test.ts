/**
 * Properties of the hardware core (model/hardware): DRAM behind the SME encryption engine, the
 * C-bit as an address bit, the key's lifetime, raw copies, and the interval map under it all.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  type Cell,
  cbitMask,
  copyRaw,
  data,
  decodeHardwareAddress,
  dramRead,
  dramWrite,
  emptyMemory,
  fillAll,
  type GarbageCause,
  GiB,
  load,
  NEVER_WRITTEN,
  PAGE_SIZE,
  powerOn,
  type ReadPiece,
  reset,
  sameData,
  store,
  storeAll,
  type Value,
} from '../../model/hardware/index.ts';
import { runKdump } from '../../model/run.ts';
import { PRESET_NAMES, preset } from '../../scenarios/designs/index.ts';
import { environmentOn, machineScenario } from '../../scenarios/machines/index.ts';
import {
  CBIT_POSITIONS,
  COPY_RAM,
  dataArb,
  dramOf,
  encryptingMachineArb,
  LOAD_PAGES,
  MAP_PAGES,
  loadRangeArb,
  pageAddress,
  pageWritesArb,
  plainMachineArb,
  rawCopyArb,
  ramSpotArb,
  smeCpu,
} from './arbitraries.ts';

/** The pieces of a read cover [at, at + length) exactly, so a check over every piece is not vacuous. */
function expectCovers(pieces: readonly ReadPiece[], at: number, length: number): void {
  expect(pieces.length).toBeGreaterThan(0);
  expect(pieces[0]!.start).toBe(at);
  expect(pieces.at(-1)!.end).toBe(at + length);
}

function expectAllData(pieces: readonly ReadPiece[], at: number, length: number, value: Value): void {
  expectCovers(pieces, at, length);
  for (const p of pieces) expect(sameData(p.got, value)).toBe(true);
}

function expectAllGarbage(pieces: readonly ReadPiece[], at: number, length: number, cause: GarbageCause): void {
  expectCovers(pieces, at, length);
  for (const p of pieces) {
    expect(p.got).toEqual({ kind: 'garbage', cause });
    expect(sameData(p.got, p.got)).toBe(false);
  }
}

describe.each(CBIT_POSITIONS)('SME with the C-bit at %i', (cbit) => {
  const c = 2 ** cbit;

  test.prop([encryptingMachineArb(cbit), ramSpotArb, dataArb, fc.boolean()])(
    'a write and a read through the same attribute round-trip the data',
    (machine, spot, value, viaCbit) => {
      const address = viaCbit ? spot.at + cbitMask(machine.cpu) : spot.at;
      const dram = dramWrite(dramOf(machine, spot.ram), address, spot.length, value);
      expectAllData(dramRead(dram, address, spot.length), spot.at, spot.length, value);
    },
  );

  test.prop([plainMachineArb(cbit), ramSpotArb, dataArb])(
    'with memory encryption disabled, a C-bit-free round trip returns the data',
    (machine, spot, value) => {
      const dram = dramWrite(dramOf(machine, spot.ram), spot.at, spot.length, value);
      expectAllData(dramRead(dram, spot.at, spot.length), spot.at, spot.length, value);
    },
  );

  test.prop([encryptingMachineArb(cbit), ramSpotArb, dataArb])(
    'written encrypted and read plain, or written plain and read encrypted, gives garbage',
    (machine, spot, value) => {
      const empty = dramOf(machine, spot.ram);
      const cipher = dramWrite(empty, spot.at + c, spot.length, value);
      expectAllGarbage(dramRead(cipher, spot.at, spot.length), spot.at, spot.length, 'ciphertext read without the C-bit');
      const plain = dramWrite(empty, spot.at, spot.length, value);
      expectAllGarbage(dramRead(plain, spot.at + c, spot.length), spot.at, spot.length, 'plaintext read through a C-bit mapping');
    },
  );

  const usablePageAddress = fc.integer({ min: 0, max: 2 ** 28 - 1 }).map((p) => p * PAGE_SIZE); // below 2^40

  test.prop([encryptingMachineArb(cbit), usablePageAddress])(
    'with encryption enabled, the C-bit is stripped from the address and means "encrypted"',
    (machine, address) => {
      expect(decodeHardwareAddress(machine, address + c)).toEqual({ paddr: address, encrypted: true });
      expect(decodeHardwareAddress(machine, address)).toEqual({ paddr: address, encrypted: false });
    },
  );

  test.prop([plainMachineArb(cbit), ramSpotArb, dataArb, dataArb])(
    'with encryption disabled, the C-bit address is another physical address, outside this RAM',
    (machine, spot, before, after) => {
      expect(decodeHardwareAddress(machine, spot.at + c)).toEqual({ paddr: spot.at + c, encrypted: false });
      const dram = dramWrite(dramOf(machine, spot.ram), spot.at, spot.length, before);
      expectAllGarbage(dramRead(dram, spot.at + c, spot.length), spot.at + c, spot.length, 'no RAM at this address');
      const lost = dramWrite(dram, spot.at + c, spot.length, after);
      expectAllData(dramRead(lost, spot.at, spot.length), spot.at, spot.length, before);
    },
  );

  test.prop([encryptingMachineArb(cbit), fc.integer({ min: 1, max: 5 }), ramSpotArb, dataArb])(
    'every reset makes a new key, and ciphertext from before it reads as garbage',
    (machine, resets, spot, value) => {
      const machines = [machine];
      for (let i = 0; i < resets; i++) machines.push(reset(machines.at(-1)!));
      expect(new Set(machines.map((m) => m.key.generation)).size).toBe(resets + 1);
      const written = dramWrite(dramOf(machine, spot.ram), spot.at + c, spot.length, value);
      const afterReset = { ...written, machine: machines.at(-1)! };
      expectAllGarbage(dramRead(afterReset, spot.at + c, spot.length), spot.at, spot.length, 'ciphertext made under another key');
    },
  );

  test.prop([encryptingMachineArb(cbit), rawCopyArb, dataArb])(
    'ciphertext copied raw to another address reads as garbage there, through the C-bit',
    (machine, { src, dst }, value) => {
      const length = src.end - src.start;
      const written = dramWrite(dramOf(machine, [COPY_RAM]), src.start + c, length, value);
      const moved = { ...written, memory: copyRaw(written.memory, src, dst) };
      expectAllGarbage(dramRead(moved, dst + c, length), dst, length, 'ciphertext moved from another address');
    },
  );

  test.prop([fc.oneof(encryptingMachineArb(cbit), plainMachineArb(cbit)), rawCopyArb, dataArb])(
    'plaintext copied raw to another address reads back as the same data, moved',
    (machine, { src, dst }, value) => {
      const length = src.end - src.start;
      const written = dramWrite(dramOf(machine, [COPY_RAM]), src.start, length, value);
      const moved = { ...written, memory: copyRaw(written.memory, src, dst) };
      const shifted = data(value.region, value.gen, value.base + (dst - src.start));
      expectAllData(dramRead(moved, dst, length), dst, length, shifted);
    },
  );
});

// RAM below the SME-reduced address limit is RAM however far past the limit a read goes.
it('a page below the SME address limit reads the same alone or in a read that crosses the limit', () => {
  const cpu = { ...smeCpu(47, 13), physAddrBits: 48 }; // usable addresses below 2^35 = 32 GiB
  const ram = [{ start: 4 * GiB, end: 34 * GiB }];
  const value = data('below the limit', 1, 31 * GiB);
  const dram = dramWrite(dramOf(powerOn(cpu, true), ram), 31 * GiB, GiB, value);
  expectAllData(dramRead(dram, 31 * GiB, GiB), 31 * GiB, GiB, value);
  const crossing = dramRead(dram, 31 * GiB, 2 * GiB).filter((p) => p.start < 32 * GiB);
  expectAllData(crossing, 31 * GiB, GiB, value);
});

describe('the key across kexec', () => {
  const machine = machineScenario('hp-dl385-gen10');
  const pairs = [{ firstKernel: true, kdumpKernel: true }, { firstKernel: false, kdumpKernel: false }];

  it.each(PRESET_NAMES.flatMap((name) => pairs.map((sme) => ({ name, sme }))))(
    '$name, SME $sme.firstKernel/$sme.kdumpKernel: the run ends under the powered-on key',
    ({ name, sme }) => {
      const env = environmentOn(machine, sme);
      const { context, run } = runKdump(env, preset(name).decisions);
      expect(run.stages).toContain('relocation');
      expect(context.dram.machine.key).toEqual(powerOn(env.cpu, env.firmwareSme).key);
    },
  );
});

describe('the interval map (store / load)', () => {
  test.prop([fc.boolean(), pageWritesArb, loadRangeArb])(
    'agrees with a page-by-page array, keeps ranges sorted and disjoint, and loads exactly the range asked',
    (filled, writes, range) => {
      const background: Cell = filled ? { value: data('boot fill', 0, 0), cipher: null } : NEVER_WRITTEN;
      let memory = filled ? fillAll(background) : emptyMemory();
      const naive: Cell[] = Array.from({ length: LOAD_PAGES }, () => background);
      for (const w of writes) {
        memory = store(memory, pageAddress(w.start), pageAddress(w.end), w.cell);
        for (let p = w.start; p < w.end; p++) naive[p] = w.cell;
      }
      memory.ranges.forEach((r, i) => {
        expect(r.start).toBeLessThan(r.end);
        const next = memory.ranges[i + 1];
        if (next !== undefined) expect(r.end).toBeLessThanOrEqual(next.start);
      });
      const pieces = load(memory, pageAddress(range.start), pageAddress(range.end));
      expect(pieces[0]?.start).toBe(pageAddress(range.start));
      expect(pieces.at(-1)?.end).toBe(pageAddress(range.end));
      pieces.forEach((piece, i) => {
        expect(piece.start).toBeLessThan(piece.end);
        if (i > 0) expect(piece.start).toBe(pieces[i - 1]!.end);
        for (let p = piece.start / PAGE_SIZE; p < piece.end / PAGE_SIZE; p++) expect(piece.cell).toBe(naive[p]);
      });
    },
  );

  /** Writes that ascend without overlapping (some empty, some touching), the shape storeAll merges in one pass. */
  const ascendingWritesArb = fc
    .array(fc.record({ gap: fc.nat(3), len: fc.nat(4), encrypted: fc.boolean() }), { maxLength: 10 })
    .map((ws) => {
      let at = 0;
      return ws.flatMap(({ gap, len, encrypted }, i) => {
        const start = Math.min(at + gap, MAP_PAGES);
        at = Math.min(start + len, MAP_PAGES);
        return [{ start: pageAddress(start), end: pageAddress(at), cell: { value: data('batch', i, pageAddress(start)), cipher: encrypted ? { key: 1, shift: 0 } : null } }];
      });
    });
  const toStored = (ws: readonly { start: number; end: number; cell: Cell }[]) => ws.map((w) => ({ start: pageAddress(w.start), end: pageAddress(w.end), cell: w.cell }));

  test.prop([pageWritesArb, fc.oneof(ascendingWritesArb, pageWritesArb.map(toStored))])(
    'storeAll gives the same memory as storing each write in turn, whether or not the writes ascend',
    (before, batch) => {
      const memory = before.reduce((m, w) => store(m, pageAddress(w.start), pageAddress(w.end), w.cell), fillAll(NEVER_WRITTEN));
      const oneByOne = batch.reduce((m, w) => store(m, w.start, w.end, w.cell), memory);
      const all = storeAll(memory, batch);
      expect(all).toEqual(oneByOne);
      if (oneByOne === memory) expect(all).toBe(memory);
    },
  );
});
