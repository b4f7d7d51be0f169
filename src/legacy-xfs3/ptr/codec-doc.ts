// PTR codecs of document printers, scanners and passbook printers: READ_FORM, MEDIA_EXTENTS,
// READ_IMAGE, LOAD_DEFINITION, SUPPLY_REPLENISH, CONTROL_PASSBOOK, SET_BLACK_MARK_MODE and the events
// of media insertion, rejection, auto-retraction, retract bins, definitions, lamp and ink. Joined
// with ptr/codec.ts into one PTR class.
import { bool, dword, EncodeError, list, obj, text, word } from '../codec.ts';
import type { CodecContext, CommandCodec, EventCodec } from '../codec.ts';
import type { PtrImage } from './types.ts';
import { readBytes, readPointerArray, readString, readStringList, readStruct } from '../memory.ts';
import * as S from './structs.ts';

const O = 100;
export const PTR_DOC_CMD = {
  READ_FORM: O + 3, MEDIA_EXTENTS: O + 5, READ_IMAGE: O + 7, LOAD_DEFINITION: O + 13, SUPPLY_REPLENISH: O + 14,
  CONTROL_PASSBOOK: O + 16, SET_BLACK_MARK_MODE: O + 17,
} as const;

/** A name the 3.x provider reads as a C string: non-empty, no NUL, no separator of the field list. */
function name(v: unknown, what: string): string {
  const s = text(v, what, 256);
  if (s.length === 0 || s.includes('\0')) throw new EncodeError(`${what}: a non-empty name without NUL is required`);
  return s;
}

function word0(ctx: CodecContext, p: bigint): number {
  const b = readBytes(ctx.mem, p, 2);
  return b.readUInt16LE(0);
}

function twoWords(ctx: CodecContext, p: bigint): [number, number] {
  const b = readBytes(ctx.mem, p, 4);
  return [b.readUInt16LE(0), b.readUInt16LE(2)];
}

/** A scanned image may be larger than other 3.x buffers (a full-colour page), but stays bounded. */
export const PTR_IMAGE_MAX_BYTES = 8 << 20;

function image(ctx: CodecContext, p: bigint): PtrImage {
  const r = readStruct(ctx.mem, p, S.PTR_IMAGE);
  const length = r.u32('ulDataLength');
  const data = length > 0 ? readBytes(ctx.mem, r.ptr('lpbData'), length, PTR_IMAGE_MAX_BYTES) : Buffer.alloc(0);
  return { source: r.u16('wImageSource'), status: r.u16('wStatus'), data };
}

export const ptrDocExecute: CommandCodec[] = [
  {
    code: PTR_DOC_CMD.READ_FORM, name: 'WFS_CMD_PTR_READ_FORM',
    encode: (a, input) => {
      const o = obj(input, 'READ_FORM');
      const fields = o.fieldNames === undefined ? [] : list(o.fieldNames, 'fieldNames', 256).map((f, i) => name(f, `fieldNames[${i}]`));
      return a.struct(S.PTR_READ_FORM).ptr('lpszFormName', a.string(name(o.formName, 'formName')))
        .ptr('lpszFieldNames', fields.length ? a.stringList(fields) : null)
        .ptr('lpszMediaName', o.mediaName === undefined ? null : a.string(name(o.mediaName, 'mediaName')))
        .u32('dwMediaControl', dword(o.mediaControl, 'mediaControl'));
    },
    // "NAME=value" / "NAME[i]=value" entries, as PRINT_FORM takes them.
    decode: (ctx, p) => (p === 0n ? [] : readStringList(ctx.mem, readStruct(ctx.mem, p, S.PTR_READ_FORM_OUT).ptr('lpszFields'))),
  },
  {
    code: PTR_DOC_CMD.MEDIA_EXTENTS, name: 'WFS_CMD_PTR_MEDIA_EXTENTS',
    encode: (a, input) => {
      const o = obj(input, 'MEDIA_EXTENTS');
      return a.struct(S.PTR_MEDIA_UNIT).u16('wBase', word(o.base, 'base')).u16('wUnitX', word(o.unitX, 'unitX')).u16('wUnitY', word(o.unitY, 'unitY'));
    },
    decode: (ctx, p) => {
      if (p === 0n) return undefined;
      const r = readStruct(ctx.mem, p, S.PTR_MEDIA_EXT);
      return { sizeX: r.u32('ulSizeX'), sizeY: r.u32('ulSizeY') };
    },
  },
  {
    code: PTR_DOC_CMD.READ_IMAGE, name: 'WFS_CMD_PTR_READ_IMAGE',
    encode: (a, input) => {
      const o = obj(input, 'READ_IMAGE');
      // Images come back in memory: the file names stay NULL.
      return a.struct(S.PTR_IMAGE_REQUEST).u16('wFrontImageType', word(o.frontImageType, 'frontImageType'))
        .u16('wBackImageType', word(o.backImageType, 'backImageType'))
        .u16('wFrontImageColorFormat', word(o.frontImageColorFormat, 'frontImageColorFormat'))
        .u16('wBackImageColorFormat', word(o.backImageColorFormat, 'backImageColorFormat'))
        .u16('wCodelineFormat', word(o.codelineFormat, 'codelineFormat')).u16('fwImageSource', word(o.imageSource, 'imageSource'))
        .ptr('lpszFrontImageFile', null).ptr('lpszBackImageFile', null);
    },
    decode: (ctx, p) => (p === 0n ? [] : readPointerArray(ctx.mem, p).map((q) => image(ctx, q))),
  },
  {
    code: PTR_DOC_CMD.LOAD_DEFINITION, name: 'WFS_CMD_PTR_LOAD_DEFINITION',
    encode: (a, input) => {
      const o = obj(input, 'LOAD_DEFINITION');
      return a.struct(S.PTR_LOAD_DEFINITION).ptr('lpszFileName', a.string(name(o.fileName, 'fileName')))
        .u32('bOverwrite', bool(o.overwrite, 'overwrite') ? 1 : 0);
    },
  },
  {
    code: PTR_DOC_CMD.SUPPLY_REPLENISH, name: 'WFS_CMD_PTR_SUPPLY_REPLENISH',
    encode: (a, input) => a.u16(word(obj(input, 'SUPPLY_REPLENISH').supplies, 'supplies')),
  },
  {
    code: PTR_DOC_CMD.CONTROL_PASSBOOK, name: 'WFS_CMD_PTR_CONTROL_PASSBOOK',
    encode: (a, input) => {
      const o = obj(input, 'CONTROL_PASSBOOK');
      return a.struct(S.PTR_CONTROL_PASSBOOK).u16('wAction', word(o.action, 'action')).u16('usCount', word(o.count, 'count'));
    },
  },
  {
    code: PTR_DOC_CMD.SET_BLACK_MARK_MODE, name: 'WFS_CMD_PTR_SET_BLACK_MARK_MODE',
    encode: (a, input) => a.u16(word(obj(input, 'SET_BLACK_MARK_MODE').mode, 'mode')),
  },
];

export const ptrDocEvents: EventCodec[] = [
  { id: O + 10, name: 'WFS_USRE_PTR_LAMPTHRESHOLD', kind: 'user', decode: (ctx, p) => ({ threshold: word0(ctx, p) }) },
  { id: O + 11, name: 'WFS_USRE_PTR_INKTHRESHOLD', kind: 'user', decode: (ctx, p) => ({ threshold: word0(ctx, p) }) },
  {
    id: O + 13, name: 'WFS_SRVE_PTR_RETRACTBINSTATUS', kind: 'service',
    decode: (ctx, p) => { const [binNumber, state] = twoWords(ctx, p); return { binNumber, state }; },
  },
  {
    id: O + 15, name: 'WFS_SRVE_PTR_DEFINITIONLOADED', kind: 'service',
    decode: (ctx, p) => {
      const r = readStruct(ctx.mem, p, S.PTR_DEFINITION_LOADED);
      return { name: readString(ctx.mem, r.ptr('lpszDefinitionName')), type: r.u32('dwDefinitionType') };
    },
  },
  { id: O + 16, name: 'WFS_EXEE_PTR_MEDIAREJECTED', kind: 'execute', decode: (ctx, p) => ({ reason: word0(ctx, p) }) },
  {
    id: O + 17, name: 'WFS_SRVE_PTR_MEDIAPRESENTED', kind: 'service',
    decode: (ctx, p) => { const [wadIndex, totalWads] = twoWords(ctx, p); return { wadIndex, totalWads }; },
  },
  {
    id: O + 18, name: 'WFS_SRVE_PTR_MEDIAAUTORETRACTED', kind: 'service',
    decode: (ctx, p) => { const [result, binNumber] = twoWords(ctx, p); return { result, binNumber }; },
  },
];
