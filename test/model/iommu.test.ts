/**
 * The AMD IOMMU's device-table register (model/hardware/iommu.ts): what the kernel programs stays,
 * and the IOMMU reads its table through that address, C-bit included.
 */
import { describe, expect, it } from 'vitest';
import { type Cpu, data, dramWrite, emptyMemory, enableTranslation, iommuDeviceTableView, iommuOff, powerOn, programDevTableBase } from '../../model/hardware/index.ts';

const EPYC: Cpu = { name: 'test EPYC', smeSupported: true, cbit: 47, physAddrReduction: 5, physAddrBits: 48, smeCoherent: false, cpus: 1 };
const C = 2 ** 47;

describe('the device table base register', () => {
  it('out of reset: translation off, the register never programmed', () => {
    expect(iommuOff).toStrictEqual({ translation: false, devTableBase: null });
  });

  it('programming the register and enabling translation keep each other', () => {
    expect(enableTranslation(programDevTableBase(iommuOff, 0x7f800000 + C))).toEqual({ translation: true, devTableBase: 0x7f800000 + C });
    expect(programDevTableBase(enableTranslation(iommuOff), 0x7f800000)).toEqual({ translation: true, devTableBase: 0x7f800000 });
  });

  it('the IOMMU reads the table through the programmed address, C-bit and all', () => {
    const table = data('dev_table', 1, 0x7f800000);
    const ram = [{ start: 0x100000, end: 0x80000000 }];
    const dram = dramWrite({ machine: powerOn(EPYC, true), ram, memory: emptyMemory(), caches: null }, 0x7f800000 + C, 0x2000, table);
    const [encrypted] = iommuDeviceTableView(dram, programDevTableBase(iommuOff, 0x7f800000 + C), 0x2000);
    const [plain] = iommuDeviceTableView(dram, programDevTableBase(iommuOff, 0x7f800000), 0x2000);
    expect(encrypted).toMatchObject({ start: 0x7f800000, end: 0x7f802000, encrypted: true, got: table });
    expect(plain).toMatchObject({ start: 0x7f800000, end: 0x7f802000, encrypted: false, got: { kind: 'garbage', cause: 'ciphertext read without the C-bit' } });
  });

  it('an IOMMU whose register was never programmed reads no table', () => {
    const dram = { machine: powerOn(EPYC, true), ram: [{ start: 0x100000, end: 0x80000000 }], memory: emptyMemory(), caches: null };
    expect(iommuDeviceTableView(dram, enableTranslation(iommuOff), 0x2000)).toEqual([]);
  });
});
