/**
 * Pins the counterexamples that checking the presets finds, under SME on in both kernels, as
 * regression files. Run with `npm run regressions:pin`; existing files are left as they are.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { check } from '../../properties/check.ts';
import { counterexampleToJson } from '../../properties/counterexample-file.ts';
import { PRESET_NAMES, preset } from '../designs/index.ts';
import { REGRESSIONS_DIR } from './index.ts';

const SEED = 20181001;
for (const name of PRESET_NAMES) {
  const design = preset(name);
  const result = check({ design, pairs: ['on/on'], runs: 200, seed: SEED });
  for (const r of result.properties) {
    if (r.counterexample === null) continue;
    const file = new URL(`${name}.${r.property.id}.on-on.json`, REGRESSIONS_DIR);
    if (existsSync(file)) continue;
    writeFileSync(file, `${JSON.stringify(counterexampleToJson(r.counterexample), null, 2)}\n`);
    process.stdout.write(`pinned ${name} ${r.property.id}\n`);
  }
}
