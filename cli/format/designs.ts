/** The output of `kdump-sme designs`: the presets, and every decision point with its options and kernel site. */
import type { Design, DesignFile } from '../../model/design/design.ts';
import { DECISION_POINT_NAMES, DECISION_POINTS, type DecisionPoint } from '../../model/design/registry.ts';
import { designJson, jsonText } from './json.ts';
import { columns, indent } from './table.ts';

export interface PresetInfo {
  readonly file: DesignFile;
  readonly design: Design;
}

const optionsOf = (point: DecisionPoint) => {
  const info = DECISION_POINTS[point];
  return info.options.map((name) => ({ name, meaning: (info.meaning as Record<string, string>)[name] ?? '' }));
};

export function designsJson(presets: readonly PresetInfo[], defaultPreset: string): string {
  return jsonText({
    default: defaultPreset,
    presets: presets.map(({ file, design }) => {
      const { name, ...rest } = designJson(design);
      return { name, extends: file.extends ?? null, ...rest };
    }),
    decisionPoints: DECISION_POINT_NAMES.map((name) => ({
      name,
      site: DECISION_POINTS[name].site,
      question: DECISION_POINTS[name].question,
      options: optionsOf(name),
    })),
  });
}

/** A preset: its claims, and its decisions (for one that extends another, only those it changes). */
function presetLines({ file, design }: PresetInfo, defaultPreset: string): string[] {
  const tag = design.name === defaultPreset ? ' (default)' : '';
  const base = file.extends === undefined ? '' : `extends ${file.extends}; `;
  const shown = DECISION_POINT_NAMES.filter((p) => file.extends === undefined || file.decisions[p] !== undefined);
  return [
    `${design.name}${tag}: ${base}supports ${design.supports.join(', ') || 'no pair'}`,
    ...indent(columns(shown.map((p) => [p, design.decisions[p]]))),
  ];
}

function pointLines(point: DecisionPoint): string[] {
  const info = DECISION_POINTS[point];
  return [
    point,
    `  question: ${info.question}`,
    `  site: ${info.site}`,
    ...indent(columns(optionsOf(point).map((o) => [o.name, o.meaning]))),
  ];
}

export function designsText(presets: readonly PresetInfo[], defaultPreset: string): string {
  const lines = [
    'presets (SME pairs are first kernel/kdump kernel):',
    ...presets.flatMap((p) => indent(presetLines(p, defaultPreset))),
    '',
    'decision points (options with what each means at the kernel site):',
    ...DECISION_POINT_NAMES.flatMap((p) => ['', ...indent(pointLines(p))]),
  ];
  return `${lines.join('\n')}\n`;
}
