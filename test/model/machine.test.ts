/**
 * The machine (model/hardware/machine.ts): when the hardware honours the C-bit, how many address
 * bits are usable, what an address as the hardware sees it means, and the key's lifetime.
 */
import { describe, expect, it } from 'vitest';
import { type Cpu, decodeHardwareAddress, physAddrLimit, powerOn, reset } from '../../model/hardware/index.ts';

const EPYC: Cpu = { name: 'test EPYC', smeSupported: true, cbit: 47, physAddrReduction: 5, physAddrBits: 48, smeCoherent: false, cpus: 8 };
const C = 2 ** 47;

describe('physAddrLimit', () => {
  it.each([
    { smeSupported: true, firmwareSme: true, limit: 2 ** 43 },
    { smeSupported: true, firmwareSme: false, limit: 2 ** 48 },
    { smeSupported: false, firmwareSme: true, limit: 2 ** 48 },
  ])('CPU support $smeSupported, firmware bit $firmwareSme: addresses below $limit', ({ smeSupported, firmwareSme, limit }) => {
    expect(physAddrLimit(powerOn({ ...EPYC, smeSupported }, firmwareSme))).toBe(limit);
  });

  it('a reduction as wide as the address leaves one address, a wider one none', () => {
    expect(physAddrLimit(powerOn({ ...EPYC, physAddrBits: 40, physAddrReduction: 40 }, true))).toBe(1);
    expect(physAddrLimit(powerOn({ ...EPYC, physAddrBits: 40, physAddrReduction: 41 }, true))).toBe(0);
  });
});

describe('decodeHardwareAddress', () => {
  it('with SME enabled, the C-bit is taken off the address and means encrypted', () => {
    expect(decodeHardwareAddress(powerOn(EPYC, true), 0x1234000 + C)).toEqual({ paddr: 0x1234000, encrypted: true });
    expect(decodeHardwareAddress(powerOn(EPYC, true), 0x1234000)).toEqual({ paddr: 0x1234000, encrypted: false });
  });

  it('without the firmware bit, or on a CPU without SME, the C-bit is an ordinary address bit', () => {
    expect(decodeHardwareAddress(powerOn(EPYC, false), 0x1234000 + C)).toEqual({ paddr: 0x1234000 + C, encrypted: false });
    expect(decodeHardwareAddress(powerOn({ ...EPYC, smeSupported: false }, true), 0x1234000 + C)).toEqual({ paddr: 0x1234000 + C, encrypted: false });
  });

  it('decodes each machine by its own C-bit, one machine after another', () => {
    const later = powerOn({ ...EPYC, cbit: 51, physAddrBits: 52 }, true);
    expect(decodeHardwareAddress(powerOn(EPYC, true), 0x1000 + C)).toEqual({ paddr: 0x1000, encrypted: true });
    expect(decodeHardwareAddress(later, 0x1000 + C)).toEqual({ paddr: 0x1000 + C, encrypted: false });
    expect(decodeHardwareAddress(later, 0x1000 + 2 ** 51)).toEqual({ paddr: 0x1000, encrypted: true });
  });
});

describe('the key', () => {
  it('power-on makes the first key; each reset makes the next, keeping the CPU and the firmware setting', () => {
    const machine = powerOn(EPYC, true);
    expect(machine).toEqual({ cpu: EPYC, firmwareSme: true, sevGuest: false, key: { generation: 1 } });
    expect(reset(reset(machine))).toEqual({ cpu: EPYC, firmwareSme: true, sevGuest: false, key: { generation: 3 } });
  });
});
