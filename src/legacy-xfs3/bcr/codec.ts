// BCR codecs: status and capabilities (3.10 layout; 3.20 appends the anti-fraud module, 3.30 the
// synchronizable commands), READ
// (a zero-terminated symbology list in, a NULL-terminated list of barcodes out), RESET and the
// guidance light.
import type { Arena, Block } from '../arena.ts';
import { classCodecs, dword, EncodeError, list, obj, word } from '../codec.ts';
import type { CodecContext, CommandCodec, EventCodec } from '../codec.ts';
import { readBytes, readDwordArray, readExtra, readPointerArray, readString, readStruct, readWordArray } from '../memory.ts';
import type { BcrBarcode, BcrCapabilities, BcrStatus } from './types.ts';
import * as S from './structs.ts';

const O = 1500;
export const BCR_CMD = { READ: O + 1, RESET: O + 2, SET_GUIDANCE_LIGHT: O + 3, POWER_SAVE_CONTROL: O + 4 } as const;
export const BCR_INF = { STATUS: O + 1, CAPABILITIES: O + 2 } as const;

function status(ctx: CodecContext, p: bigint): BcrStatus {
  const v320 = ctx.vnum >= 320;
  const r = readStruct(ctx.mem, p, v320 ? S.BCR_STATUS_V320 : S.BCR_STATUS_V310);
  const s: BcrStatus = {
    device: r.u16('fwDevice'), scanner: r.u16('fwBCRScanner'), guidLights: r.u32s('dwGuidLights'), extra: readExtra(ctx.mem, r.ptr('lpszExtra')),
    devicePosition: r.u16('wDevicePosition'), powerSaveRecoveryTime: r.u16('usPowerSaveRecoveryTime'),
  };
  if (v320) s.antiFraudModule = r.u16('wAntiFraudModule');
  return s;
}

function capabilities(ctx: CodecContext, p: bigint): BcrCapabilities {
  const v320 = ctx.vnum >= 320;
  const v330 = ctx.vnum >= 330;
  const r = readStruct(ctx.mem, p, v330 ? S.BCR_CAPS_V330 : v320 ? S.BCR_CAPS_V320 : S.BCR_CAPS_V310);
  const c: BcrCapabilities = {
    class: r.u16('wClass'), compound: r.bool('bCompound'), canFilterSymbologies: r.bool('bCanFilterSymbologies'),
    symbologies: readWordArray(ctx.mem, r.ptr('lpwSymbologies')), guidLights: r.u32s('dwGuidLights'), extra: readExtra(ctx.mem, r.ptr('lpszExtra')),
    powerSaveControl: r.bool('bPowerSaveControl'),
  };
  if (v320) c.antiFraudModule = r.bool('bAntiFraudModule');
  if (v330) c.synchronizableCommands = readDwordArray(ctx.mem, r.ptr('lpdwSynchronizableCommands'));
  return c;
}

function readInput(a: Arena, input: unknown): Block | null {
  if (input === undefined || input === null) return null;
  const o = obj(input, 'READ');
  if (o.symbologies === undefined || o.symbologies === null) return a.struct(S.BCR_READ_INPUT).ptr('lpwSymbologies', null);
  // WFS_BCR_SYM_UNKNOWN (0) terminates the list, so it cannot be asked for
  const symbologies = list(o.symbologies, 'symbologies', 64).map((v, i) => word(v, `symbologies[${i}]`));
  if (symbologies.includes(0)) throw new EncodeError('symbologies: 0 (unknown) cannot be requested');
  if (symbologies.length === 0) return a.struct(S.BCR_READ_INPUT).ptr('lpwSymbologies', null);
  const words = Buffer.alloc(2 * (symbologies.length + 1));
  symbologies.forEach((s, i) => words.writeUInt16LE(s, 2 * i));
  return a.struct(S.BCR_READ_INPUT).ptr('lpwSymbologies', a.bytes(words));
}

function readOutput(ctx: CodecContext, p: bigint): BcrBarcode[] {
  return readPointerArray(ctx.mem, p).map((item) => {
    const r = readStruct(ctx.mem, item, S.BCR_READ_OUTPUT);
    const xp = r.ptr('lpxBarcodeData');
    let data: Buffer = Buffer.alloc(0);
    if (xp !== 0n) {
      const x = readStruct(ctx.mem, xp, S.BCR_XDATA);
      data = readBytes(ctx.mem, x.ptr('lpbData'), x.u16('usLength'));
    }
    const name = r.ptr('lpszSymbologyName');
    return { symbology: r.u16('wSymbology'), data, symbologyName: name === 0n ? null : readString(ctx.mem, name) };
  });
}

const execute: CommandCodec[] = [
  { code: BCR_CMD.READ, name: 'WFS_CMD_BCR_READ', encode: readInput, decode: readOutput },
  { code: BCR_CMD.RESET, name: 'WFS_CMD_BCR_RESET' },
  {
    code: BCR_CMD.SET_GUIDANCE_LIGHT, name: 'WFS_CMD_BCR_SET_GUIDANCE_LIGHT',
    encode: (a, input) => {
      const o = obj(input, 'SET_GUIDANCE_LIGHT');
      return a.struct(S.BCR_SET_GUIDLIGHT).u16('wGuidLight', word(o.guidLight, 'guidLight')).u32('dwCommand', dword(o.command, 'command'));
    },
  },
];

const info: CommandCodec[] = [
  { code: BCR_INF.STATUS, name: 'WFS_INF_BCR_STATUS', decode: status },
  { code: BCR_INF.CAPABILITIES, name: 'WFS_INF_BCR_CAPABILITIES', decode: capabilities },
];

const events: EventCodec[] = [];

export const bcrCodecs = classCodecs('BCR', execute, info, events);
