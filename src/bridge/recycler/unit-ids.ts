// One storage unit id per physical cassette of a recycler. The CIM and the CDM each number their
// logical units (unit<usNumber>); a cassette both use is matched by its physical position name and
// keeps the CIM's id, a unit only the dispenser has (its reject cassette) becomes unitD<usNumber>, so
// no id of one side can be mistaken for a different cassette of the other.
import type { JsonObject, JsonValue } from '../../xfs4iot/backend.ts';

/** What the id matching needs of a storage unit: its id and physical position name. */
export type UnitPositions = Record<string, string | undefined>;

// The ids either side or the recycler gives (property names such as `units` or `unitAction` are not ids).
const UNIT_ID = /^unitD?[0-9]+$/;

export interface UnitIdMap {
  /** CDM id -> recycler id. */
  readonly fromCdm: ReadonlyMap<string, string>;
  /** Recycler id -> CDM id (only cassettes the dispenser has). */
  readonly toCdm: ReadonlyMap<string, string>;
  /** Recycler ids of cassettes both sides have. */
  readonly shared: ReadonlySet<string>;
}

export function positionsOf(units: JsonObject): UnitPositions {
  const out: UnitPositions = {};
  for (const [id, unit] of Object.entries(units)) {
    const name = (unit as JsonObject | null)?.positionName;
    out[id] = typeof name === 'string' && name.trim() !== '' ? name.trim() : undefined;
  }
  return out;
}

export function matchUnits(cdm: UnitPositions, cim: UnitPositions): UnitIdMap {
  const cimByPosition = new Map<string, string>();
  for (const [id, position] of Object.entries(cim)) if (position !== undefined && !cimByPosition.has(position)) cimByPosition.set(position, id);
  const fromCdm = new Map<string, string>();
  const toCdm = new Map<string, string>();
  const shared = new Set<string>();
  for (const [id, position] of Object.entries(cdm)) {
    const cimId = position === undefined ? undefined : cimByPosition.get(position);
    // A cassette the CIM already paired keeps its first partner: two CDM units on one position are two cassettes.
    const merged = cimId !== undefined && !shared.has(cimId) ? cimId : `unitD${id.slice(4)}`;
    if (merged === cimId) shared.add(cimId);
    fromCdm.set(id, merged);
    toCdm.set(merged, id);
  }
  return { fromCdm, toCdm, shared };
}

/** Renames every object key and string value found in `map` (one pass, so swapped ids stay swapped). */
export function renameUnits(value: JsonValue, map: ReadonlyMap<string, string>): JsonValue {
  if (typeof value === 'string') return map.get(value) ?? value;
  if (Array.isArray(value)) return value.map((v) => renameUnits(v, map));
  if (value === null || typeof value !== 'object') return value;
  const out: JsonObject = {};
  for (const [key, inner] of Object.entries(value)) out[map.get(key) ?? key] = renameUnits(inner, map);
  return out;
}

/** Unit ids (keys or values) in a payload that `known` lacks: a CDM command must not reach a unit by a foreign id. */
export function foreignUnitIds(value: JsonValue | undefined, known: ReadonlyMap<string, string>): string[] {
  const found = new Set<string>();
  const visit = (v: JsonValue | undefined): void => {
    if (typeof v === 'string') {
      if (UNIT_ID.test(v) && !known.has(v)) found.add(v);
    } else if (Array.isArray(v)) {
      v.forEach(visit);
    } else if (v !== null && typeof v === 'object') {
      for (const [key, inner] of Object.entries(v)) {
        if (UNIT_ID.test(key) && !known.has(key)) found.add(key);
        visit(inner);
      }
    }
  };
  visit(value);
  return [...found];
}
