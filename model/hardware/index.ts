/** The hardware the kernels act on: DRAM behind the encryption engine, and the IOMMU. */
export * from './address.ts';
export * from './machine.ts';
export * from './values.ts';
export * from './memory.ts';
export * from './dram.ts';
export * from './iommu.ts';
export * from './alike.ts';
export * from './cache.ts';
