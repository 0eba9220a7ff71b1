/**
 * `npm run diagrams:write`: regenerate the diagrams block of docs/machines.md from the machine (atomically;
 * nothing outside the markers changes).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { replaceFile } from '../files.ts';
import { withDiagrams } from './readme.ts';

const readme = fileURLToPath(new URL('../../docs/machines.md', import.meta.url));
const before = readFileSync(readme, 'utf8');
const after = withDiagrams(before);
if (after === before) {
  process.stdout.write('docs/machines.md: diagrams already up to date\n');
} else {
  replaceFile(readme, after, (old) => old === before, 'docs/machines.md');
  process.stdout.write('docs/machines.md: diagrams rewritten\n');
}
