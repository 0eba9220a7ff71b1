/**
 * `npm run diagrams:write`: regenerate the README's diagrams block from the machine (atomically;
 * nothing outside the markers changes).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { replaceFile } from '../files.ts';
import { withDiagrams } from './readme.ts';

const readme = fileURLToPath(new URL('../../README.md', import.meta.url));
const before = readFileSync(readme, 'utf8');
const after = withDiagrams(before);
if (after === before) {
  process.stdout.write('README.md: diagrams already up to date\n');
} else {
  replaceFile(readme, after, (old) => old === before, 'README.md');
  process.stdout.write('README.md: diagrams rewritten\n');
}
