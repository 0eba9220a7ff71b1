/**
 * A run as a person reads it: numbered steps in kernel vocabulary, the reads that went wrong
 * under the step that made them (address, attribute written, attribute read, what came back),
 * and where the machine stopped.
 */
import { showRange, showSize, size } from '../model/hardware/address.ts';
import { showValue } from '../model/hardware/values.ts';
import { type Environment, smeWouldBeActive } from '../model/environment.ts';
import { showFirmwareRange } from '../model/firmware.ts';
import type { Observation, Run } from '../model/kernel/run.ts';

const onOff = (b: boolean): string => (b ? 'on' : 'off');

/** A few lines that say what machine and settings the run had. */
export function describeEnvironment(env: Environment): string[] {
  const { cpu, layout } = env;
  const ram = layout.ram.reduce((n, r) => n + size(r), 0);
  const first = smeWouldBeActive(env, env.firstKernelMemEncrypt);
  const kdump = smeWouldBeActive(env, env.kdumpKernelMemEncrypt);
  const guest = env.platform === 'sev-guest';
  return [
    guest
      ? `machine: an SEV guest on ${cpu.name}, ${cpu.cpus} vCPU(s), C-bit ${cpu.cbit}; its hypervisor reads guest memory without the guest's key`
      : `machine: ${cpu.name}, ${cpu.cpus} CPU(s), SME ${cpu.smeSupported ? `supported (C-bit ${cpu.cbit})` : 'not supported'}, firmware SYSCFG[MemEncryptionModEn] ${onOff(env.firmwareSme)}`,
    guest
      ? `first kernel: mem_encrypt=${onOff(env.firstKernelMemEncrypt)}, kdump kernel: mem_encrypt=${onOff(env.kdumpKernelMemEncrypt)}, both ignored: SEV active in both; no AMD IOMMU (virtual devices, DMA through SWIOTLB)`
      : `first kernel: mem_encrypt=${onOff(env.firstKernelMemEncrypt)} (SME ${first ? 'active' : 'not active'}); kdump kernel: mem_encrypt=${onOff(env.kdumpKernelMemEncrypt)} (SME ${kdump ? 'active' : 'not active'}); IOMMU translation ${onOff(env.iommuTranslation)}`,
    `memory: ${layout.ram.length} RAM range(s), ${showSize(ram)}; crashkernel ${showRange(layout.crashkernel)} (${showSize(size(layout.crashkernel))}); SWIOTLB ${showRange(layout.swiotlb)}; IOMMU device table ${showRange(layout.iommuDevTable)}`,
    `firmware: ${layout.firmware.efi ? 'UEFI' : 'BIOS'}; ${layout.firmware.ranges.length === 0 ? 'no e820 range but RAM' : layout.firmware.ranges.map(showFirmwareRange).join(', ')}; ` +
      `kexec_file_load's setup_data slots in boot_params: ${env.setupData.map((d) => `${d.type} at +0x${d.offset.toString(16)}`).join(', ')}`,
    `events: ${env.events.map((e) => (e.type === 'DEVICE_DMA' ? `DEVICE_DMA(${e.target})` : e.type)).join(', ')}`,
  ];
}

/** One read, in a line: where, how it was written, how it was read, what it should be and what came back. */
export function describeObservation(o: Observation): string {
  if (o.got.kind === 'refused') return `${o.ok ? 'ok' : 'WRONG'} ${o.site}: ${o.what}: refused: ${o.got.why}`;
  const how = `written ${o.written}, read ${o.read}`;
  return `${o.ok ? 'ok' : 'WRONG'} ${o.site}: ${o.what} ${showRange(o.range)}: ${how}; expected ${showValue(o.expected, o.range.start)}, got ${showValue(o.got, o.range.start)}`;
}

/**
 * The numbered trace of a run. Under each step, the reads it made that went wrong (at most
 * `perStep`); `focus`, if given, is always shown and marked.
 */
export function renderTrace(run: Run, focus?: Observation, perStep = 3): string[] {
  const lines: string[] = [];
  run.steps.forEach((s, i) => {
    lines.push(`${i + 1}. [${s.stage}] ${s.site}: ${s.text}`);
    const wrong = run.observations.filter((o) => o.step === i && !o.ok && o !== focus);
    if (focus !== undefined && focus.step === i) lines.push(`   >> ${describeObservation(focus)}`);
    for (const o of wrong.slice(0, perStep)) lines.push(`   ${describeObservation(o)}`);
    if (wrong.length > perStep) lines.push(`   ... and ${wrong.length - perStep} more wrong read(s) in this step`);
  });
  lines.push(runEnding(run));
  return lines;
}

/** How a run ended, in a line: where it stopped and why, halted, or the last stage it reached. */
export function runEnding(run: Run): string {
  if (run.stop !== null) return `STOPPED in ${run.stop.stage} at ${run.stop.site}: ${run.stop.reason}`;
  if (run.halted) return 'HALTED: panic with no crash kernel loaded';
  return `END: reached ${run.stages.at(-1) ?? 'nothing'}`;
}

