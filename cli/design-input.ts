/**
 * The design a command works on: `--design` names a preset, or a design file (JSON) whose
 * `extends` may name a preset. Every problem is a one-line UsageError naming the file and key.
 */
import { resolve, sep } from 'node:path';
import { type Design, DesignError, parseDesignFile, resolveDesign } from '../model/design/design.ts';
import { DEFAULT_PRESET, lookupPreset, PRESET_NAMES, preset } from '../scenarios/designs/index.ts';
import { readJsonFile } from './json-input.ts';
import { UsageError } from './io.ts';

const looksLikeFile = (value: string): boolean => value.endsWith('.json') || value.includes('/') || value.includes(sep);

function asUsageError<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof DesignError) throw new UsageError(e.message);
    throw e;
  }
}

/** The design `--design` names (the default preset when absent). */
export function loadDesign(value: string | undefined, cwd: string): Design {
  const name = value ?? DEFAULT_PRESET;
  if (lookupPreset(name) !== undefined) return asUsageError(() => preset(name));
  if (!looksLikeFile(name)) {
    throw new UsageError(`--design: no preset named ${JSON.stringify(name)} (presets: ${PRESET_NAMES.join(', ')}; a design file must end in .json)`);
  }
  const json = readJsonFile(resolve(cwd, name), name);
  return asUsageError(() => resolveDesign(parseDesignFile(json, name), lookupPreset, name));
}
