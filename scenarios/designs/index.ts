/**
 * The preset designs: every `*.json` file in this folder, by its `name`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { type Design, type DesignFile, parseDesignFile, resolveDesign } from '../../model/design/index.ts';

const folder = new URL('./', import.meta.url);

function loadPresetFiles(): Map<string, DesignFile> {
  const files = new Map<string, DesignFile>();
  for (const entry of readdirSync(folder).filter((f) => f.endsWith('.json')).sort()) {
    const where = `scenarios/designs/${entry}`;
    const file = parseDesignFile(JSON.parse(readFileSync(new URL(entry, folder), 'utf8')), where);
    files.set(file.name, file);
  }
  return files;
}

export const PRESET_FILES: ReadonlyMap<string, DesignFile> = loadPresetFiles();

export const DEFAULT_PRESET = 'sme-kdump-v7';

export const PRESET_NAMES: readonly string[] = [...PRESET_FILES.keys()];

export const lookupPreset = (name: string): DesignFile | undefined => PRESET_FILES.get(name);

/** A preset, resolved. Throws DesignError for an unknown name. */
export function preset(name: string): Design {
  const file = lookupPreset(name);
  if (file === undefined) throw new Error(`no preset named "${name}"`);
  return resolveDesign(file, lookupPreset, `preset ${name}`);
}
