// Printer.PrintForm, PrintRaw, ControlMedia, Reset, RetractMedia and ResetCount on WFS_CMD_PTR_PRINT_FORM,
// RAW_DATA, CONTROL_MEDIA, RESET, RETRACT_MEDIA and RESET_COUNT. Media control flags are checked
// against WFSPTRCAPS.fwControl (dwControlEx on 3.30) before anything reaches the printer.
import type { CommandResult, JsonObject } from '../../xfs4iot/backend.ts';
import type { PtrCapabilities, PtrStatus } from '../../legacy-xfs3/ptr/types.ts';
import { fromBase64, toBase64 } from '../binary.ts';
import { invalidData, success, unsupportedCommand, unsupportedData, type CommandCall } from '../translator.ts';
import { controlBits } from './status.ts';

type PtrCall = CommandCall<PtrCapabilities, PtrStatus>;

/** What 2024-03 (major 3) expresses with `move` and `turnPage` instead of 2023-2's booleans. */
const CONTROLS_2023_ONLY = ['eject', 'retract', 'park', 'expel', 'ejectToTransport', 'stack', 'forward', 'backward', 'clearBuffer'];

/**
 * The 3.x control names a mediaControl object asks for: 2023-2 (major 2) sets booleans
 * ({eject: true, cut: true}); 2024-03 (major 3) names the movement ({move: 'eject', turnPage:
 * 'forward', cut: true}) and has no eject/retract/... booleans, which are refused rather than ignored.
 */
function controlNamesOf(value: JsonObject, major: number, command: string): string[] | CommandResult {
  const flags = Object.entries(value).filter(([, on]) => on === true).map(([name]) => name);
  if (major < 3) return flags;
  const stale = flags.filter((name) => CONTROLS_2023_ONLY.includes(name));
  if (stale.length > 0) return invalidData(`${command}: mediaControl.${stale[0]} is 2023-2's; in 2024-03 (version 3) the movement is mediaControl.move ('eject', 'retract', ...)`);
  const moves = [value.move, value.turnPage].filter((v): v is string => typeof v === 'string');
  return [...moves, ...flags];
}

/** mediaControl object -> WFS_PTR_CTRL* bits, or the completion refusing it. */
export function mediaControlBits(call: PtrCall, value: unknown, command: string): number | CommandResult {
  if (value === undefined || value === null) return 0;
  const names = controlNamesOf(value as JsonObject, call.major, command);
  if (!Array.isArray(names)) return names;
  const bits = call.enums.bitsOf('mediaControl', names);
  const missing = bits & ~controlBits(call.device.capabilities);
  if (missing !== 0) {
    const refused = names.filter((name) => ((call.enums.flagBit('mediaControl', name) ?? 0) & missing) !== 0);
    return unsupportedData(`${command}: this XFS 3.x printer cannot ${refused.join(', ')} (WFSPTRCAPS.fwControl)`);
  }
  return bits;
}

/** 2023-2 fields { NAME: value } or 2024-03 { NAME: value | [value per index] } -> "NAME=value" / "NAME[i]=value". */
function fieldEntries(fields: unknown): string[] | CommandResult {
  const out: string[] = [];
  for (const [name, value] of Object.entries((fields ?? {}) as JsonObject)) {
    if (name.includes('\0') || name.includes('=') || name === '') return invalidData(`PrintForm: field name ${JSON.stringify(name)} is not a 3.x field name`);
    const values = Array.isArray(value) ? value : [value];
    for (const [index, item] of values.entries()) {
      if (typeof item !== 'string' || item.includes('\0')) return invalidData(`PrintForm: field ${name} holds a value 3.x cannot print (NUL)`);
      out.push(Array.isArray(value) ? `${name}[${index}]=${item}` : `${name}=${item}`);
    }
  }
  return out;
}

/** paperSource name -> WFS_PTR_PAPER* bit (any when absent), checked against WFSPTRCAPS.fwPaperSources. */
function paperSourceBit(call: PtrCall, value: unknown, command: string): number | CommandResult {
  if (typeof value !== 'string') return 1; // WFS_PTR_PAPERANY
  const bit = call.enums.flagBit('paperSource', value);
  if (bit === undefined) return unsupportedData(`${command}: paper source ${value} has no XFS 3.x counterpart`);
  if (bit !== 1 && (bit & call.device.capabilities.paperSources) === 0) return unsupportedData(`${command}: this XFS 3.x printer has no ${value} paper source`);
  return bit;
}

function hasNul(value: unknown): boolean {
  return typeof value === 'string' && value.includes('\0');
}

export async function printForm(call: PtrCall): Promise<CommandResult> {
  const p = call.payload ?? {};
  if (hasNul(p.formName) || hasNul(p.mediaName)) return invalidData('PrintForm: a form or media name cannot contain NUL');
  const control = mediaControlBits(call, p.mediaControl, 'PrintForm');
  if (typeof control !== 'number') return control;
  const fields = fieldEntries(p.fields);
  if (!Array.isArray(fields)) return fields;
  const alignment = call.enums.code('printAlignment', typeof p.alignment === 'string' ? p.alignment : 'formDefinition');
  const caps = call.device.capabilities;
  let resolution = caps.resolution & -caps.resolution; // the lowest the printer has, when the client names none
  if (typeof p.resolution === 'string') {
    resolution = call.enums.flagBit('wResolution', p.resolution) ?? 0;
    if ((resolution & caps.resolution) === 0) return unsupportedData(`PrintForm: this XFS 3.x printer cannot print at ${p.resolution} resolution`);
  }
  const paperSource = paperSourceBit(call, p.paperSource, 'PrintForm');
  if (typeof paperSource !== 'number') return paperSource;
  const done = await call.execute('WFS_CMD_PTR_PRINT_FORM', {
    formName: p.formName, mediaName: typeof p.mediaName === 'string' ? p.mediaName : undefined,
    alignment: typeof alignment === 'number' ? alignment : 0,
    offsetX: typeof p.offsetX === 'number' ? p.offsetX : 0, offsetY: typeof p.offsetY === 'number' ? p.offsetY : 0,
    resolution, mediaControl: control, fields, paperSource,
  });
  return done.ok ? success() : call.failure(done);
}

export async function printRaw(call: PtrCall): Promise<CommandResult> {
  const p = call.payload ?? {};
  const data = typeof p.data === 'string' ? fromBase64(p.data) : Buffer.alloc(0);
  if (!data) return invalidData('PrintRaw: data is not base64');
  const inputData = p.inputData === 'yes';
  const done = await call.execute('WFS_CMD_PTR_RAW_DATA', { inputData, data });
  if (!done.ok) return call.failure(done);
  const answer = done.data as Buffer | undefined;
  return success(inputData && answer && answer.length > 0 ? { data: toBase64(answer) } : undefined);
}

export async function controlMedia(call: PtrCall): Promise<CommandResult> {
  const control = mediaControlBits(call, call.payload?.mediaControl, 'ControlMedia');
  if (typeof control !== 'number') return control;
  if (control === 0) return invalidData('ControlMedia: mediaControl names no action');
  const done = await call.execute('WFS_CMD_PTR_CONTROL_MEDIA', { mediaControl: control });
  return done.ok ? success() : call.failure(done);
}

/** unit<n> -> retract bin number n (1-based), checked against WFSPTRCAPS.usRetractBins. */
function binOf(call: PtrCall, unit: string, command: string): number | CommandResult {
  const bin = Number(unit.slice(4));
  if (!/^unit[1-9][0-9]*$/.test(unit) || bin > call.device.capabilities.maxRetract.length) {
    return invalidData(`${command}: ${unit} is not a retract bin of this printer (it has ${call.device.capabilities.maxRetract.length})`);
  }
  return bin;
}

const CTRL = { EJECT: 0x0001, RETRACT: 0x0020, EXPEL: 0x4000 } as const;

export async function reset(call: PtrCall): Promise<CommandResult> {
  const target = call.payload?.mediaControl;
  if (typeof target !== 'string') {
    const done = await call.execute('WFS_CMD_PTR_RESET', undefined);
    return done.ok ? success() : call.failure(done);
  }
  let data: { mediaControl: number; retractBinNumber: number };
  if (target === 'eject' || target === 'expel') {
    const bit = target === 'eject' ? CTRL.EJECT : CTRL.EXPEL;
    if ((controlBits(call.device.capabilities) & bit) === 0) return unsupportedData(`Reset: this XFS 3.x printer cannot ${target} (WFSPTRCAPS.fwControl)`);
    data = { mediaControl: bit, retractBinNumber: 0 };
  } else {
    const bin = binOf(call, target, 'Reset');
    if (typeof bin !== 'number') return bin;
    data = { mediaControl: CTRL.RETRACT, retractBinNumber: bin };
  }
  const done = await call.execute('WFS_CMD_PTR_RESET', data);
  return done.ok ? success() : call.failure(done);
}

export async function retractMedia(call: PtrCall): Promise<CommandResult> {
  const target = typeof call.payload?.mediaControl === 'string' ? call.payload.mediaControl : 'unit1';
  let binNumber = 0;
  if (target === 'transport') {
    if (!call.device.capabilities.retractToTransport) return unsupportedData('RetractMedia: this XFS 3.x printer cannot retract to its transport (WFSPTRCAPS.bRetractToTransport)');
  } else {
    const bin = binOf(call, target, 'RetractMedia');
    if (typeof bin !== 'number') return bin;
    binNumber = bin;
  }
  const done = await call.execute('WFS_CMD_PTR_RETRACT_MEDIA', { binNumber });
  if (!done.ok) return call.failure(done);
  const used = typeof done.data === 'number' ? done.data : binNumber;
  return success({ result: used === 0 ? 'transport' : `unit${used}` });
}

export async function resetCount(call: PtrCall): Promise<CommandResult> {
  const binNumber = typeof call.payload?.binNumber === 'number' ? call.payload.binNumber : 0;
  if (binNumber > call.device.capabilities.maxRetract.length) {
    return invalidData(`ResetCount: bin ${binNumber} is not a retract bin of this printer (it has ${call.device.capabilities.maxRetract.length})`);
  }
  const done = await call.execute('WFS_CMD_PTR_RESET_COUNT', { binNumber });
  return done.ok ? success() : call.failure(done);
}

export async function dispensePaper(call: PtrCall): Promise<CommandResult> {
  if (!call.device.capabilities.dispensePaper) return unsupportedCommand('DispensePaper: this XFS 3.x printer cannot dispense paper (WFSPTRCAPS.bDispensePaper)');
  const paperSource = paperSourceBit(call, call.payload?.paperSource, 'DispensePaper');
  if (typeof paperSource !== 'number') return paperSource;
  const done = await call.execute('WFS_CMD_PTR_DISPENSE_PAPER', { paperSource });
  return done.ok ? success() : call.failure(done);
}
