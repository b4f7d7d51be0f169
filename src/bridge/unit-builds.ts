// Storage units built one by one and kept between status reads: a read rebuilds (and serialises for
// comparison) only the units whose 3.x input changed. A cash-in end or a dispense changes one or two
// units of a cassette set; building and comparing all of them was the larger part of the read before
// its completion.
import type { JsonObject } from '../xfs4iot/backend.ts';
import type { EnumTables } from './enums.ts';

/** How a class builds its storage unit by unit (ClassBinding.storageUnits). */
export interface StorageUnitSource<Caps, Status> {
  /** What every unit's build reads besides its own input (note types, currency exponents). */
  shared(status: Status): readonly unknown[];
  /** Each unit's own 3.x input (its cash unit structure), keyed by its XFS4IoT unit id. */
  units(status: Status): Iterable<readonly [id: string, input: unknown]>;
  /** The XFS4IoT unit: a function of `input`, the shared part, the capabilities and the enums only. */
  build(input: unknown, status: Status, caps: Caps, enums: EnumTables): JsonObject;
}

interface Kept {
  input: unknown;
  /** JSON of the input, compared when a read hands over a new object. */
  inputText: string;
  unit: JsonObject;
  /** JSON of the built unit: what clients were last told. */
  unitText: string;
}

export interface UnitRead {
  /** Every unit now, by id. */
  units: JsonObject;
  /** Units that differ from the last read's, or that `force` names. */
  changed: JsonObject;
}

/** A 3.x event named this unit (or every unit): it is announced even where it looks the same. */
export function forced(force: boolean | ReadonlySet<string>, id: string): boolean {
  return force === true || (force !== false && force.has(id));
}

function sameParts(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}

export class UnitBuilds<Caps, Status> {
  private kept = new Map<string, Kept>();
  private shared: readonly unknown[] = [];
  private sharedText = '';
  private caps: Caps | undefined;

  constructor(private readonly source: StorageUnitSource<Caps, Status>, private readonly enums: EnumTables) {}

  /** `force`: announce these units (true: all) even where they did not change. */
  read(status: Status, caps: Caps, force: boolean | ReadonlySet<string>): UnitRead {
    // A read that kept the last one's configuration hands back the same objects: nothing to serialise.
    const shared = this.source.shared(status);
    let sameShared = caps === this.caps && sameParts(shared, this.shared);
    if (!sameShared) {
      const text = JSON.stringify(shared);
      sameShared = caps === this.caps && text === this.sharedText;
      this.sharedText = text;
    }
    this.shared = shared;
    this.caps = caps;
    const next = new Map<string, Kept>();
    const units: JsonObject = {};
    const changed: JsonObject = {};
    for (const [id, input] of this.source.units(status)) {
      const was = this.kept.get(id);
      const kept = this.keep(sameShared ? was : undefined, input, status, caps);
      next.set(id, kept);
      units[id] = kept.unit;
      if (forced(force, id) || was?.unitText !== kept.unitText) changed[id] = kept.unit;
    }
    this.kept = next;
    return { units, changed };
  }

  /** The last build of a unit whose input is the same object or equal JSON; else a new build. */
  private keep(was: Kept | undefined, input: unknown, status: Status, caps: Caps): Kept {
    if (was && was.input === input) return was;
    const inputText = JSON.stringify(input);
    if (was?.inputText === inputText) return { ...was, input };
    const unit = this.source.build(input, status, caps, this.enums);
    return { input, inputText, unit, unitText: JSON.stringify(unit) };
  }
}
