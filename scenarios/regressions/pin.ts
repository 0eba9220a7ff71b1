/**
 * Pins the counterexamples that checking the presets finds, under SME on in both kernels, and for
 * the kernels before and after the SEV guest's fixes, in an SEV guest, as regression files. Run
 * with `npm run regressions:pin`; existing files are left as they are.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { check } from '../../properties/check.ts';
import { counterexampleToJson } from '../../properties/counterexample-file.ts';
import { PRESET_NAMES, preset } from '../designs/index.ts';
import { REGRESSIONS_DIR } from './index.ts';

const SEED = 20181001;
const SEV_PRESETS = ['linux-4.20', 'linux-5.3'];
const rows = [...PRESET_NAMES.map((name) => ({ name, row: 'on/on' as const })), ...SEV_PRESETS.map((name) => ({ name, row: 'sev' as const }))];
for (const { name, row } of rows) {
  const design = preset(name);
  const result = check({ design, pairs: [row], runs: 200, seed: SEED });
  for (const r of result.properties) {
    if (r.counterexample === null) continue;
    const file = new URL(`${name}.${r.property.id}.${row.replace('/', '-')}.json`, REGRESSIONS_DIR);
    if (existsSync(file)) continue;
    writeFileSync(file, `${JSON.stringify(counterexampleToJson(r.counterexample), null, 2)}\n`);
    process.stdout.write(`pinned ${name} ${r.property.id}\n`);
  }
}
