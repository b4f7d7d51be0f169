// Printer.ReadForm, ReadImage, MediaExtents, ControlPassbook, SetBlackMarkMode and SupplyReplenish on
// WFS_CMD_PTR_READ_FORM, READ_IMAGE, MEDIA_EXTENTS, CONTROL_PASSBOOK, SET_BLACK_MARK_MODE and
// SUPPLY_REPLENISH: the commands of document printers, scanners and passbook printers. What the
// printer's capabilities rule out is refused here, before the printer waits for a customer's media.
// A wait for media is canceled when its client disconnects (nobody would take the result); a page
// turn runs to completion (ptr.json runToCompletion).
import type { CommandResult, JsonObject } from '../../xfs4iot/backend.ts';
import type { PtrCapabilities, PtrImage, PtrStatus } from '../../legacy-xfs3/ptr/types.ts';
import { toBase64 } from '../binary.ts';
import { compact, invalidData, success, unsupportedCommand, unsupportedData, type CommandCall } from '../translator.ts';
import { mediaControlBits } from './print.ts';

type PtrCall = CommandCall<PtrCapabilities, PtrStatus>;
const IMAGE = { front: 0x0001, back: 0x0002 } as const;

export async function readForm(call: PtrCall): Promise<CommandResult> {
  if (call.device.capabilities.readForm === 0) return unsupportedCommand('ReadForm: this XFS 3.x printer cannot read forms (WFSPTRCAPS.fwReadForm)');
  const p = call.payload ?? {};
  if ((p.mediaControl as JsonObject | undefined)?.clearBuffer === true) return invalidData('ReadForm: clearBuffer does not apply to reading');
  const control = mediaControlBits(call, p.mediaControl, 'ReadForm');
  if (typeof control !== 'number') return control;
  const fieldNames = Array.isArray(p.fieldNames) ? (p.fieldNames as string[]) : undefined;
  if (fieldNames?.some((name) => name.includes('\0'))) return invalidData('ReadForm: a field name cannot contain NUL');
  const done = await call.execute('WFS_CMD_PTR_READ_FORM', {
    formName: p.formName, fieldNames: fieldNames && fieldNames.length > 0 ? fieldNames : undefined,
    mediaName: typeof p.mediaName === 'string' ? p.mediaName : undefined, mediaControl: control,
  });
  if (!done.ok) return call.failure(done);
  const fields: JsonObject = {};
  for (const entry of (done.data as string[] | undefined) ?? []) {
    const eq = entry.indexOf('=');
    if (eq <= 0) {
      call.warn('READ_FORM returned a field without "NAME=": left out', { entry: entry.slice(0, 64) });
      continue;
    }
    const key = entry.slice(0, eq);
    const value = entry.slice(eq + 1);
    // 2024-03 (major 3) gives an indexed field as one array, NAME[i] at position i; 2023-2 keeps the key.
    const indexed = call.major >= 3 ? /^(.+)\[(\d{1,4})\]$/.exec(key) : null;
    if (!indexed) {
      fields[key] = value;
      continue;
    }
    const list = Array.isArray(fields[indexed[1]]) ? (fields[indexed[1]] as string[]) : [];
    list[Number(indexed[2])] = value;
    fields[indexed[1]] = Array.from(list, (item) => item ?? '');
  }
  return success(Object.keys(fields).length > 0 ? { fields } : undefined);
}

/** One side's image type and colour format -> the 3.x words, or the completion refusing them. */
function side(call: PtrCall, which: 'front' | 'back', type: unknown, color: unknown): { type: number; color: number } | CommandResult | undefined {
  if (type === undefined || type === null || type === 'none') return undefined;
  const caps = call.device.capabilities;
  const colors = which === 'front' ? caps.frontImageColorFormat : caps.backImageColorFormat;
  if ((caps.imageSource & IMAGE[which]) === 0) return unsupportedData(`ReadImage: this XFS 3.x scanner has no ${which} image (WFSPTRCAPS.fwImageSource)`);
  // png, gif and svg (2024-03) have no WFS_PTR_IMAGE* bit.
  const typeBit = call.enums.flagBit('fwImageType', String(type)) ?? 0;
  if ((typeBit & caps.imageType) === 0) return unsupportedData(`ReadImage: this XFS 3.x scanner cannot give a ${String(type)} image (WFSPTRCAPS.fwImageType)`);
  // Without a colour format the scanner's simplest one (binary before grayscale before full colour).
  const colorBit = typeof color === 'string' ? call.enums.flagBit('imageColorFormat', color) ?? 0 : colors & -colors;
  if ((colorBit & colors) === 0) return unsupportedData(`ReadImage: this XFS 3.x scanner cannot scan the ${which} in ${typeof color === 'string' ? color : 'any colour format'}`);
  return { type: typeBit, color: colorBit };
}

function image(call: PtrCall, found: PtrImage | undefined): JsonObject {
  if (!found) return { status: 'missing' };
  return compact({
    status: call.enums.value('imageStatus', found.status) ?? undefined,
    data: found.status === 0 && found.data.length > 0 ? toBase64(found.data) : undefined,
  });
}

export async function readImage(call: PtrCall): Promise<CommandResult> {
  if ((call.device.capabilities.imageSource & (IMAGE.front | IMAGE.back)) === 0) {
    return unsupportedCommand('ReadImage: this XFS 3.x printer has no scanner (WFSPTRCAPS.fwImageSource)');
  }
  const p = call.payload ?? {};
  // 2024-03 (major 3): frontImage / backImage { imageType, colorFormat }; passport data groups have no 3.x counterpart.
  if (p.passportDataGroup1 === true || p.passportDataGroup2 === true) return unsupportedData('ReadImage: XFS 3.x scanners read no passport data groups');
  const v3 = (image: unknown): JsonObject => (typeof image === 'object' && image !== null ? (image as JsonObject) : {});
  const front = call.major >= 3 ? side(call, 'front', v3(p.frontImage).imageType, v3(p.frontImage).colorFormat) : side(call, 'front', p.frontImageType, p.frontImageColorFormat);
  const back = call.major >= 3 ? side(call, 'back', v3(p.backImage).imageType, v3(p.backImage).colorFormat) : side(call, 'back', p.backImageType, p.backImageColorFormat);
  if (front && !('type' in front)) return front;
  if (back && !('type' in back)) return back;
  if (!front && !back) return invalidData('ReadImage: no front or back image is asked for');
  const done = await call.execute('WFS_CMD_PTR_READ_IMAGE', {
    frontImageType: front?.type ?? 0, backImageType: back?.type ?? 0,
    frontImageColorFormat: front?.color ?? 0, backImageColorFormat: back?.color ?? 0,
    codelineFormat: 0, imageSource: (front ? IMAGE.front : 0) | (back ? IMAGE.back : 0),
  });
  if (!done.ok) return call.failure(done);
  const images = (done.data as PtrImage[] | undefined) ?? [];
  const find = (bit: number) => images.find((i) => i.source === bit);
  return success({
    images: compact({ front: front ? image(call, find(IMAGE.front)) : undefined, back: back ? image(call, find(IMAGE.back)) : undefined }),
  });
}

export async function mediaExtents(call: PtrCall): Promise<CommandResult> {
  if (call.device.capabilities.extents === 0) return unsupportedCommand('MediaExtents: this XFS 3.x printer cannot measure media (WFSPTRCAPS.fwExtents)');
  // 2023-2: base, unitX, unitY; 2024-03 (major 3): unit { base, x, y } and the answer { x, y }.
  const p = call.major >= 3 ? (typeof call.payload?.unit === 'object' && call.payload.unit !== null ? (call.payload.unit as JsonObject) : {}) : call.payload ?? {};
  const unitX = call.major >= 3 ? p.x : p.unitX;
  const unitY = call.major >= 3 ? p.y : p.unitY;
  // Defaults when the client leaves them out: millimetres, one unit per millimetre.
  const base = call.enums.code('extentBase', typeof p.base === 'string' ? p.base : 'mm');
  const done = await call.execute('WFS_CMD_PTR_MEDIA_EXTENTS', {
    base, unitX: typeof unitX === 'number' ? unitX : 1, unitY: typeof unitY === 'number' ? unitY : 1,
  });
  if (!done.ok) return call.failure(done);
  const size = done.data as { sizeX: number; sizeY: number } | undefined;
  if (!size) return success();
  return success(call.major >= 3 ? { x: size.sizeX, y: size.sizeY } : { sizeX: size.sizeX, sizeY: size.sizeY });
}

export async function controlPassbook(call: PtrCall): Promise<CommandResult> {
  const supported = call.device.capabilities.controlPassbook ?? 0;
  if (supported === 0) return unsupportedCommand('ControlPassbook: this XFS 3.x printer cannot turn passbook pages (WFSPTRCAPS.fwControlPassbook)');
  const action = String(call.payload?.action);
  const bit = call.enums.flagBit('passbookAction', action) ?? 0;
  if ((bit & supported) === 0) return unsupportedData(`ControlPassbook: this XFS 3.x printer cannot ${action} (WFSPTRCAPS.fwControlPassbook)`);
  const count = typeof call.payload?.count === 'number' ? call.payload.count : 1;
  const done = await call.execute('WFS_CMD_PTR_CONTROL_PASSBOOK', { action: bit, count: bit <= 2 ? count : 0 });
  return done.ok ? success() : call.failure(done);
}

export async function setBlackMarkMode(call: PtrCall): Promise<CommandResult> {
  if (call.device.capabilities.blackMarkModeSupported !== true) {
    return unsupportedCommand('SetBlackMarkMode: this XFS 3.x printer has no black mark detection (WFSPTRCAPS.bBlackMarkModeSupported, 3.30)');
  }
  const done = await call.execute('WFS_CMD_PTR_SET_BLACK_MARK_MODE', { mode: call.payload?.blackMarkMode === true ? 1 : 2 });
  return done.ok ? success() : call.failure(done);
}

export async function supplyReplenish(call: PtrCall): Promise<CommandResult> {
  const names = Object.entries(call.payload ?? {}).filter(([, on]) => on === true).map(([name]) => name);
  const supplies = call.enums.bitsOf('supplyReplenish', names);
  if (supplies === 0) return invalidData('SupplyReplenish: no supply named as replenished');
  const done = await call.execute('WFS_CMD_PTR_SUPPLY_REPLENISH', { supplies });
  return done.ok ? success() : call.failure(done);
}
