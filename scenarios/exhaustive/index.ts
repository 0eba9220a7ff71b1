/**
 * The recorded exhaustive counts: for each design and canonical layout below, how many
 * environments, abstract states and simple paths the enumeration reaches, and per SME pair how
 * many reached states exercised and violated each property. A test recomputes them; a change
 * means the model's reachable behaviour changed. If that is intended, record them again with
 * `npm run exhaustive:record` and say why in the commit.
 */
import { readFileSync } from 'node:fs';
import type { CANONICAL_LAYOUTS, ExhaustiveCounts } from '../../properties/exhaustive.ts';

export const RECORDED: readonly { readonly design: string; readonly layout: keyof typeof CANONICAL_LAYOUTS }[] = [
  { design: 'sme-kdump-v7', layout: 'one-range' },
  { design: 'sme-kdump-v7', layout: 'two-ranges' },
  { design: 'linux-4.19', layout: 'one-range' },
];

export const recordedFile = (design: string, layout: string): URL => new URL(`./${design}.${layout}.json`, import.meta.url);

export function recordedCounts(design: string, layout: string): ExhaustiveCounts {
  return JSON.parse(readFileSync(recordedFile(design, layout), 'utf8')) as ExhaustiveCounts;
}
