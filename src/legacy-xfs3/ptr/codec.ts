// PTR codecs: status/capabilities, forms and media queries, printing, media control and the
// printer's events.
import { bool, bytes, classCodecs, dword, EncodeError, list, obj, text, word } from '../codec.ts';
import type { CodecContext, CommandCodec, EventCodec } from '../codec.ts';
import type { PtrCapabilities, PtrFieldFailure, PtrFormField, PtrFormHeader, PtrFormMedia, PtrStatus } from './types.ts';
import {
  readBytes, readDwordArray, readExtra, readPointerArray, readString, readStringList, readStruct,
} from '../memory.ts';
import * as S from './structs.ts';
import { ptrDocEvents, ptrDocExecute } from './codec-doc.ts';

const O = 100;
export const PTR_CMD = { CONTROL_MEDIA: O + 1, PRINT_FORM: O + 2, RAW_DATA: O + 4, RESET_COUNT: O + 6, RESET: O + 8, RETRACT_MEDIA: O + 9, DISPENSE_PAPER: O + 10 } as const;
export const PTR_INF = { STATUS: O + 1, CAPABILITIES: O + 2, FORM_LIST: O + 3, MEDIA_LIST: O + 4, QUERY_FORM: O + 5, QUERY_MEDIA: O + 6, QUERY_FIELD: O + 7 } as const;
export const PTR_CTRL = { EJECT: 0x0001, PERFORATE: 0x0002, CUT: 0x0004, SKIP: 0x0008, FLUSH: 0x0010, RETRACT: 0x0020, STACK: 0x0040, PARTIALCUT: 0x0080 } as const;

const at = (ctx: CodecContext, v: number): boolean => ctx.vnum >= v;

function words(raw: Uint8Array): number[] {
  const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out: number[] = [];
  for (let i = 0; i + 1 < raw.byteLength; i += 2) out.push(dv.getUint16(i, true));
  return out;
}

function status(ctx: CodecContext, p: bigint): PtrStatus {
  const r = readStruct(ctx.mem, p, at(ctx, 330) ? S.PTR_STATUS_V330 : at(ctx, 320) ? S.PTR_STATUS_V320 : S.PTR_STATUS_V300);
  const s: PtrStatus = {
    device: r.u16('fwDevice'), media: r.u16('fwMedia'), paper: words(r.bytesOf('fwPaper')), toner: r.u16('fwToner'),
    ink: r.u16('fwInk'), lamp: r.u16('fwLamp'),
    retractBins: readPointerArray(ctx.mem, r.ptr('lppRetractBins')).map((q) => {
      const b = readStruct(ctx.mem, q, S.PTR_RETRACT_BINS);
      return { state: b.u16('wRetractBin'), count: b.u16('usRetractCount') };
    }),
    mediaOnStacker: r.u16('usMediaOnStacker'), extra: readExtra(ctx.mem, r.ptr('lpszExtra')),
  };
  if (at(ctx, 320)) {
    Object.assign(s, {
      guidLights: r.u32s('dwGuidLights'), devicePosition: r.u16('wDevicePosition'),
      powerSaveRecoveryTime: r.u16('usPowerSaveRecoveryTime'), paperType: words(r.bytesOf('wPaperType')),
      antiFraudModule: r.u16('wAntiFraudModule'),
    });
  }
  if (at(ctx, 330)) s.blackMarkMode = r.u16('wBlackMarkMode');
  return s;
}

function capabilities(ctx: CodecContext, p: bigint): PtrCapabilities {
  const r = readStruct(ctx.mem, p, at(ctx, 330) ? S.PTR_CAPS_V330 : at(ctx, 320) ? S.PTR_CAPS_V320 : S.PTR_CAPS_V300);
  const bins = r.u16('usRetractBins');
  const maxRetractPtr = r.ptr('lpusMaxRetract');
  const maxRetract: number[] = [];
  if (bins > 0 && maxRetractPtr !== 0n) {
    if (bins > 64) throw new EncodeError(`usRetractBins ${bins} is not credible`);
    maxRetract.push(...words(readBytes(ctx.mem, maxRetractPtr, 2 * bins)));
  }
  const c: PtrCapabilities = {
    class: r.u16('wClass'), type: r.u16('fwType'), compound: r.bool('bCompound'), resolution: r.u16('wResolution'),
    readForm: r.u16('fwReadForm'), writeForm: r.u16('fwWriteForm'), extents: r.u16('fwExtents'), control: r.u16('fwControl'),
    maxMediaOnStacker: r.u16('usMaxMediaOnStacker'), acceptMedia: r.bool('bAcceptMedia'), multiPage: r.bool('bMultiPage'),
    paperSources: r.u16('fwPaperSources'), mediaTaken: r.bool('bMediaTaken'), maxRetract,
    imageType: r.u16('fwImageType'), frontImageColorFormat: r.u16('fwFrontImageColorFormat'),
    backImageColorFormat: r.u16('fwBackImageColorFormat'), codelineFormat: r.u16('fwCodelineFormat'),
    imageSource: r.u16('fwImageSource'), charSupport: r.u16('fwCharSupport'), dispensePaper: r.bool('bDispensePaper'),
    extra: readExtra(ctx.mem, r.ptr('lpszExtra')),
  };
  if (at(ctx, 320)) {
    Object.assign(c, {
      guidLights: r.u32s('dwGuidLights'), windowsPrinter: readString(ctx.mem, r.ptr('lpszWindowsPrinter')),
      mediaPresented: r.bool('bMediaPresented'), autoRetractPeriod: r.u16('usAutoRetractPeriod'),
      retractToTransport: r.bool('bRetractToTransport'), powerSaveControl: r.bool('bPowerSaveControl'),
      coercivityType: r.u16('fwCoercivityType'), controlPassbook: r.u16('fwControlPassbook'), printSides: r.u16('wPrintSides'),
      antiFraudModule: r.bool('bAntiFraudModule'),
    });
  }
  if (at(ctx, 330)) {
    Object.assign(c, {
      controlEx: r.u32('dwControlEx'), blackMarkModeSupported: r.bool('bBlackMarkModeSupported'),
      synchronizableCommands: readDwordArray(ctx.mem, r.ptr('lpdwSynchronizableCommands')),
    });
  }
  return c;
}

function formHeader(ctx: CodecContext, p: bigint): PtrFormHeader {
  const v320 = at(ctx, 320);
  const r = readStruct(ctx.mem, p, v320 ? S.PTR_FRM_HEADER_V320 : S.PTR_FRM_HEADER_V300);
  const h: PtrFormHeader = {
    formName: readString(ctx.mem, r.ptr('lpszFormName')), base: r.u16('wBase'), unitX: r.u16('wUnitX'), unitY: r.u16('wUnitY'),
    width: r.u16('wWidth'), height: r.u16('wHeight'), alignment: r.u16('wAlignment'), orientation: r.u16('wOrientation'),
    offsetX: r.u16('wOffsetX'), offsetY: r.u16('wOffsetY'), versionMajor: r.u16('wVersionMajor'), versionMinor: r.u16('wVersionMinor'),
    userPrompt: readString(ctx.mem, r.ptr('lpszUserPrompt')), charSupport: r.u16('fwCharSupport'),
    fields: readStringList(ctx.mem, r.ptr('lpszFields')),
  };
  if (v320) h.languageId = r.u16('wLanguageID');
  return h;
}

function formMedia(ctx: CodecContext, p: bigint): PtrFormMedia {
  const r = readStruct(ctx.mem, p, S.PTR_FRM_MEDIA);
  return {
    mediaType: r.u16('fwMediaType'), base: r.u16('wBase'), unitX: r.u16('wUnitX'), unitY: r.u16('wUnitY'),
    sizeWidth: r.u16('wSizeWidth'), sizeHeight: r.u16('wSizeHeight'), pageCount: r.u16('wPageCount'), lineCount: r.u16('wLineCount'),
    printAreaX: r.u16('wPrintAreaX'), printAreaY: r.u16('wPrintAreaY'), printAreaWidth: r.u16('wPrintAreaWidth'),
    printAreaHeight: r.u16('wPrintAreaHeight'), restrictedAreaX: r.u16('wRestrictedAreaX'), restrictedAreaY: r.u16('wRestrictedAreaY'),
    restrictedAreaWidth: r.u16('wRestrictedAreaWidth'), restrictedAreaHeight: r.u16('wRestrictedAreaHeight'),
    stagger: r.u16('wStagger'), foldType: r.u16('wFoldType'), paperSources: r.u16('wPaperSources'),
  };
}

function formField(ctx: CodecContext, p: bigint): PtrFormField {
  const v320 = at(ctx, 320);
  const r = readStruct(ctx.mem, p, v320 ? S.PTR_FRM_FIELD_V320 : S.PTR_FRM_FIELD_V300);
  const f: PtrFormField = {
    fieldName: readString(ctx.mem, r.ptr('lpszFieldName')), indexCount: r.u16('wIndexCount'), type: r.u16('fwType'),
    class: r.u16('fwClass'), access: r.u16('fwAccess'), overflow: r.u16('fwOverflow'),
    initialValue: readString(ctx.mem, r.ptr('lpszInitialValue')), format: readString(ctx.mem, r.ptr('lpszFormat')),
  };
  if (v320) Object.assign(f, { languageId: r.u16('wLanguageID'), coercivity: r.u16('wCoercivity') });
  return f;
}

function fieldFailure(ctx: CodecContext, p: bigint): PtrFieldFailure {
  const r = readStruct(ctx.mem, p, S.PTR_FIELD_FAIL);
  return { formName: readString(ctx.mem, r.ptr('lpszFormName')), fieldName: readString(ctx.mem, r.ptr('lpszFieldName')), failure: r.u16('wFailure') };
}

/** A form, media or field name: no NUL (it would end the 3.x string early). */
function name(v: unknown, what: string): string {
  const s = text(v, what, 256);
  if (s.length === 0 || s.includes('\0')) throw new EncodeError(`${what}: a non-empty name without NUL is required`);
  return s;
}

function fieldEntries(v: unknown): string[] {
  return list(v, 'fields', 1024).map((entry, i) => {
    const s = text(entry, `fields[${i}]`, 4096);
    if (s.includes('\0') || !s.includes('=')) throw new EncodeError(`fields[${i}]: "NAME=value" without NUL is required`);
    return s;
  });
}

const readU16 = (ctx: CodecContext, p: bigint): number => words(readBytes(ctx.mem, p, 2))[0];
const twoWords = (ctx: CodecContext, p: bigint): [number, number] => {
  const w = words(readBytes(ctx.mem, p, 4));
  return [w[0], w[1]];
};

const execute: CommandCodec[] = [
  {
    code: PTR_CMD.CONTROL_MEDIA, name: 'WFS_CMD_PTR_CONTROL_MEDIA',
    encode: (a, input) => a.u32s([dword(obj(input, 'CONTROL_MEDIA').mediaControl, 'mediaControl')]),
  },
  {
    code: PTR_CMD.PRINT_FORM, name: 'WFS_CMD_PTR_PRINT_FORM',
    encode: (a, input) => {
      const o = obj(input, 'PRINT_FORM');
      const fields = fieldEntries(o.fields);
      const opt = (v: unknown, what: string): number => (v === undefined ? 0 : word(v, what));
      return a.struct(S.PTR_PRINT_FORM).ptr('lpszFormName', a.string(name(o.formName, 'formName')))
        .ptr('lpszMediaName', o.mediaName === undefined ? null : a.string(name(o.mediaName, 'mediaName')))
        .u16('wAlignment', opt(o.alignment, 'alignment')).u16('wOffsetX', opt(o.offsetX, 'offsetX')).u16('wOffsetY', opt(o.offsetY, 'offsetY'))
        .u16('wResolution', opt(o.resolution, 'resolution')).u32('dwMediaControl', dword(o.mediaControl, 'mediaControl'))
        .ptr('lpszFields', fields.length ? a.stringList(fields) : null).ptr('lpszUNICODEFields', null)
        .u16('wPaperSource', opt(o.paperSource, 'paperSource'));
    },
  },
  {
    code: PTR_CMD.RAW_DATA, name: 'WFS_CMD_PTR_RAW_DATA',
    encode: (a, input) => {
      const o = obj(input, 'RAW_DATA');
      const data = bytes(o.data, 'data', 1 << 16);
      return a.struct(S.PTR_RAW_DATA).u16('wInputData', bool(o.inputData, 'inputData') ? 1 : 0).u32('ulSize', data.length)
        .ptr('lpbData', data.length ? a.bytes(data) : null);
    },
    decode: (ctx, p) => {
      if (p === 0n) return undefined;
      const r = readStruct(ctx.mem, p, S.PTR_RAW_DATA_IN);
      return readBytes(ctx.mem, r.ptr('lpbData'), r.u32('ulSize'));
    },
  },
  {
    code: PTR_CMD.RESET_COUNT, name: 'WFS_CMD_PTR_RESET_COUNT',
    // The bin number (0 = all bins); a provider that takes no input ignores it.
    encode: (a, input) => (input === undefined ? null : a.u16(word(obj(input, 'RESET_COUNT').binNumber, 'binNumber'))),
  },
  {
    code: PTR_CMD.RESET, name: 'WFS_CMD_PTR_RESET',
    encode: (a, input) => {
      if (input === undefined) return null;
      const o = obj(input, 'RESET');
      return a.struct(S.PTR_RESET).u32('dwMediaControl', dword(o.mediaControl, 'mediaControl'))
        .u16('usRetractBinNumber', word(o.retractBinNumber, 'retractBinNumber'));
    },
  },
  {
    code: PTR_CMD.RETRACT_MEDIA, name: 'WFS_CMD_PTR_RETRACT_MEDIA',
    encode: (a, input) => a.u16(word(obj(input, 'RETRACT_MEDIA').binNumber, 'binNumber')),
    decode: (ctx, p) => (p === 0n ? 0 : readU16(ctx, p)),
  },
  {
    code: PTR_CMD.DISPENSE_PAPER, name: 'WFS_CMD_PTR_DISPENSE_PAPER',
    encode: (a, input) => a.u16(word(obj(input, 'DISPENSE_PAPER').paperSource, 'paperSource')),
  },
];

const info: CommandCodec[] = [
  { code: PTR_INF.STATUS, name: 'WFS_INF_PTR_STATUS', decode: status },
  { code: PTR_INF.CAPABILITIES, name: 'WFS_INF_PTR_CAPABILITIES', decode: capabilities },
  { code: PTR_INF.FORM_LIST, name: 'WFS_INF_PTR_FORM_LIST', decode: (ctx, p) => readStringList(ctx.mem, p) },
  { code: PTR_INF.MEDIA_LIST, name: 'WFS_INF_PTR_MEDIA_LIST', decode: (ctx, p) => readStringList(ctx.mem, p) },
  {
    code: PTR_INF.QUERY_FORM, name: 'WFS_INF_PTR_QUERY_FORM',
    encode: (a, input) => a.string(name(obj(input, 'QUERY_FORM').formName, 'formName')), decode: formHeader,
  },
  {
    code: PTR_INF.QUERY_MEDIA, name: 'WFS_INF_PTR_QUERY_MEDIA',
    encode: (a, input) => a.string(name(obj(input, 'QUERY_MEDIA').mediaName, 'mediaName')), decode: formMedia,
  },
  {
    code: PTR_INF.QUERY_FIELD, name: 'WFS_INF_PTR_QUERY_FIELD',
    encode: (a, input) => {
      const o = obj(input, 'QUERY_FIELD');
      return a.struct(S.PTR_QUERY_FIELD).ptr('lpszFormName', a.string(name(o.formName, 'formName')))
        .ptr('lpszFieldName', o.fieldName === undefined ? null : a.string(name(o.fieldName, 'fieldName')));
    },
    decode: (ctx, p) => readPointerArray(ctx.mem, p).map((q) => formField(ctx, q)),
  },
];

const events: EventCodec[] = [
  { id: O + 1, name: 'WFS_EXEE_PTR_NOMEDIA', kind: 'execute', decode: (ctx, p) => ({ userPrompt: readString(ctx.mem, p) }) },
  { id: O + 2, name: 'WFS_EXEE_PTR_MEDIAINSERTED', kind: 'execute' },
  { id: O + 3, name: 'WFS_EXEE_PTR_FIELDERROR', kind: 'execute', decode: fieldFailure },
  { id: O + 4, name: 'WFS_EXEE_PTR_FIELDWARNING', kind: 'execute', decode: fieldFailure },
  {
    id: O + 5, name: 'WFS_USRE_PTR_RETRACTBINTHRESHOLD', kind: 'user',
    decode: (ctx, p) => { const [binNumber, state] = twoWords(ctx, p); return { binNumber, state }; },
  },
  { id: O + 6, name: 'WFS_SRVE_PTR_MEDIATAKEN', kind: 'service' },
  {
    id: O + 7, name: 'WFS_USRE_PTR_PAPERTHRESHOLD', kind: 'user',
    decode: (ctx, p) => { const [paperSource, threshold] = twoWords(ctx, p); return { paperSource, threshold }; },
  },
  { id: O + 8, name: 'WFS_USRE_PTR_TONERTHRESHOLD', kind: 'user', decode: (ctx, p) => ({ threshold: readU16(ctx, p) }) },
  { id: O + 9, name: 'WFS_SRVE_PTR_MEDIAINSERTED', kind: 'service' },
  {
    id: O + 12, name: 'WFS_SRVE_PTR_MEDIADETECTED', kind: 'service',
    decode: (ctx, p) => { const [position, retractBinNumber] = twoWords(ctx, p); return { position, retractBinNumber }; },
  },
  {
    id: O + 14, name: 'WFS_EXEE_PTR_MEDIAPRESENTED', kind: 'execute',
    decode: (ctx, p) => { const [wadIndex, totalWads] = twoWords(ctx, p); return { wadIndex, totalWads }; },
  },
];

export const ptrCodecs = classCodecs('PTR', [...execute, ...ptrDocExecute], info, [...events, ...ptrDocEvents]);
