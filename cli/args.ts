/**
 * Command-line arguments: node's util.parseArgs for the shape, then each option value checked
 * (with zod) and turned into one-line usage errors that name the option and the valid values.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { UsageError } from './io.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The options every command takes. */
export const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

const show = (value: string): string => JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);

/** The option a parseArgs message is about: the first quoted text, without a short alias before it or a placeholder after. */
const optionNamed = (message: string): string => {
  const quoted = /'([^']*)'/.exec(message)?.[1];
  return quoted === undefined ? 'an option' : quoted.replace(/^-[^-], (?=--)/, '').replace(/ <value>$/, '');
};

function parseArgsProblem(e: unknown, options: Options): UsageError {
  const code = (e as { code?: unknown }).code;
  const message = e instanceof Error ? e.message : String(e);
  const known = Object.keys(options).map((o) => `--${o}`).join(', ');
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`unknown option ${optionNamed(message)} (options: ${known})`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const name = optionNamed(message);
      if (/does not take an argument/.test(message)) return new UsageError(`${name} takes no value`);
      const dash = /ambiguous/.test(message) ? ` (for a value starting with "-", write ${name}=VALUE)` : '';
      return new UsageError(`${name} needs a value${dash}`);
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new UsageError(`unexpected argument ${show(/'([^']*)'/.exec(message)?.[1] ?? '')}`);
    default:
      return new UsageError(message);
  }
}

/** parseArgs in strict mode, with its errors turned into UsageErrors. */
export function parseCommandLine<const O extends Options>(args: readonly string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals });
  } catch (e) {
    throw parseArgsProblem(e, options);
  }
}

/** Check one option value against a schema; `expected` says what it should be. */
export function optionValue<T>(flag: string, value: string, schema: z.ZodType<T>, expected: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UsageError(`--${flag}: ${show(value)} is not ${expected}`);
  return parsed.data;
}

export const MAX_RUNS = 1_000_000;

const runsSchema = z.string().regex(/^[0-9]+$/).transform(Number).pipe(z.int().min(1).max(MAX_RUNS));
const seedSchema = z.string().regex(/^-?[0-9]+$/).transform(Number).pipe(z.int().min(-(2 ** 31)).max(2 ** 31 - 1));

export const runsOption = (value: string | undefined, fallback: number): number =>
  value === undefined ? fallback : optionValue('runs', value, runsSchema, `a whole number from 1 to ${MAX_RUNS}`);

/** A fixed default, so that runs are reproducible unless asked otherwise. */
export const DEFAULT_SEED = 1;

export const seedOption = (value: string | undefined): number =>
  value === undefined ? DEFAULT_SEED : optionValue('seed', value, seedSchema, `a 32-bit integer (from ${-(2 ** 31)} to ${2 ** 31 - 1})`);

/** The longest `--time-limit`, in seconds (about 11.5 days): longer is surely a typo. */
export const MAX_TIME_LIMIT = 1_000_000;

const timeLimitSchema = z.string().regex(/^[0-9]+(\.[0-9]+)?$/).transform(Number).pipe(z.number().positive().max(MAX_TIME_LIMIT));

/** `--time-limit S`: seconds, a positive number (decimals allowed); undefined when absent. */
export const timeLimitOption = (value: string | undefined): number | undefined =>
  value === undefined ? undefined : optionValue('time-limit', value, timeLimitSchema, `a positive number of seconds (at most ${MAX_TIME_LIMIT})`);

export const FORMATS = ['text', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export const formatOption = (value: string | undefined): Format =>
  value === undefined ? 'text' : optionValue('format', value, z.enum(FORMATS), `a format (${FORMATS.join(', ')})`);

export const TRACE_FORMATS = ['text', 'json', 'itf'] as const;
export type TraceFormat = (typeof TRACE_FORMATS)[number];

/** `--format` of the commands that print counterexamples, which may print them as ITF traces too. */
export const traceFormatOption = (value: string | undefined): TraceFormat =>
  value === undefined ? 'text' : optionValue('format', value, z.enum(TRACE_FORMATS), `a format (${TRACE_FORMATS.join(', ')})`);
