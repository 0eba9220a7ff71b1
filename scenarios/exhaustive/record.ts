/** Records the exhaustive counts (see index.ts). Run with `npm run exhaustive:record`. */
import { writeFileSync } from 'node:fs';
import { exhaustive } from '../../properties/exhaustive.ts';
import { preset } from '../designs/index.ts';
import { RECORDED, recordedFile } from './index.ts';

for (const { design, layout } of RECORDED) {
  const counts = exhaustive(preset(design), layout);
  writeFileSync(recordedFile(design, layout), `${JSON.stringify(counts, null, 2)}\n`);
  process.stdout.write(`${design} on ${layout}: ${counts.states} states, ${counts.paths} paths\n`);
}
