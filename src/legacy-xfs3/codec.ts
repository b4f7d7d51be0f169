// Shared shape of the per-class codecs: how a command's input is written into native memory and
// how its output and the class's events are read back, per negotiated version.
import type { Arena, Block } from './arena.ts';
import type { NativeMemory } from './memory.ts';
import type { XfsEventKind, XfsServiceClass } from './types.ts';

export interface CodecContext {
  mem: NativeMemory;
  /** Negotiated version as a number: 300, 310, 320, 330 ... */
  vnum: number;
}

export class EncodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EncodeError';
  }
}

export interface CommandCodec {
  code: number;
  name: string;
  /** Builds lpCmdData / lpQueryDetails; returns null for a NULL pointer. */
  encode?: (arena: Arena, input: unknown, ctx: CodecContext) => Block | null;
  /** Reads lpBuffer (0n when the provider returned none). */
  decode?: (ctx: CodecContext, ptr: bigint) => unknown;
}

export interface EventCodec {
  id: number;
  name: string;
  kind: XfsEventKind;
  decode?: (ctx: CodecContext, ptr: bigint) => unknown;
}

export interface ClassCodecs {
  cls: XfsServiceClass;
  execute: Map<string, CommandCodec>;
  info: Map<string, CommandCodec>;
  executeByCode: Map<number, CommandCodec>;
  infoByCode: Map<number, CommandCodec>;
  /** Keyed by `${kind}:${id}` since ids repeat across event kinds. */
  events: Map<string, EventCodec>;
}

export function classCodecs(cls: XfsServiceClass, execute: CommandCodec[], info: CommandCodec[], events: EventCodec[]): ClassCodecs {
  return {
    cls,
    execute: new Map(execute.map((c) => [c.name, c])),
    info: new Map(info.map((c) => [c.name, c])),
    executeByCode: new Map(execute.map((c) => [c.code, c])),
    infoByCode: new Map(info.map((c) => [c.code, c])),
    events: new Map(events.map((e) => [`${e.kind}:${e.id}`, e])),
  };
}

// ---- input checks (the boundary: plain JS values from the bridge) ----
export function obj(input: unknown, what: string): Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new EncodeError(`${what}: an object is required`);
  return input as Record<string, unknown>;
}
export function int(v: unknown, what: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new EncodeError(`${what}: an integer in ${min}..${max} is required`);
  }
  return v;
}
export const word = (v: unknown, what: string): number => int(v, what, 0, 0xffff);
export const dword = (v: unknown, what: string): number => int(v, what, 0, 0xffffffff);
export function bytes(v: unknown, what: string, max = 1 << 16): Buffer {
  if (!(v instanceof Uint8Array)) throw new EncodeError(`${what}: a Buffer is required`);
  if (v.length > max) throw new EncodeError(`${what}: at most ${max} bytes`);
  return Buffer.from(v);
}
export function text(v: unknown, what: string, max = 4096): string {
  if (typeof v !== 'string' || v.length > max) throw new EncodeError(`${what}: a string of at most ${max} characters is required`);
  return v;
}
export function bool(v: unknown, what: string): boolean {
  if (typeof v !== 'boolean') throw new EncodeError(`${what}: a boolean is required`);
  return v;
}
/** A three-letter ISO 4217 code. */
export function currencyCode(v: unknown, what: string): string {
  const c = text(v, what, 3);
  if (!/^[A-Z]{3}$/.test(c)) throw new EncodeError(`${what}: an ISO 4217 code is required`);
  return c;
}

export function list(v: unknown, what: string, max = 256): unknown[] {
  if (!Array.isArray(v) || v.length > max) throw new EncodeError(`${what}: an array of at most ${max} entries is required`);
  return v;
}
