// Builds command input (lpCmdData / lpQueryDetails) as one native allocation: blocks are laid
// out first, pointers between them are patched once the base address is known. The arena stays
// alive until the request completes (a provider may read the data late), then is freed once.
import type { Layout, StructDef } from './layout.ts';
import type { NativeMemory } from './memory.ts';

export class Block {
  readonly view: DataView;
  offset = 0;
  constructor(readonly arena: Arena, readonly bytes: Uint8Array, readonly layout: Layout | null) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  private off(name: string): number {
    const f = this.layout?.fields.get(name);
    if (!f) throw new Error(`${this.layout?.name ?? 'raw block'} has no field ${name}`);
    return f.offset;
  }
  u8(name: string, v: number): this { this.view.setUint8(this.off(name), v); return this; }
  u16(name: string, v: number): this { this.view.setUint16(this.off(name), v, true); return this; }
  i16(name: string, v: number): this { this.view.setInt16(this.off(name), v, true); return this; }
  u32(name: string, v: number): this { this.view.setUint32(this.off(name), v >>> 0, true); return this; }
  i32(name: string, v: number): this { this.view.setInt32(this.off(name), v, true); return this; }
  bool(name: string, v: boolean): this { return this.i32(name, v ? 1 : 0); }
  chars(name: string, text: string): this {
    const f = this.layout!.fields.get(name)!;
    const b = Buffer.from(text, 'latin1');
    this.bytes.set(b.subarray(0, f.size), f.offset);
    return this;
  }
  /** Points field `name` at `target` (NULL when target is null). */
  ptr(name: string, target: Block | null): this {
    if (target) this.arena.fixup(this, this.off(name), target);
    return this;
  }
  /** Points the pointer slot at byte `at` of this (raw) block at `target`. */
  ptrAt(at: number, target: Block | null): this {
    if (target) this.arena.fixup(this, at, target);
    return this;
  }
}

export class Arena {
  private readonly blocks: Block[] = [];
  private readonly fixups: { from: Block; at: number; to: Block }[] = [];
  private size = 0;
  base = 0n;

  constructor(readonly ptrSize: number) {}

  private add(size: number, layout: Layout | null): Block {
    const padded = Math.max(8, Math.ceil(size / 8) * 8);
    const b = new Block(this, new Uint8Array(padded), layout);
    b.offset = this.size;
    this.size += padded;
    this.blocks.push(b);
    return b;
  }
  struct(def: StructDef): Block {
    const l = def.at(this.ptrSize);
    return this.add(l.size, l);
  }
  bytes(data: Uint8Array): Block {
    const b = this.add(data.length, null);
    b.bytes.set(data);
    return b;
  }
  string(text: string): Block {
    return this.bytes(Buffer.concat([Buffer.from(text, 'latin1'), Buffer.alloc(1)]));
  }
  /** "a\0b\0\0" */
  stringList(items: string[]): Block {
    return this.bytes(Buffer.concat([...items.map((s) => Buffer.from(`${s}\0`, 'latin1')), Buffer.alloc(1)]));
  }
  u16(value: number): Block {
    const b = this.add(2, null);
    b.view.setUint16(0, value, true);
    return b;
  }
  u32s(values: number[]): Block {
    const b = this.add(4 * Math.max(values.length, 1), null);
    values.forEach((v, i) => b.view.setUint32(4 * i, v >>> 0, true));
    return b;
  }
  /** NULL-terminated array of pointers to `items`. */
  pointerArray(items: Block[]): Block {
    const b = this.add(this.ptrSize * (items.length + 1), null);
    items.forEach((it, i) => b.ptrAt(i * this.ptrSize, it));
    return b;
  }
  fixup(from: Block, at: number, to: Block): void {
    this.fixups.push({ from, at, to });
  }

  /** Copies the blocks into one native allocation and returns the address of `root`. */
  commit(mem: NativeMemory, root: Block): bigint {
    this.base = mem.alloc(this.size);
    const all = new Uint8Array(this.size);
    for (const b of this.blocks) all.set(b.bytes, b.offset);
    const dv = new DataView(all.buffer);
    for (const f of this.fixups) {
      const addr = this.base + BigInt(f.to.offset);
      const at = f.from.offset + f.at;
      if (this.ptrSize === 8) dv.setBigUint64(at, addr, true);
      else dv.setUint32(at, Number(addr), true);
    }
    mem.write(this.base, all);
    return this.base + BigInt(root.offset);
  }

  release(mem: NativeMemory): void {
    if (this.base !== 0n) mem.free(this.base);
    this.base = 0n;
  }
}
