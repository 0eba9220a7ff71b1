/**
 * Which rows a command checks: the design's claims by default, the pairs that
 * --first-kernel-sme / --kdump-kernel-sme select ("both" = either value; an absent flag is "both"
 * when the other is given), or the SEV guest's row with --platform sev-guest.
 */
import { z } from 'zod';
import { type Design, isSmePair, pairOf, platformOfRow, SME_PAIRS, type SmePair, type SupportRow } from '../model/design/design.ts';
import { type Environment, type Platform, PLATFORMS, smeWouldBeActive } from '../model/environment.ts';
import { optionValue } from './args.ts';
import { UsageError } from './io.ts';

const SME_SETTINGS = ['on', 'off', 'both'] as const;
type SmeSetting = (typeof SME_SETTINGS)[number];

const smeOption = (flag: string, value: string | undefined): SmeSetting | undefined =>
  value === undefined ? undefined : optionValue(flag, value, z.enum(SME_SETTINGS), `one of ${SME_SETTINGS.join(', ')}`);

export const pairParts = (pair: SmePair): { firstKernelSme: 'on' | 'off'; kdumpKernelSme: 'on' | 'off' } => {
  const [first, kdump] = pair.split('/') as ['on' | 'off', 'on' | 'off'];
  return { firstKernelSme: first, kdumpKernelSme: kdump };
};

/** A row as the outputs show it: its platform, and each kernel's memory encryption ("sev" in a guest). */
export const rowParts = (row: SupportRow): { platform: Platform; firstKernelSme: 'on' | 'off' | 'sev'; kdumpKernelSme: 'on' | 'off' | 'sev' } =>
  (isSmePair(row) ? { platform: 'sme-host', ...pairParts(row) } : { platform: 'sev-guest', firstKernelSme: 'sev', kdumpKernelSme: 'sev' });

const selects = (setting: SmeSetting, value: 'on' | 'off'): boolean => setting === 'both' || setting === value;

const platformOption = (value: string | undefined): Platform | undefined =>
  value === undefined ? undefined : optionValue('platform', value, z.enum(PLATFORMS), `one of ${PLATFORMS.join(', ')}`);

/** The platforms `--platform` names: the one given, or both. */
export const platformsOption = (value: string | undefined): readonly Platform[] => {
  const p = platformOption(value);
  return p === undefined ? PLATFORMS : [p];
};

/**
 * The rows to check, in the order the model lists them (or the design claims them): with
 * `--platform sev-guest` the SEV guest's one row, whose kernels run with SEV whatever
 * `mem_encrypt=` says (so an SME flag beside it is refused); otherwise SME pairs as the flags
 * select them, or, with no flag, the design's claims (on the platform given, if one is).
 */
export function selectPairs(design: Design, first: string | undefined, kdump: string | undefined, platformFlag?: string): readonly SupportRow[] {
  const f = smeOption('first-kernel-sme', first);
  const k = smeOption('kdump-kernel-sme', kdump);
  const platform = platformOption(platformFlag);
  if (platform === 'sev-guest') {
    const flag = f !== undefined ? '--first-kernel-sme' : k !== undefined ? '--kdump-kernel-sme' : null;
    if (flag !== null) throw new UsageError(`${flag} contradicts --platform sev-guest: in an SEV guest both kernels run with SEV whatever mem_encrypt= says`);
    return ['sev'];
  }
  if (f === undefined && k === undefined) {
    const claimed = platform === undefined ? design.supports : design.supports.filter((r) => platformOfRow(r) === platform);
    if (claimed.length === 0) {
      const what = platform === undefined ? 'claims no SME pair ("supports" is empty)' : `claims no row on ${platform}`;
      throw new UsageError(`design "${design.name}" ${what}; choose pairs with --first-kernel-sme and --kdump-kernel-sme, or --platform sev-guest`);
    }
    return claimed;
  }
  return SME_PAIRS.filter((pair) => {
    const { firstKernelSme, kdumpKernelSme } = pairParts(pair);
    return selects(f ?? 'both', firstKernelSme) && selects(k ?? 'both', kdumpKernelSme);
  });
}

/** The row an environment realises: an SEV guest, or whether SME is active in each kernel. */
export const pairOfEnvironment = (env: Environment): SupportRow =>
  (env.platform === 'sev-guest' ? 'sev' : pairOf(smeWouldBeActive(env, env.firstKernelMemEncrypt), smeWouldBeActive(env, env.kdumpKernelMemEncrypt)));
