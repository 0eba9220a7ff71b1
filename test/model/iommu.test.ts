/**
 * The AMD IOMMU's device-table register (model/hardware/iommu.ts): what the kernel programs stays,
 * and the IOMMU reads its table through that address, C-bit included.
 */
import { describe, expect, it } from 'vitest';
import { type Cpu, data, dramWrite, emptyMemory, enableTranslation, iommuDeviceTableView, iommuOff, powerOn, programDevTableBase } from '../../model/hardware/index.ts';

const EPYC: Cpu = { name: 'test EPYC', smeSupported: true, cbit: 47, physAddrReduction: 5, physAddrBits: 48, cpus: 1 };
const C = 1n << 47n;

describe('the device table base register', () => {
  it('programming the register and enabling translation keep each other', () => {
    expect(enableTranslation(programDevTableBase(iommuOff, 0x7f800000n | C))).toEqual({ translation: true, devTableBase: 0x7f800000n | C });
    expect(programDevTableBase(enableTranslation(iommuOff), 0x7f800000n)).toEqual({ translation: true, devTableBase: 0x7f800000n });
  });

  it('the IOMMU reads the table through the programmed address, C-bit and all', () => {
    const table = data('dev_table', 1, 0x7f800000n);
    const ram = [{ start: 0x100000n, end: 0x80000000n }];
    const dram = dramWrite({ machine: powerOn(EPYC, true), ram, memory: emptyMemory() }, 0x7f800000n | C, 0x2000n, table);
    const [encrypted] = iommuDeviceTableView(dram, programDevTableBase(iommuOff, 0x7f800000n | C), 0x2000n);
    const [plain] = iommuDeviceTableView(dram, programDevTableBase(iommuOff, 0x7f800000n), 0x2000n);
    expect(encrypted).toMatchObject({ start: 0x7f800000n, end: 0x7f802000n, encrypted: true, got: table });
    expect(plain).toMatchObject({ start: 0x7f800000n, end: 0x7f802000n, encrypted: false, got: { kind: 'garbage', cause: 'ciphertext read without the C-bit' } });
  });

  it('an IOMMU whose register was never programmed reads no table', () => {
    const dram = { machine: powerOn(EPYC, true), ram: [{ start: 0x100000n, end: 0x80000000n }], memory: emptyMemory() };
    expect(iommuDeviceTableView(dram, enableTranslation(iommuOff), 0x2000n)).toEqual([]);
  });
});
