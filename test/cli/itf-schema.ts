/**
 * The Informal Trace Format as ADR-015 of Apalache defines it
 * (https://apalache-mc.org/docs/adr/015adr-trace.html), written here from the ADR and not from
 * our writer: a trace is `#meta` (free-form), optional `params`, `vars`, `states` (each with an
 * optional `#meta` and exactly the variables) and an optional `loop`; a value is a boolean, a
 * string, a JSON integer within +-(2^53 - 1), `{"#bigint": "digits"}`, `{"#tup": [...]}`,
 * `{"#set": [...]}`, `{"#map": [[k, v], ...]}`, `{"#unserializable": "..."}`, a list, or a record
 * whose field names do not start with '#'. `decodeItf` reads a value back into JavaScript.
 */
import { z } from 'zod';

export const itfValue: z.ZodType<unknown> = z.lazy(() => z.union([
  z.boolean(),
  z.string(),
  z.int().min(-(2 ** 53 - 1)).max(2 ** 53 - 1),
  z.strictObject({ '#bigint': z.string().regex(/^-?[0-9]+$/) }),
  z.strictObject({ '#tup': z.array(itfValue) }),
  z.strictObject({ '#set': z.array(itfValue) }),
  z.strictObject({ '#map': z.array(z.tuple([itfValue, itfValue])) }),
  z.strictObject({ '#unserializable': z.string() }),
  z.array(itfValue),
  z.record(z.string().regex(/^[^#]/, 'a record field may not start with #'), itfValue),
]));

const state = z.object({ '#meta': z.record(z.string(), z.unknown()).optional() }).catchall(itfValue);

export const itfTraceSchema = z.strictObject({
  '#meta': z.record(z.string(), z.unknown()).optional(),
  params: z.array(z.string()).optional(),
  vars: z.array(z.string()),
  states: z.array(state),
  loop: z.int().min(0).optional(),
}).superRefine((t, ctx) => {
  t.states.forEach((s, i) => {
    const keys = Object.keys(s).filter((k) => k !== '#meta').sort();
    if (keys.join() !== [...t.vars, ...(t.params ?? [])].sort().join()) ctx.addIssue({ code: 'custom', path: ['states', i], message: `state ${i} has ${keys.join(', ')}, not the variables ${t.vars.join(', ')}` });
  });
});

export type Decoded = boolean | string | bigint | Decoded[] | Set<Decoded> | Map<Decoded, Decoded> | { readonly tuple: Decoded[] } | { readonly [field: string]: Decoded };

/** An ITF value as JavaScript: integers as bigint, sets as Set, maps as Map, tuples as { tuple }. */
export function decodeItf(v: unknown): Decoded {
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return BigInt(v);
  if (Array.isArray(v)) return v.map(decodeItf);
  const o = v as Record<string, unknown>;
  if ('#bigint' in o) return BigInt(o['#bigint'] as string);
  if ('#tup' in o) return { tuple: (o['#tup'] as unknown[]).map(decodeItf) };
  if ('#set' in o) return new Set((o['#set'] as unknown[]).map(decodeItf));
  if ('#map' in o) return new Map((o['#map'] as [unknown, unknown][]).map(([k, x]) => [decodeItf(k), decodeItf(x)]));
  if ('#unserializable' in o) return o['#unserializable'] as string;
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, decodeItf(x)]));
}
