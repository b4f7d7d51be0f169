// Packed (pack 1) struct layouts of the XFS 3.x headers, computed for the pointer size of the
// running process: DWORD/ULONG/LONG/BOOL are 4 bytes everywhere, WORD/USHORT 2, pointers 4 or 8.

export type FieldType =
  | 'u8' | 'u16' | 'i16' | 'u32' | 'i32' | 'bool' | 'ptr'
  | `chars:${number}` | `u32x:${number}` | `struct:${string}`;

export interface Field {
  name: string;
  type: FieldType;
  offset: number;
  size: number;
}

export interface Layout {
  name: string;
  size: number;
  fields: Map<string, Field>;
  order: Field[];
}

export type StructSpec = readonly (readonly [string, FieldType])[];

const nested = new Map<string, StructSpec>();

/** Registers a struct usable as `struct:<name>` inside another (e.g. SYSTEMTIME). */
export function defineNested(name: string, spec: StructSpec): void {
  nested.set(name, spec);
}

export function fieldSize(type: FieldType, ptrSize: number): number {
  switch (type) {
    case 'u8': return 1;
    case 'u16': case 'i16': return 2;
    case 'u32': case 'i32': case 'bool': return 4;
    case 'ptr': return ptrSize;
    default: {
      const [kind, arg] = type.split(':') as [string, string];
      if (kind === 'chars') return Number(arg);
      if (kind === 'u32x') return 4 * Number(arg);
      const spec = nested.get(arg);
      if (!spec) throw new Error(`unknown nested struct ${arg}`);
      return layoutOf(arg, spec, ptrSize).size;
    }
  }
}

export function layoutOf(name: string, spec: StructSpec, ptrSize: number): Layout {
  const fields = new Map<string, Field>();
  const order: Field[] = [];
  let offset = 0;
  for (const [fieldName, type] of spec) {
    const size = fieldSize(type, ptrSize);
    const f = { name: fieldName, type, offset, size };
    fields.set(fieldName, f);
    order.push(f);
    offset += size;
  }
  return { name, size: offset, fields, order };
}

/** A struct known in several layouts; `at(ptrSize)` resolves (and caches) the offsets. */
export class StructDef {
  private readonly cache = new Map<number, Layout>();
  constructor(readonly name: string, readonly spec: StructSpec) {}
  at(ptrSize: number): Layout {
    let l = this.cache.get(ptrSize);
    if (!l) {
      l = layoutOf(this.name, this.spec, ptrSize);
      this.cache.set(ptrSize, l);
    }
    return l;
  }
  /** The same struct extended with the fields a later version appended. */
  extend(name: string, more: StructSpec): StructDef {
    return new StructDef(name, [...this.spec, ...more]);
  }
}

/** Every struct definition, by the name the simulator's layout table uses (for the layout test). */
export const allStructs = new Map<string, StructDef>();

export function struct(name: string, spec: StructSpec): StructDef {
  const d = new StructDef(name, spec);
  allStructs.set(name, d);
  return d;
}

export function extend(base: StructDef, name: string, more: StructSpec): StructDef {
  const d = base.extend(name, more);
  allStructs.set(name, d);
  return d;
}
