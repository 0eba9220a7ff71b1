/**
 * Generators for feeding the CLI junk: JSON values (random ones, and valid design and
 * counterexample files with one part replaced, removed or added), bytes, and argument lists drawn
 * from the real commands and flags mixed with random strings.
 *
 * Every invocation is kept cheap and inside the test's working directory: commands that check
 * get `--runs=1` appended (the last value wins), `explore` gets a bad `--seed` so it can only
 * parse its arguments, and no generated token holds a `/` or is `..`, so no path leaves the folder.
 */
import { fc } from '@fast-check/vitest';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Values a file might plausibly hold in a field: the right type for some field, the wrong one for most. */
const plausible: fc.Arbitrary<Json> = fc.constantFrom<Json>(
  'sme-kdump-v7', 'linux-4.19', 'encrypted', 'decrypted', 'on/on', 'off/off', 'holds', 'violated', 'KEXEC-CONTROL',
  'kdump-sme-counterexample', '0x1000', '0x0', '0xffffffffffffffff', '', 0, 1, 2, -1, 47, 63, 64, 8192, 2 ** 53, 0.5, true, false, null, [], {},
);

export const jsonValueArb: fc.Arbitrary<Json> = fc.oneof(plausible, fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>);

/** Every path to a value inside `value` (the root is []). */
function paths(value: Json, at: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [at];
  const children = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [at, ...children.flatMap(([k, v]) => paths(v, [...at, k]))];
}

type Edit = { readonly kind: 'replace' | 'remove' | 'add'; readonly key: string; readonly value: Json };

function edited(base: Json, path: readonly (string | number)[], edit: Edit): Json {
  if (path.length === 0) {
    if (edit.kind === 'replace') return edit.value;
    if (edit.kind === 'add' && base !== null && typeof base === 'object' && !Array.isArray(base)) return { ...base, [edit.key]: edit.value };
    if (edit.kind === 'add' && Array.isArray(base)) return [...base, edit.value];
    return base;
  }
  const [head, ...rest] = path;
  if (Array.isArray(base)) {
    const i = head as number;
    if (rest.length === 0 && edit.kind === 'remove') return base.filter((_, j) => j !== i);
    return base.map((v, j) => (j === i ? edited(v, rest, edit) : v));
  }
  const object = base as { [key: string]: Json };
  const key = head as string;
  if (rest.length === 0 && edit.kind === 'remove') return Object.fromEntries(Object.entries(object).filter(([k]) => k !== key));
  return { ...object, [key]: edited(object[key]!, rest, edit) };
}

/** `base` with one value somewhere in it replaced, removed, or given a sibling: built valid-ish, not filtered. */
export function editedArb(base: Json): fc.Arbitrary<Json> {
  const all = paths(base);
  return fc
    .record({
      at: fc.nat({ max: all.length - 1 }),
      kind: fc.constantFrom('replace', 'remove', 'add'),
      key: fc.oneof(fc.constantFrom('name', 'extends', 'supports', 'decisions', 'version', 'kexec.crashSegments', '__proto__'), fc.string({ maxLength: 8 })),
      value: jsonValueArb,
    })
    .map(({ at, ...edit }) => edited(base, all[at]!, edit));
}

/** Bytes: random, or a JSON text cut short (what a truncated download looks like). */
export function bytesArb(text: string): fc.Arbitrary<Uint8Array> {
  const whole = new TextEncoder().encode(text);
  return fc.oneof(fc.uint8Array({ maxLength: 512 }), fc.nat({ max: whole.length }).map((n) => whole.slice(0, n)));
}

/** Where and how deep to nest arrays in a design file: see `deepDesignText`. */
export const deepNestingArb = fc.record({ depth: fc.integer({ min: 1, max: 200_000 }), key: fc.constantFrom('supports', 'name', 'zzz') });

/**
 * A design file with arrays nested `depth` deep at `key`, as text: JSON.stringify, like any
 * recursive walk, would overflow the stack on such a value (which is the point).
 */
export const deepDesignText = ({ depth, key }: { depth: number; key: string }): string =>
  `{"name":"x","extends":"sme-kdump-v7","decisions":{},"${key}":${'['.repeat(depth)}"on/on"${']'.repeat(depth)}}`;

export const COMMAND_NAMES = ['check', 'matrix', 'explore', 'replay', 'designs', 'diagram', 'report'] as const;

/** Files the fuzz test keeps in its working directory. */
export const FILES = ['design.json', 'cx.json', 'bytes.json', 'missing.json', 'folder', 'r.xml', 'page.html', 'out'] as const;

const FLAGS = [
  '--design', '--first-kernel-sme', '--kdump-kernel-sme', '--runs', '--seed', '--time-limit', '--format', '--junit', '--out',
  '--help', '-h', '--machine', '--html', '--force', '--', '-', '--bogus', '-x',
] as const;

const VALUES = [
  ...FILES, 'sme-kdump-v7', 'linux-4.19', 'sme-kdump-v7-without-patch-2', 'on', 'off', 'both', '0', '1', '2', '-1', '1.5', '1e3',
  '2147483648', '-2147483649', '99999999999999999999', '0.001', 'json', 'text', 'xml', 'mermaid', 'dot', 'kdump', '',
] as const;

/** A random string that names nothing outside the working directory. */
const localString: fc.Arbitrary<string> = fc.string({ maxLength: 10, unit: 'binary' }).map((s) => (s === '..' ? '._' : s.replace(/[/\\]/g, '_')));

const valueArb = fc.oneof(fc.constantFrom(...VALUES), localString);

const tokenArb: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...FLAGS), weight: 3 },
  { arbitrary: valueArb, weight: 3 },
  { arbitrary: fc.tuple(fc.constantFrom(...FLAGS), valueArb).map(([flag, value]) => `${flag}=${value}`), weight: 2 },
);

const commandArb = fc.oneof(
  { arbitrary: fc.constantFrom<string>(...COMMAND_NAMES), weight: 8 },
  { arbitrary: fc.constantFrom('help', '--help', '-h', '--version'), weight: 1 },
  { arbitrary: localString, weight: 1 },
);

/** What keeps an invocation cheap: only the last value of an option counts, so these win. */
export function cheap(argv: readonly string[]): string[] {
  const [command] = argv;
  if (command === 'check' || command === 'matrix' || command === 'report') return [...argv, '--runs=1'];
  if (command === 'explore') return [...argv, '--seed=not-a-seed'];
  return [...argv];
}

/** An argument list: a command (usually real) and up to eight tokens, made cheap. */
export const argvArb: fc.Arbitrary<string[]> = fc
  .tuple(fc.option(commandArb, { nil: undefined, freq: 20 }), fc.array(tokenArb, { maxLength: 8 }))
  .map(([command, rest]) => cheap(command === undefined ? rest : [command, ...rest]));
