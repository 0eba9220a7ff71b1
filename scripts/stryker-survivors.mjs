// A Stryker reporter for `npm run mutation`: each mutant that survives (or that no test covers),
// as soon as it is known, one JSON line in reports/mutation/survivors.jsonl, so that tests can be
// written against survivors while a long run goes on.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { PluginKind, declareClassPlugin } from '@stryker-mutator/api/plugin';

const FILE = 'reports/mutation/survivors.jsonl';

class SurvivorsReporter {
  onDryRunCompleted() {
    mkdirSync('reports/mutation', { recursive: true });
    writeFileSync(FILE, '');
  }

  onMutantTested(m) {
    if (m.status !== 'Survived' && m.status !== 'NoCoverage') return;
    const at = `${m.fileName}:${m.location.start.line}:${m.location.start.column + 1}`;
    appendFileSync(FILE, `${JSON.stringify({ id: m.id, status: m.status, at, mutator: m.mutatorName, replacement: m.replacement, static: m.static === true })}\n`);
  }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.Reporter, 'survivors', SurvivorsReporter)];
