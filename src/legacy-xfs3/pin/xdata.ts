// WFSXDATA (usLength, lpbData) both ways, for every PIN codec that passes bytes.
import type { Arena, Block } from '../arena.ts';
import { EncodeError, type CodecContext } from '../codec.ts';
import { readBytes, readStruct } from '../memory.ts';
import * as S from './structs.ts';

export function xdata(ctx: CodecContext, p: bigint): Buffer | null {
  if (p === 0n) return null;
  const r = readStruct(ctx.mem, p, S.PIN_XDATA);
  return readBytes(ctx.mem, r.ptr('lpbData'), r.u16('usLength'));
}

export function xdataBlock(a: Arena, data: Buffer): Block {
  if (data.length > 0xffff) throw new EncodeError('data: at most 65535 bytes');
  return a.struct(S.PIN_XDATA).u16('usLength', data.length).ptr('lpbData', data.length ? a.bytes(data) : null);
}
