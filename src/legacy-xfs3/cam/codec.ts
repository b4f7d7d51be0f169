// CAM codecs: status and capabilities (3.00, 3.20 and 3.30 layouts), TAKE_PICTURE with the text to
// add (ASCII; the UNICODE text is not sent), RESET, and the MEDIATHRESHOLD / INVALIDDATA events.
import type { Arena, Block } from '../arena.ts';
import { classCodecs, obj, text, word } from '../codec.ts';
import type { CodecContext, CommandCodec, EventCodec } from '../codec.ts';
import type { StructReader } from '../memory.ts';
import { readDwordArray, readExtra, readStruct } from '../memory.ts';
import type { CamCapabilities, CamStatus } from './types.ts';
import * as S from './structs.ts';

const O = 1000;
export const CAM_CMD = { TAKE_PICTURE: O + 1, RESET: O + 2 } as const;
export const CAM_INF = { STATUS: O + 1, CAPABILITIES: O + 2 } as const;

function wordsOf(r: StructReader, field: string): number[] {
  const b = r.bytesOf(field);
  const out: number[] = [];
  for (let i = 0; i + 1 < b.length; i += 2) out.push(b[i] | (b[i + 1] << 8));
  return out;
}

function status(ctx: CodecContext, p: bigint): CamStatus {
  const v320 = ctx.vnum >= 320;
  const r = readStruct(ctx.mem, p, v320 ? S.CAM_STATUS_V320 : S.CAM_STATUS_V300);
  const s: CamStatus = {
    device: r.u16('fwDevice'), media: wordsOf(r, 'fwMedia'), cameras: wordsOf(r, 'fwCameras'), pictures: wordsOf(r, 'usPictures'),
    extra: readExtra(ctx.mem, r.ptr('lpszExtra')),
  };
  if (v320) s.antiFraudModule = r.u16('wAntiFraudModule');
  return s;
}

function capabilities(ctx: CodecContext, p: bigint): CamCapabilities {
  const r = readStruct(ctx.mem, p, ctx.vnum >= 330 ? S.CAM_CAPS_V330 : ctx.vnum >= 320 ? S.CAM_CAPS_V320 : S.CAM_CAPS_V300);
  const c: CamCapabilities = {
    class: r.u16('wClass'), type: r.u16('fwType'), cameras: wordsOf(r, 'fwCameras'), maxPictures: r.u16('usMaxPictures'), camData: r.u16('fwCamData'),
    maxDataLength: r.u16('usMaxDataLength'), charSupport: r.u16('fwCharSupport'), extra: readExtra(ctx.mem, r.ptr('lpszExtra')),
  };
  if (ctx.vnum >= 320) Object.assign(c, { pictureFile: r.bool('bPictureFile'), antiFraudModule: r.bool('bAntiFraudModule') });
  if (ctx.vnum >= 330) c.synchronizableCommands = readDwordArray(ctx.mem, r.ptr('lpdwSynchronizableCommands'));
  return c;
}

function takePicture(a: Arena, input: unknown): Block {
  const o = obj(input, 'TAKE_PICTURE');
  const data = o.camData === undefined || o.camData === null ? null : a.string(text(o.camData, 'camData'));
  return a.struct(S.CAM_TAKE_PICTURE).u16('wCamera', word(o.camera, 'camera')).ptr('lpszCamData', data).ptr('lpszUNICODECamData', null);
}

const execute: CommandCodec[] = [
  { code: CAM_CMD.TAKE_PICTURE, name: 'WFS_CMD_CAM_TAKE_PICTURE', encode: takePicture },
  { code: CAM_CMD.RESET, name: 'WFS_CMD_CAM_RESET' },
];

const info: CommandCodec[] = [
  { code: CAM_INF.STATUS, name: 'WFS_INF_CAM_STATUS', decode: status },
  { code: CAM_INF.CAPABILITIES, name: 'WFS_INF_CAM_CAPABILITIES', decode: capabilities },
];

const events: EventCodec[] = [
  {
    id: O + 1, name: 'WFS_USRE_CAM_MEDIATHRESHOLD', kind: 'user',
    decode: (ctx, p) => ({ mediaThreshold: ctx.mem.read(p, 2)[0] | (ctx.mem.read(p, 2)[1] << 8) }),
  },
  { id: O + 2, name: 'WFS_EXEE_CAM_INVALIDDATA', kind: 'execute' },
];

export const camCodecs = classCodecs('CAM', execute, info, events);
