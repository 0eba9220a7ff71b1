/**
 * Where a loader puts its setup_data entries: an order of the three types, and before each a
 * gap of some 8-byte words, or as much as makes the entry end at a page boundary (where a
 * payload's last bytes and the next page meet). Entries never overlap and stay inside the
 * boot_params segment's setup_data area. Shrinks toward the entries packed one after another.
 */
import fc from 'fast-check';
import { PAGE_SIZE } from '../../model/hardware/address.ts';
import { entryBytes, SETUP_AREA_BYTES, SETUP_DATA_TYPES, type SetupDataSlot, type SetupDataType } from '../../model/setup-data.ts';

export type SetupDataPad = number | 'page-end';

/** The slots for `order`, each after its pad (a pad that would run past the area packs the entry instead). */
export function buildSetupData(order: readonly SetupDataType[], pads: readonly SetupDataPad[]): SetupDataSlot[] {
  const slots: SetupDataSlot[] = [];
  const rest = (i: number) => order.slice(i + 1).reduce((n, t) => n + entryBytes(t), 0);
  let at = 0;
  order.forEach((type, i) => {
    const bytes = entryBytes(type);
    const pad = pads[i] ?? 0;
    const padded = pad === 'page-end' ? Math.ceil((at + bytes) / PAGE_SIZE) * PAGE_SIZE - bytes : at + pad * 8;
    const offset = padded + bytes + rest(i) <= SETUP_AREA_BYTES ? padded : at;
    slots.push({ type, offset });
    at = offset + bytes;
  });
  return slots;
}

export const setupDataArb: fc.Arbitrary<SetupDataSlot[]> = fc
  .record({
    order: fc.shuffledSubarray([...SETUP_DATA_TYPES], { minLength: SETUP_DATA_TYPES.length, maxLength: SETUP_DATA_TYPES.length }),
    pads: fc.array(fc.oneof(fc.integer({ min: 0, max: 64 }), fc.constant('page-end' as const)), { minLength: SETUP_DATA_TYPES.length, maxLength: SETUP_DATA_TYPES.length }),
  })
  .map(({ order, pads }) => buildSetupData(order, pads));
