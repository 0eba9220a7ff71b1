/**
 * Regressions: counterexamples found while developing the model, pinned as files with the
 * verdict they were found with. The test suite replays every one and expects the same verdict.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { counterexampleFromJson, type SavedCounterexample } from '../../properties/counterexample-file.ts';

export const REGRESSIONS_DIR = new URL('./', import.meta.url);

export function pinnedCounterexamples(): { file: string; saved: SavedCounterexample }[] {
  return readdirSync(REGRESSIONS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, saved: counterexampleFromJson(JSON.parse(readFileSync(new URL(file, REGRESSIONS_DIR), 'utf8')), `scenarios/regressions/${file}`) }));
}
