/** kdump-sme designs: the preset designs, and every decision point with its options and the kernel site it models. */
import { DEFAULT_PRESET, lookupPreset, PRESET_NAMES, preset } from '../../scenarios/designs/index.ts';
import { formatOption, HELP_OPTION, parseCommandLine } from '../args.ts';
import { EXIT } from '../exit-codes.ts';
import { designsJson, designsText, type PresetInfo } from '../format/designs.ts';
import type { Command, Io } from '../io.ts';

const OPTIONS = { ...HELP_OPTION, format: { type: 'string' } } as const;

const USAGE = `usage: kdump-sme designs [--format text|json]

List the preset designs (what each decides and which SME pairs it claims), and every decision
point: the question it answers, the kernel site it models, and its options. A design file names
one option per decision point (see docs/commands.md, "Design files").
`;

function run(args: readonly string[], io: Io): number {
  const { values } = parseCommandLine(args, OPTIONS);
  if (values.help === true) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  const format = formatOption(values.format);
  const presets: PresetInfo[] = PRESET_NAMES.map((name) => ({ file: lookupPreset(name)!, design: preset(name) }));
  io.stdout(format === 'json' ? designsJson(presets, DEFAULT_PRESET) : designsText(presets, DEFAULT_PRESET));
  return EXIT.ok;
}

export const designs: Command = { name: 'designs', summary: 'list the preset designs and the decision points', usage: USAGE, run };
