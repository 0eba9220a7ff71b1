/**
 * The preset designs, by their `name`. Imported statically so that a bundled CLI carries them;
 * a test checks that every `*.json` file in this folder is listed here.
 */
import { type Design, type DesignFile, parseDesignFile, resolveDesign } from '../../model/design/index.ts';
import linux419 from './linux-4.19.json' with { type: 'json' };
import withoutPatch1 from './sme-kdump-v7-without-patch-1.json' with { type: 'json' };
import withoutPatch2 from './sme-kdump-v7-without-patch-2.json' with { type: 'json' };
import withoutPatch3 from './sme-kdump-v7-without-patch-3.json' with { type: 'json' };
import withoutPatch4 from './sme-kdump-v7-without-patch-4.json' with { type: 'json' };
import smeKdumpV7KexecTools2017 from './sme-kdump-v7-kexec-tools-2.0.17.json' with { type: 'json' };
import smeKdumpV7 from './sme-kdump-v7.json' with { type: 'json' };
import smeKdumpV7Makedumpfile163 from './sme-kdump-v7-makedumpfile-1.6.3.json' with { type: 'json' };
import linux51Makedumpfile166 from './linux-5.1-makedumpfile-1.6.6.json' with { type: 'json' };
import linux420 from './linux-4.20.json' with { type: 'json' };
import linux53 from './linux-5.3.json' with { type: 'json' };
import smeFlag from './sme-kdump-v7-sme-flag.json' with { type: 'json' };
import smeFlagCpuidCbit from './sme-kdump-v7-sme-flag-cpuid-cbit.json' with { type: 'json' };

/** Every preset file, by file name. */
export const PRESET_JSON: Readonly<Record<string, unknown>> = {
  'linux-4.19.json': linux419,
  'sme-kdump-v7-without-patch-1.json': withoutPatch1,
  'sme-kdump-v7-without-patch-2.json': withoutPatch2,
  'sme-kdump-v7-without-patch-3.json': withoutPatch3,
  'sme-kdump-v7-without-patch-4.json': withoutPatch4,
  'sme-kdump-v7-kexec-tools-2.0.17.json': smeKdumpV7KexecTools2017,
  'sme-kdump-v7.json': smeKdumpV7,
  'sme-kdump-v7-makedumpfile-1.6.3.json': smeKdumpV7Makedumpfile163,
  'linux-5.1-makedumpfile-1.6.6.json': linux51Makedumpfile166,
  'linux-4.20.json': linux420,
  'linux-5.3.json': linux53,
  'sme-kdump-v7-sme-flag.json': smeFlag,
  'sme-kdump-v7-sme-flag-cpuid-cbit.json': smeFlagCpuidCbit,
};

function loadPresetFiles(): Map<string, DesignFile> {
  const files = new Map<string, DesignFile>();
  for (const [entry, json] of Object.entries(PRESET_JSON)) {
    const file = parseDesignFile(json, `scenarios/designs/${entry}`);
    files.set(file.name, file);
  }
  return files;
}

export const PRESET_FILES: ReadonlyMap<string, DesignFile> = loadPresetFiles();

export const DEFAULT_PRESET = 'sme-kdump-v7';

export const PRESET_NAMES: readonly string[] = [...PRESET_FILES.keys()];

export const lookupPreset = (name: string): DesignFile | undefined => PRESET_FILES.get(name);

/** A preset, resolved. Throws for an unknown name. */
export function preset(name: string): Design {
  const file = lookupPreset(name);
  if (file === undefined) throw new Error(`no preset named "${name}"`);
  return resolveDesign(file, lookupPreset, `preset ${name}`);
}
