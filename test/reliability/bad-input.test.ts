/**
 * Every kind of bad input the issue lists is exit 2 and one line naming the problem, never a
 * stack trace: what test/cli/bad-input.test.ts does not already cover. Most run main()
 * in-process; a few, and the ones that could hang a process (a pipe), run the real command.
 */
import { chmodSync, mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_INPUT_BYTES } from '../../cli/json-input.ts';
import { MAX_MESSAGE_LENGTH } from '../../cli/main.ts';
import { expectOneLineError, filesUnder, pinnedJson, pinnedText, runMain, spawnCli, tempDir, writeJson } from './fixtures.ts';

const cwd = tempDir();
const file = (name: string, content: string | Uint8Array): string => {
  writeFileSync(join(cwd, name), content);
  return name;
};
const design = (fields: object): object => ({ name: 'x', extends: 'sme-kdump-v7', decisions: {}, ...fields });
/** The object at `path` inside parsed JSON: the edits below know the shape they are about to break. */
const objectAt = (json: Record<string, unknown>, ...path: string[]): Record<string, unknown> =>
  path.reduce((o, key) => o[key] as Record<string, unknown>, json);
/** The pinned counterexample with `edit` applied to a copy of its JSON. */
const counterexample = (name: string, edit: (cx: Record<string, unknown>) => void): string => {
  const cx = pinnedJson();
  edit(cx);
  return writeJson(cwd, name, cx);
};

file('empty.json', '');
file('blank.json', ' \n\t\n');
file('binary.json', Uint8Array.from([0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28, 0x7b, 0x0a]));
file('nul.json', '{"name": "x"\u0000}');
file('control.json', '{"name": "\u001b[2J\u0007');
file('huge.json', '');
truncateSync(join(cwd, 'huge.json'), MAX_INPUT_BYTES + 1); // sparse: costs no disk
file('deep.json', `${'['.repeat(5000)}${']'.repeat(5000)}`);
writeJson(cwd, 'array.json', [design({})]);
writeJson(cwd, 'number.json', 42);
writeJson(cwd, 'name-number.json', design({ name: 5 }));
writeJson(cwd, 'supports-string.json', design({ supports: 'on/on' }));
writeJson(cwd, 'decisions-array.json', design({ decisions: ['encrypted'] }));
writeJson(cwd, 'extends-number.json', design({ extends: 7 }));
writeJson(cwd, 'self-extends.json', { name: 'loop', extends: 'loop', decisions: {} });
writeJson(cwd, 'long-key.json', design({ [`k${'x'.repeat(100_000)}`]: 1 }));
writeJson(cwd, 'control-key.json', design({ '\u001b[2J\u0007': 1 }));
mkdirSync(join(cwd, 'folder'));
symlinkSync('self-link.json', join(cwd, 'self-link.json'));

file('cx-truncated.json', pinnedText().slice(0, Math.floor(pinnedText().length / 2)));
counterexample('cx-no-trace.json', (cx) => delete cx['trace']);
counterexample('cx-version-5.json', (cx) => (cx['version'] = 5));
counterexample('cx-version-string.json', (cx) => (cx['version'] = '4'));
counterexample('cx-version-object.json', (cx) => (cx['version'] = { major: 1 }));
counterexample('cx-no-version.json', (cx) => delete cx['version']);
counterexample('cx-other-format.json', (cx) => (cx['format'] = 'something-else'));
counterexample('cx-cbit.json', (cx) => (objectAt(cx, 'environment', 'cpu')['cbit'] = 99));
counterexample('cx-verdict.json', (cx) => (cx['verdict'] = 'maybe'));
counterexample('cx-option.json', (cx) => (objectAt(cx, 'design', 'decisions')['kexec.crashSegments'] = 'maybe'));
counterexample('cx-point.json', (cx) => (objectAt(cx, 'design', 'decisions')['kexec.crashPages'] = 'encrypted'));
counterexample('cx-property.json', (cx) => (cx['property'] = 'KEXEC-EVERYTHING'));
counterexample('cx-cache-cpu.json', (cx) => (objectAt(cx, 'environment', 'caches')['panicCpu'] = 999));
counterexample('cx-cache-stage.json', (cx) => (objectAt(cx, 'environment', 'caches')['writebacks'] = [{ cpu: 0, at: 'reboot' }]));
counterexample('cx-cache-first.json', (cx) => (objectAt(cx, 'environment', 'caches')['writebacks'] = [{ cpu: 0, at: 'first-kernel' }]));
counterexample('cx-coherent.json', (cx) => (objectAt(cx, 'environment', 'cpu')['smeCoherent'] = 'yes'));
counterexample('cx-platform.json', (cx) => (objectAt(cx, 'environment')['platform'] = 'sev-host'));
counterexample('cx-guest-iommu.json', (cx) => {
  objectAt(cx, 'environment')['platform'] = 'sev-guest';
  objectAt(cx, 'environment')['iommuTranslation'] = true;
});
counterexample('cx-guest-no-sme.json', (cx) => {
  objectAt(cx, 'environment')['platform'] = 'sev-guest';
  objectAt(cx, 'environment')['firmwareSme'] = false;
});
counterexample('cx-layout.json', (cx) => (objectAt(cx, 'environment', 'layout')['crashkernel'] = objectAt(cx, 'environment', 'layout')['swiotlb']));
counterexample('cx-firmware-overlap.json', (cx) => {
  const ranges = objectAt(cx, 'environment', 'layout', 'firmware')['ranges'] as Record<string, unknown>[];
  ranges.push({ ...ranges[0]! });
});
counterexample('cx-firmware-in-ram.json', (cx) => {
  const ranges = objectAt(cx, 'environment', 'layout', 'firmware')['ranges'] as Record<string, unknown>[];
  ranges.push({ type: 'nvs', range: objectAt(cx, 'environment', 'layout')['swiotlb'] });
});
counterexample('cx-firmware-type.json', (cx) => {
  const ranges = objectAt(cx, 'environment', 'layout', 'firmware')['ranges'] as Record<string, unknown>[];
  ranges[0]!['type'] = 'Reserved';
});
counterexample('cx-setup-loop.json', (cx) => {
  const slots = cx['environment'] as { setupData: Record<string, unknown>[] };
  slots.setupData[1]!['type'] = slots.setupData[0]!['type'];
});
counterexample('cx-setup-overlap.json', (cx) => {
  const slots = cx['environment'] as { setupData: Record<string, unknown>[] };
  slots.setupData[1]!['offset'] = slots.setupData[0]!['offset'];
});
counterexample('cx-setup-past.json', (cx) => {
  const slots = cx['environment'] as { setupData: Record<string, unknown>[] };
  slots.setupData[0]!['offset'] = '0x1ff8';
});
counterexample('cx-address.json', (cx) => (objectAt(cx, 'environment', 'layout', 'crashkernel')['start'] = 'somewhere'));

/** [arguments, what the one line must say] */
const CASES: [string[], RegExp][] = [
  // files that are not design files
  [['check', '--design', 'empty.json'], /empty.json is empty \(expected a JSON object\)/],
  [['check', '--design', 'blank.json'], /blank.json is empty/],
  [['check', '--design', 'binary.json'], /binary.json is not a text file \(it is not valid UTF-8\)/],
  [['check', '--design', 'nul.json'], /nul.json is not a text file \(it holds NUL bytes\)/],
  [['check', '--design', 'control.json'], /control.json is not valid JSON \(line 1, column \d+: bad control character in string literal\)/],
  [['matrix', '--design', 'huge.json'], /huge.json is too large \(16777217 bytes; the limit is 16 MiB\)/],
  [['check', '--design', 'deep.json'], /deep.json nests arrays or objects more than 64 deep/],
  [['check', '--design', 'array.json'], /array.json: expected object, got array/],
  [['check', '--design', 'number.json'], /number.json: expected object, got number/],
  // wrong types
  [['check', '--design', 'name-number.json'], /"name": expected string, got number/],
  [['check', '--design', 'supports-string.json'], /"supports": expected array, got string/],
  [['check', '--design', 'decisions-array.json'], /"decisions": expected record, got array/],
  [['check', '--design', 'extends-number.json'], /"extends": expected string, got number/],
  // extends
  // a file can only extend presets: one extending its own name extends a preset of that name
  [['check', '--design', 'self-extends.json'], /"extends" names "loop", which is not a preset/],
  // paths that cannot be read
  [['check', '--design', 'folder/'], /folder\/ is a directory, not a JSON file/],
  [['replay', 'folder'], /folder is a directory, not a JSON file/],
  [['check', '--design', 'self-link.json'], /cannot read self-link.json: too many levels of symbolic links/],
  [['check', '--design', 'empty.json/x.json'], /cannot read empty.json\/x.json: a part of the path is not a directory/],
  [['check', '--design', '/dev/null'], /\/dev\/null is a device, not a JSON file/],
  [['replay', 'missing.json', 'other.json'], /give one counterexample file/],
  // counterexample files: truncated, edited into something invalid, of another format or version
  [['replay', 'cx-truncated.json'], /cx-truncated.json is not valid JSON \(/],
  [['replay', 'cx-no-trace.json'], /cx-no-trace.json is not a kdump-sme counterexample: "trace": /],
  [['replay', 'cx-version-5.json'], /cx-version-5.json: written by format version 5; this kdump-sme reads version 4/],
  [['replay', 'cx-version-string.json'], /written by format version "4"; this kdump-sme reads version 4/],
  [['replay', 'cx-version-object.json'], /an unreadable format version; this kdump-sme reads version 4/],
  [['replay', 'cx-no-version.json'], /a counterexample file with no format version/],
  [['replay', 'cx-other-format.json'], /cx-other-format.json is not a kdump-sme counterexample: "format"/],
  [['replay', 'cx-cbit.json'], /cx-cbit.json is not a kdump-sme counterexample: "environment.cpu.cbit"/],
  [['replay', 'cx-verdict.json'], /cx-verdict.json is not a kdump-sme counterexample: "verdict"/],
  [['replay', 'cx-option.json'], /cx-option.json: design: "maybe" is not an option of kexec.crashSegments/],
  [['replay', 'cx-point.json'], /cx-point.json: design: unknown decision point "kexec.crashPages"/],
  [['replay', 'cx-property.json'], /unknown property "KEXEC-EVERYTHING" \(known: KEXEC-CONTROL, /],
  [['replay', 'cx-cache-cpu.json'], /cx-cache-cpu.json: environment: impossible environment: caches.panicCpu is 999, but the machine has \d+ CPU\(s\)/],
  [['replay', 'cx-cache-stage.json'], /cx-cache-stage.json is not a kdump-sme counterexample: "environment.caches.writebacks.0.at": /],
  [['replay', 'cx-cache-first.json'], /caches.writebacks\[0\].at is "first-kernel": nothing is dirty before the first kernel runs/],
  [['replay', 'cx-coherent.json'], /"environment.cpu.smeCoherent": /],
  [['replay', 'cx-platform.json'], /cx-platform.json is not a kdump-sme counterexample: "environment.platform": /],
  [['replay', 'cx-guest-iommu.json'], /impossible environment: platform "sev-guest" has no AMD IOMMU \(its devices are virtual\): iommuTranslation must be false/],
  [['replay', 'cx-guest-no-sme.json'], /impossible environment: platform "sev-guest" needs the host firmware to enable memory encryption/],
  [['replay', 'cx-layout.json'], /cx-layout.json: environment: impossible layout: /],
  [['replay', 'cx-firmware-overlap.json'], /cx-firmware-overlap.json: environment: .*layout.firmware.ranges\[\d\] and layout.firmware.ranges\[\d\] overlap/],
  [['replay', 'cx-firmware-in-ram.json'], /cx-firmware-in-ram.json: environment: .*"ACPI Non-volatile Storage" \[0x[0-9a-f]+-0x[0-9a-f]+\] overlaps layout.ram\[0\]: firmware ranges lie in the holes between RAM ranges/],
  [['replay', 'cx-firmware-type.json'], /cx-firmware-type.json is not a kdump-sme counterexample: "environment.layout.firmware.ranges.0.type"/],
  [['replay', 'cx-setup-loop.json'], /cx-setup-loop.json: environment: .*setupData lists SETUP_\w+ twice: the chain would loop back to it/],
  [['replay', 'cx-setup-overlap.json'], /cx-setup-overlap.json: environment: .*overlaps setupData\[0\]/],
  [['replay', 'cx-setup-past.json'], /cx-setup-past.json: environment: .*runs past the end of the boot_params segment/],
  [['replay', 'cx-address.json'], /"environment.layout.crashkernel.start": expected a hex address/],
  // unknown flags, and flags of another command
  [['matrix', '--junit', 'r.xml'], /unknown option --junit \(options: /],
  [['replay', 'cx-version-5.json', '--runs', '3'], /unknown option --runs/],
  [['designs', '--seed', '1'], /unknown option --seed/],
  [['matrix', '--time-limit', '5'], /unknown option --time-limit/],
  [['check', '-x'], /unknown option -x/],
  [['check', '--RUNS', '5'], /unknown option --RUNS/],
  // --runs
  [['check', '--runs='], /--runs: "" is not a whole number from 1 to 1000000/],
  [['check', '--runs', ' 5'], /--runs: " 5" is not a whole number/],
  [['check', '--runs', '1e3'], /--runs: "1e3" is not a whole number/],
  [['check', '--runs', '+5'], /--runs: "\+5" is not a whole number/],
  [['explore', '--runs', '0'], /--runs: "0" is not a whole number/],
  [['matrix', '--runs=-1'], /--runs: "-1" is not a whole number/],
  [['check', '--runs', '99999999999999999999999'], /--runs: "99999999999999999999999" is not a whole number from 1 to 1000000/],
  // --seed
  [['check', '--seed=-2147483649'], /--seed: "-2147483649" is not a 32-bit integer \(from -2147483648 to 2147483647\)/],
  [['matrix', '--seed', '4294967296'], /--seed: "4294967296" is not a 32-bit integer/],
  [['check', '--seed', '1.5'], /--seed: "1.5" is not a 32-bit integer/],
  [['check', '--seed', 'abc'], /--seed: "abc" is not a 32-bit integer/],
  [['explore', '--seed='], /--seed: "" is not a 32-bit integer/],
  // --format
  [['check', '--format', 'JSON'], /--format: "JSON" is not a format \(text, json, itf\)/],
  [['matrix', '--format', 'xml'], /--format: "xml" is not a format/],
  // ITF is for the commands that print counterexamples; matrix prints none.
  [['matrix', '--format', 'itf'], /--format: "itf" is not a format \(text, json\)/],
  [['explore', '--format='], /--format: "" is not a format/],
  [['replay', 'cx-version-5.json', '--format', 'yaml'], /--format: "yaml" is not a format/],
  // --time-limit
  [['check', '--time-limit', '0'], /--time-limit: "0" is not a positive number of seconds \(at most 1000000\)/],
  [['check', '--time-limit', '0.0'], /--time-limit: "0.0" is not a positive number of seconds/],
  [['check', '--time-limit=-1'], /--time-limit: "-1" is not a positive number of seconds/],
  [['check', '--time-limit', 'soon'], /--time-limit: "soon" is not a positive number/],
  [['check', '--time-limit', 'Infinity'], /--time-limit: "Infinity" is not a positive number/],
  [['check', '--time-limit', '1e3'], /--time-limit: "1e3" is not a positive number/],
  [['check', '--time-limit', '1000001'], /--time-limit: "1000001" is not a positive number of seconds \(at most 1000000\)/],
  [['check', '--time-limit'], /--time-limit needs a value/],
];

describe('bad input, in-process', () => {
  it.each(CASES)('main(%j) is exit 2 with one line naming the problem', async (args, says) => {
    expectOneLineError(await runMain(args, cwd), says);
  });

  it('shows no raw control characters from the input, and cuts a huge message to one short line', async () => {
    for (const name of ['control.json', 'control-key.json']) {
      const { stderr } = await runMain(['check', '--design', name], cwd);
      expect(stderr.slice(0, -1)).not.toMatch(/\p{Cc}/u);
    }
    const key = await runMain(['check', '--design', 'control-key.json'], cwd);
    expectOneLineError(key, /unknown key "\\u001b\[2J\\u0007"/);
    const long = await runMain(['check', '--design', 'long-key.json'], cwd);
    expectOneLineError(long, /unknown key "kxxxx.*\.\.\. \(\d+ more characters\)\n$/);
    expect(long.stderr.length).toBeLessThan(MAX_MESSAGE_LENGTH + 100);
  });

  it.skipIf(process.getuid?.() === 0)('refuses a file it may not read', async () => {
    const name = file('secret.json', '{}');
    chmodSync(join(cwd, name), 0o000);
    expectOneLineError(await runMain(['check', '--design', name], cwd), /cannot read secret.json: permission denied/);
  });

  it('writes nothing for any of them', () => {
    expect(filesUnder(cwd).filter((f) => f.startsWith('counterexamples') || f.endsWith('.tmp') || f === 'r.xml')).toEqual([]);
  });
});

describe('input that is fine', () => {
  it('takes a design file that starts with a UTF-8 byte-order mark', async () => {
    const name = file('bom.json', `\uFEFF${JSON.stringify(design({}))}`);
    const { code, stderr } = await runMain(['check', '--design', name, '--runs', '5'], cwd);
    expect([code, stderr]).toEqual([0, '']);
  });
});

describe('an edited counterexample that still parses', () => {
  it('says NOT REPRODUCED when a decision was changed and the verdict no longer follows, and exits on what it found', async () => {
    const unedited = await runMain(['replay', writeJson(cwd, 'cx-pinned.json', pinnedJson())], cwd);
    expect(unedited.stdout).toContain('replayed verdict: violated (as recorded)');
    expect(unedited.code).toBe(1);
    const name = counterexample('cx-patched.json', (cx) => {
      objectAt(cx, 'design', 'decisions')['kexec.crashControlPages'] = 'decrypted';
      objectAt(cx, 'design', 'decisions')['kexec.crashSegments'] = 'decrypted';
    });
    const edited = await runMain(['replay', name], cwd);
    expect(edited.stdout).toMatch(/^NOT REPRODUCED: the file records violated, this run gives holds \(the model changed since the file was written, or the file was edited\)$/m);
    expect(edited.stdout).toMatch(/^OK: KEXEC-CONTROL met its expectation in this run$/m);
    expect(edited.code).toBe(0);
    const json: unknown = JSON.parse((await runMain(['replay', name, '--format', 'json'], cwd)).stdout);
    expect(json).toMatchObject({ recorded: 'violated', verdict: 'holds', reproduced: false, met: true });
  });
});

describe('bad input, as a child process', () => {
  it('is one line, exit 2, for garbage, a huge file, a pipe and another format version; a pipe does not hang it', async () => {
    execFileSync('mkfifo', [join(cwd, 'pipe.json')]);
    const sample: [string[], RegExp][] = [
      [['check', '--design', 'binary.json'], /binary.json is not a text file/],
      [['check', '--design', 'huge.json'], /huge.json is too large/],
      [['check', '--design', 'pipe.json'], /pipe.json is a pipe, not a JSON file/],
      [['replay', 'cx-version-5.json'], /written by format version 5/],
    ];
    const outcomes = await Promise.all(sample.map(([args]) => spawnCli(args, cwd, { timeoutMs: 30_000 })));
    outcomes.forEach((outcome, i) => expectOneLineError(outcome, sample[i]![1]));
  });
});
