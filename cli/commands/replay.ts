/**
 * kdump-sme replay: re-run a saved counterexample under its design, print the trace, and exit as
 * `check` would for that one property. Says so when the verdict differs from the recorded one.
 */
import { meets } from '../../properties/check.ts';
import { CounterexampleError, counterexampleFromJson, type CounterexampleJson, type Replay, replay as replayCounterexample } from '../../properties/counterexample-file.ts';
import { HELP_OPTION, parseCommandLine, traceFormatOption } from '../args.ts';
import { EXIT } from '../exit-codes.ts';
import { parseJsonFile } from '../json-input.ts';
import { counterexampleOfItf, isItf, ITF_COUNTEREXAMPLE_KEY, itfTrace } from '../format/itf.ts';
import { designJson, jsonText } from '../format/json.ts';
import { indent } from '../format/table.ts';
import { type Command, type Io, UsageError } from '../io.ts';

const OPTIONS = { ...HELP_OPTION, format: { type: 'string' } } as const;

const USAGE = `usage: kdump-sme replay <counterexample.json | trace.itf.json> [--format text|json|itf]

Re-run a counterexample file written by 'kdump-sme check' (its environment, under its design),
or an ITF trace written by 'check --format itf', judge its property again and print the trace
(with --format itf, as an ITF trace: one state per step).

exit: 0 the property met its expectation in this run; 1 it did not (violated, or not reached);
      2 bad usage, or a file that is not a kdump-sme counterexample
`;

/** A counterexample file, or an ITF trace `check --format itf` wrote (it carries the file in `#meta`); replayed. */
function load(file: string, io: Io): { replayed: Replay; json: CounterexampleJson } {
  return parseJsonFile(file, io.cwd, (read) => {
    const json = isItf(read) ? counterexampleOfItf(read) : read;
    if (json === undefined) throw new CounterexampleError(`${file}: an ITF trace, but not one kdump-sme wrote: its "#meta" has no "${ITF_COUNTEREXAMPLE_KEY}"`);
    return { replayed: replayCounterexample(counterexampleFromJson(json, file)), json: json as CounterexampleJson };
  }, CounterexampleError);
}

function reproduction(r: Replay): string {
  if (r.reproduced) return `replayed verdict: ${r.verdict} (as recorded)`;
  return `NOT REPRODUCED: the file records ${r.saved.verdict}, this run gives ${r.verdict} (the model changed since the file was written, or the file was edited)`;
}

function text(file: string, r: Replay, met: boolean): string {
  const p = r.saved.property;
  const expectation = p.expectation.kind === 'holds' ? 'expected to hold' : `known limitation: ${p.expectation.reason}`;
  const lines = [
    `kdump-sme replay ${file}: ${p.id} (${expectation}); design ${r.saved.design.name}`,
    `claim: ${p.claim}`,
    reproduction(r),
    '',
    ...indent(r.trace),
    '',
    met ? `OK: ${p.id} met its expectation in this run` : `FAILED: ${p.id} is ${r.verdict === 'violated' ? 'violated' : 'not reached'}, but is expected to ${p.expectation.kind === 'holds' ? 'hold' : 'be reached'}`,
  ];
  return `${lines.join('\n')}\n`;
}

const json = (file: string, r: Replay, met: boolean): string => jsonText({
  file,
  property: r.saved.property.id,
  expectation: r.saved.property.expectation.kind,
  design: designJson(r.saved.design),
  recorded: r.saved.verdict,
  verdict: r.verdict,
  reproduced: r.reproduced,
  met,
  trace: [...r.trace],
});

function run(args: readonly string[], io: Io): number {
  const { values, positionals } = parseCommandLine(args, OPTIONS, true);
  if (values.help === true) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  const format = traceFormatOption(values.format);
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'give the counterexample file to replay' : 'give one counterexample file');
  const file = positionals[0]!;
  const { replayed: r, json: saved } = load(file, io);
  const met = meets(r.saved.property, r.verdict);
  if (format === 'itf') io.stdout(jsonText(itfTrace({ property: r.saved.property, environment: r.saved.environment, run: r.run, file: saved })));
  else io.stdout(format === 'json' ? json(file, r, met) : text(file, r, met));
  return met ? EXIT.ok : EXIT.failed;
}

export const replay: Command = { name: 'replay', summary: 're-run a saved counterexample and print its trace', usage: USAGE, run };
