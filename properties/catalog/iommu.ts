/** Properties of the kdump kernel's AMD IOMMU initialisation. */
import { HOLDS, judgeReads, type Property } from '../property.ts';

export const IOMMU_DEVTABLE: Property = {
  id: 'IOMMU-DEVTABLE',
  claim: 'When the first kernel left IOMMU translation on, the kdump kernel accepts the old device table and its copy equals the entries the IOMMU was using.',
  sites: ['iommu_set_device_table', 'copy_device_table', 'ioremap_encrypted', 'memremap'],
  expectation: HOLDS,
  platforms: ['sme-host'],
  judge: judgeReads(['iommu-devtable-copy']),
};
