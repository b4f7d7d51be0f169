// Reading and writing native memory through a small interface, so codecs stay pure functions
// that tests can also run against an in-memory fake. Every length read from the device is
// checked against a cap: a corrupt length becomes a DecodeError, never a huge read.
import type { Field, Layout, StructDef } from './layout.ts';

export interface NativeMemory {
  readonly ptrSize: number;
  /** Copies `len` bytes at `ptr`. */
  read(ptr: bigint, len: number): Uint8Array;
  /** Length of the NUL-terminated string at `ptr`, at most `cap` (cap means: no NUL found). */
  strnlen(ptr: bigint, cap: number): number;
  /** Allocates zeroed memory that does not move; freed with free(). */
  alloc(size: number): bigint;
  write(ptr: bigint, bytes: Uint8Array): void;
  free(ptr: bigint): void;
}

export class DecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecodeError';
  }
}

export const LIMITS = {
  /** Bytes of one LPBYTE buffer (track data, chip data, images are not decoded here). */
  maxBytes: 1 << 20,
  /** Characters of one LPSTR. */
  maxString: 64 * 1024,
  /** Entries of a NULL-terminated pointer array or of a counted array. */
  maxItems: 4096,
  /** Entries of an lpszExtra list. */
  maxExtra: 1024,
};

export class StructReader {
  private readonly view: DataView;
  constructor(readonly mem: NativeMemory, readonly address: bigint, readonly layout: Layout) {
    if (address === 0n) throw new DecodeError(`NULL pointer to ${layout.name}`);
    const bytes = mem.read(address, layout.size);
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  private field(name: string): Field {
    const f = this.layout.fields.get(name);
    if (!f) throw new Error(`${this.layout.name} has no field ${name}`);
    return f;
  }
  has(name: string): boolean {
    return this.layout.fields.has(name);
  }
  u16(name: string): number { return this.view.getUint16(this.field(name).offset, true); }
  i16(name: string): number { return this.view.getInt16(this.field(name).offset, true); }
  u32(name: string): number { return this.view.getUint32(this.field(name).offset, true); }
  i32(name: string): number { return this.view.getInt32(this.field(name).offset, true); }
  bool(name: string): boolean { return this.i32(name) !== 0; }
  u8(name: string): number { return this.view.getUint8(this.field(name).offset); }
  ptr(name: string): bigint {
    const off = this.field(name).offset;
    return this.mem.ptrSize === 8 ? this.view.getBigUint64(off, true) : BigInt(this.view.getUint32(off, true));
  }
  chars(name: string): string {
    const f = this.field(name);
    const bytes = new Uint8Array(this.view.buffer, this.view.byteOffset + f.offset, f.size);
    const end = bytes.indexOf(0);
    return Buffer.from(bytes.subarray(0, end < 0 ? bytes.length : end)).toString('latin1');
  }
  u32s(name: string): number[] {
    const f = this.field(name);
    const out: number[] = [];
    for (let i = 0; i < f.size / 4; i++) out.push(this.view.getUint32(f.offset + 4 * i, true));
    return out;
  }
  /** Sub-reader over a nested struct field. */
  bytesOf(name: string): Uint8Array {
    const f = this.field(name);
    return new Uint8Array(this.view.buffer, this.view.byteOffset + f.offset, f.size);
  }
}

export function readStruct(mem: NativeMemory, ptr: bigint, def: StructDef): StructReader {
  return new StructReader(mem, ptr, def.at(mem.ptrSize));
}

/** LPSTR; NULL reads as ''. */
export function readString(mem: NativeMemory, ptr: bigint, cap = LIMITS.maxString): string {
  if (ptr === 0n) return '';
  const n = mem.strnlen(ptr, cap + 1);
  if (n > cap) throw new DecodeError(`string longer than ${cap} bytes`);
  return Buffer.from(mem.read(ptr, n)).toString('latin1');
}

/** LPWSTR (UTF-16LE, as Windows' WCHAR); NULL reads as ''. */
export function readWideString(mem: NativeMemory, ptr: bigint, cap = LIMITS.maxString): string {
  if (ptr === 0n) return '';
  const units: number[] = [];
  for (let i = 0; ; i++) {
    if (i > cap) throw new DecodeError(`wide string longer than ${cap} characters`);
    const b = mem.read(ptr + BigInt(2 * i), 2);
    const u = b[0] | (b[1] << 8);
    if (u === 0) return Buffer.from(Uint16Array.from(units).buffer).toString('utf16le');
    units.push(u);
  }
}

/** LPBYTE + length. */
export function readBytes(mem: NativeMemory, ptr: bigint, length: number, cap = LIMITS.maxBytes): Buffer {
  if (length < 0 || length > cap) throw new DecodeError(`length ${length} exceeds the cap of ${cap}`);
  if (length === 0) return Buffer.alloc(0);
  if (ptr === 0n) throw new DecodeError(`NULL data pointer with length ${length}`);
  return Buffer.from(mem.read(ptr, length));
}

function readPointer(mem: NativeMemory, at: bigint): bigint {
  const b = mem.read(at, mem.ptrSize);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return mem.ptrSize === 8 ? dv.getBigUint64(0, true) : BigInt(dv.getUint32(0, true));
}

/** NULL-terminated array of pointers (LPxxx *); NULL array reads as []. */
export function readPointerArray(mem: NativeMemory, ptr: bigint, cap = LIMITS.maxItems): bigint[] {
  const out: bigint[] = [];
  if (ptr === 0n) return out;
  for (let i = 0; ; i++) {
    if (i > cap) throw new DecodeError(`pointer array longer than ${cap} entries`);
    const p = readPointer(mem, ptr + BigInt(i * mem.ptrSize));
    if (p === 0n) return out;
    out.push(p);
  }
}

/** Counted array of pointers (usCount + LPxxx *). */
export function readCountedPointers(mem: NativeMemory, ptr: bigint, count: number, cap = LIMITS.maxItems): bigint[] {
  if (count < 0 || count > cap) throw new DecodeError(`count ${count} exceeds the cap of ${cap}`);
  if (count === 0) return [];
  if (ptr === 0n) throw new DecodeError(`NULL array with count ${count}`);
  const out: bigint[] = [];
  for (let i = 0; i < count; i++) out.push(readPointer(mem, ptr + BigInt(i * mem.ptrSize)));
  return out;
}

/** Strings separated by NUL, ended by an empty string ("a\0b\0\0"). */
export function readStringList(mem: NativeMemory, ptr: bigint, cap = LIMITS.maxExtra): string[] {
  const out: string[] = [];
  if (ptr === 0n) return out;
  let p = ptr;
  for (;;) {
    if (out.length > cap) throw new DecodeError(`string list longer than ${cap} entries`);
    const n = mem.strnlen(p, LIMITS.maxString + 1);
    if (n > LIMITS.maxString) throw new DecodeError('unterminated entry in a string list');
    if (n === 0) return out;
    out.push(Buffer.from(mem.read(p, n)).toString('latin1'));
    p += BigInt(n + 1);
  }
}

/** lpszExtra: "key=value\0key=value\0\0" as an object (a value may itself contain '='). */
export function readExtra(mem: NativeMemory, ptr: bigint): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readStringList(mem, ptr)) {
    const eq = entry.indexOf('=');
    if (eq < 0) out[entry] = '';
    else out[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return out;
}

export function readWordArray(mem: NativeMemory, ptr: bigint, cap = LIMITS.maxItems): number[] {
  // Zero-terminated WORD arrays (e.g. lpwParkingStationMedia, lpwMemoryChipProtocols).
  const out: number[] = [];
  if (ptr === 0n) return out;
  for (let i = 0; ; i++) {
    if (i > cap) throw new DecodeError(`word array longer than ${cap} entries`);
    const b = mem.read(ptr + BigInt(2 * i), 2);
    const w = b[0] | (b[1] << 8);
    if (w === 0) return out;
    out.push(w);
  }
}

export function readDwordArray(mem: NativeMemory, ptr: bigint, cap = LIMITS.maxItems): number[] {
  const out: number[] = [];
  if (ptr === 0n) return out;
  for (let i = 0; ; i++) {
    if (i > cap) throw new DecodeError(`dword array longer than ${cap} entries`);
    const b = mem.read(ptr + BigInt(4 * i), 4);
    const w = new DataView(b.buffer, b.byteOffset, 4).getUint32(0, true);
    if (w === 0) return out;
    out.push(w);
  }
}

export function readCountedU32(mem: NativeMemory, ptr: bigint, count: number, cap = LIMITS.maxItems): number[] {
  if (count < 0 || count > cap) throw new DecodeError(`count ${count} exceeds the cap of ${cap}`);
  if (count === 0) return [];
  if (ptr === 0n) throw new DecodeError(`NULL array with count ${count}`);
  const b = mem.read(ptr, 4 * count);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return Array.from({ length: count }, (_, i) => dv.getUint32(4 * i, true));
}
