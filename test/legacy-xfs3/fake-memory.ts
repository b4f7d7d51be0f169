// An in-memory stand-in for native memory, with 4- or 8-byte pointers, so codecs can be tested
// for 32-bit layouts and for corrupt input without the FFI.
import type { NativeMemory } from '../../src/legacy-xfs3/memory.ts';

export class FakeMemory implements NativeMemory {
  private readonly blocks = new Map<bigint, Uint8Array>();
  private next = 0x10000n;
  constructor(readonly ptrSize: 4 | 8) {}
  private find(ptr: bigint, len: number): { b: Uint8Array; off: number } {
    for (const [base, b] of this.blocks) {
      if (ptr >= base && ptr + BigInt(len) <= base + BigInt(b.length)) return { b, off: Number(ptr - base) };
    }
    throw new RangeError(`fake memory: ${len} bytes at 0x${ptr.toString(16)} are not allocated`);
  }
  read(ptr: bigint, len: number): Uint8Array {
    const { b, off } = this.find(ptr, len);
    return b.slice(off, off + len);
  }
  strnlen(ptr: bigint, cap: number): number {
    const { b, off } = this.find(ptr, 1);
    let n = 0;
    while (n < cap && off + n < b.length && b[off + n] !== 0) n++;
    return n;
  }
  alloc(size: number): bigint {
    const p = this.next;
    this.blocks.set(p, new Uint8Array(size));
    this.next += BigInt(Math.ceil((size + 16) / 16) * 16 + 0x100);
    return p;
  }
  write(ptr: bigint, bytes: Uint8Array): void {
    const { b, off } = this.find(ptr, bytes.length);
    b.set(bytes, off);
  }
  free(ptr: bigint): void {
    if (!this.blocks.delete(ptr)) throw new Error('fake memory: double free');
  }
  get live(): number {
    return this.blocks.size;
  }
}
