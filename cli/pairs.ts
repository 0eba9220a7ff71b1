/**
 * Which SME pairs a command checks: the design's claims by default, or the pairs that
 * --first-kernel-sme / --kdump-kernel-sme select ("both" = either value; an absent flag is "both"
 * when the other is given).
 */
import { z } from 'zod';
import { type Design, pairOf, SME_PAIRS, type SmePair } from '../model/design/design.ts';
import { smeWouldBeActive, type Environment } from '../model/environment.ts';
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

const selects = (setting: SmeSetting, value: 'on' | 'off'): boolean => setting === 'both' || setting === value;

/** The pairs to check, in the order the model lists them (or the design claims them). */
export function selectPairs(design: Design, first: string | undefined, kdump: string | undefined): readonly SmePair[] {
  const f = smeOption('first-kernel-sme', first);
  const k = smeOption('kdump-kernel-sme', kdump);
  if (f === undefined && k === undefined) {
    if (design.supports.length === 0) {
      throw new UsageError(`design "${design.name}" claims no SME pair ("supports" is empty); choose pairs with --first-kernel-sme and --kdump-kernel-sme`);
    }
    return design.supports;
  }
  return SME_PAIRS.filter((pair) => {
    const { firstKernelSme, kdumpKernelSme } = pairParts(pair);
    return selects(f ?? 'both', firstKernelSme) && selects(k ?? 'both', kdumpKernelSme);
  });
}

/** The pair an environment realises: is SME active in each kernel? */
export const pairOfEnvironment = (env: Environment): SmePair =>
  pairOf(smeWouldBeActive(env, env.firstKernelMemEncrypt), smeWouldBeActive(env, env.kdumpKernelMemEncrypt));
