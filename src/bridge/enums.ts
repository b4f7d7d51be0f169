// Lookups in the enum tables of the mapping files, in both directions. Unknown 3.x values are not an
// error: they are reported once through `warn` and leave the property out, so a newer or quirky
// service provider never crashes the bridge.
import type { EnumTable } from './mapping-types.ts';
import type { MappingUsage } from './usage.ts';

export type Warn = (message: string, details: Record<string, unknown>) => void;

export interface EnumSource {
  /** Mapping file name, used in usage keys and warnings. */
  file: string;
  tables: Record<string, EnumTable>;
}

export class EnumTables {
  private readonly warned = new Set<string>();
  private readonly tables = new Map<string, { file: string; table: EnumTable; used: Set<string> }>();

  /** Later sources override earlier ones (a class file may refine a generic table). */
  constructor(sources: EnumSource[], private readonly usage: MappingUsage, private readonly warn: Warn) {
    for (const source of sources) {
      for (const [name, table] of Object.entries(source.tables)) this.tables.set(name, { file: source.file, table, used: new Set() });
    }
  }

  private table(name: string): EnumTable {
    const entry = this.tables.get(name);
    // A translator asking for a table the mapping lacks is a defect of the bridge, not of the device.
    if (!entry) throw new Error(`enum table '${name}' is missing from the mapping files`);
    return entry.table;
  }

  private mark(name: string, value: string): void {
    // Every status read converts the same few values: the usage key is made once per value, not per read.
    const entry = this.tables.get(name);
    if (!entry || entry.used.has(value)) return;
    entry.used.add(value);
    this.usage.mark(`${entry.file}:enums/${name}/${value}`);
  }

  private unknown(table: string, value: unknown): undefined {
    const key = `${table}:${String(value)}`;
    if (!this.warned.has(key)) {
      this.warned.add(key);
      this.warn('XFS 3.x value not in the mapping table; property left out', { file: this.tables.get(table)?.file, table, value });
    }
    return undefined;
  }

  /**
   * Like value(), for tables that deliberately map only part of a 3.x range (such as the reserved
   * indices 6-15 of the printer's paper sources): an unmapped code is undefined without a warning.
   */
  partial<T = string>(table: string, code: number | string): T | null | undefined {
    const values = this.table(table).values ?? {};
    return Object.hasOwn(values, String(code)) ? this.value<T>(table, code) : undefined;
  }

  /** The XFS4IoT names of the 3.x codes `from`..`to` the table maps (index -> name tables: cameras, symbologies). */
  names(table: string, from: number, to: number): [string, number][] {
    const out: [string, number][] = [];
    for (let code = from; code <= to; code++) {
      const name = this.value<string>(table, code);
      if (name) out.push([name, code]);
    }
    return out;
  }

  /** 3.x value -> XFS4IoT value. `null` means "not supported" (a valid XFS4IoT value); `undefined` unknown. */
  value<T = string>(table: string, code: number | string | undefined): T | null | undefined {
    if (code === undefined) return undefined;
    const values = this.table(table).values ?? {};
    const key = String(code);
    if (!(key in values)) return this.unknown(table, code);
    this.mark(table, key);
    return values[key] as T | null;
  }

  /**
   * The 3.x code whose XFS4IoT name is `name` in a code -> name table (the reverse of value()); only
   * the entry found is marked used, so the usage walk still sees which entries nothing exercised.
   */
  codeOf(table: string, name: string): number | undefined {
    const values = this.table(table).values ?? {};
    for (const [key, mapped] of Object.entries(values)) {
      if (mapped !== name) continue;
      this.mark(table, key);
      return Number(key);
    }
    return undefined;
  }

  /** XFS4IoT value -> 3.x key (the reverse direction, for command input). */
  code(table: string, value: string): unknown {
    const values = this.table(table).values ?? {};
    for (const [key, mapped] of Object.entries(values)) {
      if (key === value) {
        this.mark(table, key);
        return mapped;
      }
    }
    return undefined;
  }

  /** Bit set -> { name: boolean } for every flag of the table; unknown bits are reported. */
  flagsToObject(table: string, bits: number): Record<string, boolean> {
    const flags = this.table(table).flags ?? {};
    const out: Record<string, boolean> = {};
    let known = 0;
    for (const [name, bit] of Object.entries(flags)) {
      out[name] = (bits & bit) !== 0;
      known |= bit;
      if (out[name]) this.mark(table, name);
    }
    if ((bits & ~known) !== 0) this.unknown(table, `0x${(bits & ~known).toString(16)}`);
    return out;
  }

  /** Names of the set flags -> bit set. */
  bitsOf(table: string, names: Iterable<string>): number {
    const flags = this.table(table).flags ?? {};
    let bits = 0;
    for (const name of names) {
      const bit = flags[name];
      if (bit === undefined) continue;
      this.mark(table, name);
      bits |= bit;
    }
    return bits;
  }

  /** Single bit -> flag name. */
  flagName(table: string, bit: number): string | undefined {
    const flags = this.table(table).flags ?? {};
    for (const [name, value] of Object.entries(flags)) {
      if (value === bit) {
        this.mark(table, name);
        return name;
      }
    }
    return this.unknown(table, bit);
  }

  flagBit(table: string, name: string): number | undefined {
    const bit = (this.table(table).flags ?? {})[name];
    if (bit !== undefined) this.mark(table, name);
    return bit;
  }
}
