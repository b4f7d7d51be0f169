// A recycler's storage: each physical cassette once. A cassette both 3.x services use is the CIM's
// unit (what was deposited into it, its note types and limits) with the dispenser's cash-out counts
// (presented, rejected); what left it without either side saying where stays out.unknown, so that a
// client's initial + in - out still equals the notes in the cassette.
import type { JsonObject, JsonValue } from '../../xfs4iot/backend.ts';
import { object } from './merge.ts';
import { renameUnits, type UnitIdMap } from './unit-ids.ts';

/** Items counted in a counts object ({ unrecognized: n, EUR20: { fit, unfit, ... } }). */
export function total(counts: JsonValue | undefined): number {
  if (typeof counts === 'number') return counts;
  let sum = 0;
  for (const value of Object.values(object(counts))) sum += total(value);
  return sum;
}

function sumAll(group: JsonValue | undefined): number {
  let sum = 0;
  for (const counts of Object.values(object(group))) sum += total(counts);
  return sum;
}

/** `shape` (a counts object with at most one cash item) holding `count` items. */
function countsLike(shape: JsonValue | undefined, count: number): JsonObject {
  const item = Object.keys(object(shape)).find((key) => key !== 'unrecognized');
  return item ? { unrecognized: 0, [item]: { fit: count, unfit: 0, suspect: 0, counterfeit: 0, inked: 0 } } : { unrecognized: count };
}

function orFlags(a: JsonValue | undefined, b: JsonValue | undefined): JsonObject {
  const out: JsonObject = { ...object(a) };
  for (const [key, value] of Object.entries(object(b))) out[key] = out[key] === true || value === true;
  return out;
}

const UNIT_STATUS_RANK = ['ok', 'manipulated', 'notConfigured', 'missing', 'inoperative'];

function worseStatus(a: JsonValue | undefined, b: JsonValue | undefined): JsonValue | undefined {
  const rank = (v: JsonValue | undefined): number => (typeof v === 'string' ? UNIT_STATUS_RANK.indexOf(v) : -1);
  return rank(b) > rank(a) ? b : a;
}

export function mergeCassette(cimUnit: JsonObject, cdmUnit: JsonObject): JsonObject {
  const cimCash = object(cimUnit.cash);
  const cdmCash = object(cdmUnit.cash);
  const cimStatus = object(cimCash.status);
  const cdmStatus = object(cdmCash.status);
  const inCounts = object(cimStatus.in);
  const cimOut = object(cimStatus.out);
  // The cassette holds what the CIM counts (both sides share one physical count).
  const held = total(cimStatus.initial) + sumAll(inCounts) - sumAll(cimOut);
  const cdmOut = object(cdmStatus.out);
  const presented = total(cdmOut.presented);
  const rejected = total(cdmOut.rejected);
  const unknown = Math.max(0, total(cimStatus.initial) + sumAll(inCounts) - held - presented - rejected);
  const shape = cimOut.unknown ?? cdmOut.unknown ?? cimStatus.initial;
  const out: JsonObject = { unknown: countsLike(shape, unknown) };
  if (cdmOut.presented !== undefined) out.presented = countsLike(shape, presented);
  if (cdmOut.rejected !== undefined) out.rejected = countsLike(shape, rejected);
  const capabilities = object(cimCash.capabilities);
  const configuration = object(cimCash.configuration);
  const cdmConfiguration = object(cdmCash.configuration);
  const merged: JsonObject = {
    ...cimUnit,
    cash: {
      ...cimCash,
      capabilities: { ...capabilities, types: orFlags(capabilities.types, object(cdmCash.capabilities).types) },
      configuration: {
        ...configuration,
        types: orFlags(configuration.types, cdmConfiguration.types),
        appLockOut: cdmConfiguration.appLockOut === true,
        ...(cdmConfiguration.lowThreshold !== undefined && configuration.lowThreshold === undefined ? { lowThreshold: cdmConfiguration.lowThreshold } : {}),
      },
      status: { ...cimStatus, out },
    },
  };
  const status = worseStatus(cimUnit.status, cdmUnit.status);
  if (status !== undefined) merged.status = status;
  return merged;
}

/** Both sides' units (each keyed by its own ids) as the recycler's, keyed by recycler ids. */
export function mergeStorage(cdmUnits: JsonObject, cimUnits: JsonObject, ids: UnitIdMap): JsonObject {
  const out: JsonObject = { ...cimUnits };
  for (const [cdmId, unit] of Object.entries(cdmUnits)) {
    const id = ids.fromCdm.get(cdmId) ?? cdmId;
    const renamed = object(renameUnits(unit, ids.fromCdm));
    out[id] = ids.shared.has(id) && cimUnits[id] !== undefined ? mergeCassette(object(cimUnits[id]), renamed) : renamed;
  }
  return out;
}
