// 3.x logical cash-in units (WFSCIMCASHIN) as XFS4IoT cash storage units, keyed unit<usNumber>.
// 3.x gives each unit a count, the items it took in (ulCashInCount) and the notes it holds by note
// type (lpNoteNumberList). XFS4IoT keeps initial, out and in counts per cash item, from which a
// client computes the count (initial - out + in): what was deposited or retracted into a unit is
// its in count, what a recycler gave out without 3.x saying where is out.unknown, so the sum still
// equals the 3.x count.
import type { JsonObject } from '../../xfs4iot/backend.ts';
import type { CimCashUnit } from '../../legacy-xfs3/cim/types.ts';
import type { EnumTables } from '../enums.ts';
import { compact } from '../translator.ts';
import type { StorageUnitSource } from '../unit-builds.ts';
import type { CimCaps } from './device.ts';
import { cashCounts, cashItemName, currencyOf, toCash, unitId, type CimDevice } from './device.ts';

const typeNames = ['cashIn', 'cashOut', 'replenishment', 'cashInRetract', 'cashOutRetract', 'reject'];

/** WFSCIMCASHIN.fwItemType: WFS_CIM_CITYPALL takes every item, else the bits name what it takes. */
function acceptedItems(itemType: number, enums: EnumTables): Record<string, boolean> {
  const all = (itemType & 1) !== 0;
  const bits = enums.flagsToObject('itemType', itemType);
  return {
    fit: all || bits.individual === true, unfit: all || bits.unfit === true, unrecognized: all,
    counterfeit: all || bits.counterfeit === true, suspect: all || bits.suspect === true, inked: false,
  };
}

function itemsOf(unit: CimCashUnit, device: CimDevice): string[] {
  const ids = unit.noteIds && unit.noteIds.length > 0 ? unit.noteIds : (unit.noteNumbers ?? []).map((n) => n.noteId);
  return [...new Set(ids.map((id) => cashItemName(id, device)).filter((x): x is string => x !== undefined))];
}

function single(item: string | undefined, count: number): JsonObject {
  return item ? { unrecognized: 0, [item]: { fit: count, unfit: 0, suspect: 0, counterfeit: 0, inked: 0 } } : { unrecognized: count };
}

export function buildCashInUnit(unit: CimCashUnit, device: CimDevice, enums: EnumTables): JsonObject {
  const typeList = enums.value<string[]>('fwUnitType', unit.type) ?? [];
  const types = Object.fromEntries(typeNames.map((name) => [name, typeList.includes(name)]));
  const [unitStatus, replenishmentStatus] = enums.value<[string, string]>('usStatus', unit.status) ?? ['inoperative', 'ok'];
  const accepts = acceptedItems(unit.itemType, enums);
  const items = itemsOf(unit, device);
  const currency = currencyOf(unit.currencyId);
  const physical = unit.physical[0];
  // 3.00 has no initial count: whatever the unit did not take in since the exchange was there before.
  const initial = unit.initialCount ?? Math.max(0, unit.count - unit.cashInCount);
  const recycler = typeList.includes('cashOut');
  const item = items.length === 1 ? items[0] : undefined;
  let into: JsonObject;
  let out: JsonObject = {};
  if (recycler) {
    into = { deposited: single(item, unit.cashInCount) };
    out = { unknown: single(item, Math.max(0, initial + unit.cashInCount - unit.count)) };
  } else {
    const held = cashCounts(unit.noteNumbers, device);
    const counted = (unit.noteNumbers ?? []).reduce((n, x) => n + x.count, 0);
    // Items the note list does not name (unrecognised, or a provider without lists) stay unrecognized.
    held.unrecognized = (held.unrecognized as number) + Math.max(0, unit.count - initial - counted);
    into = typeList.includes('cashInRetract') ? { retracted: held } : typeList.includes('reject') ? { rejected: held } : { deposited: held };
  }
  return compact({
    id: (unit.unitId.trim() || `CU${unit.number}`).slice(0, 5),
    positionName: physical?.physicalPositionName || undefined,
    capacity: unit.maximum > 0 ? unit.maximum : undefined,
    status: unitStatus,
    cash: {
      capabilities: {
        types,
        items: accepts,
        hardwareSensors: physical?.hardwareSensors ?? false,
        retractAreas: 1,
        retractThresholds: false,
        cashItems: items,
      },
      configuration: compact({
        types,
        items: accepts,
        currency,
        value: currency && unit.values > 0 ? toCash(unit.values, currency, device.exponents) : undefined,
        highThreshold: unit.maximum > 0 ? unit.maximum : undefined,
        lowThreshold: recycler && unit.minimum ? unit.minimum : undefined,
        appLockIn: unit.appLock,
        appLockOut: recycler ? unit.appLock : false,
        cashItems: items,
        name: unit.cashUnitName || undefined,
      }),
      status: {
        index: unit.number,
        initial: single(item, initial),
        out,
        in: into,
        accuracy: 'unknown',
        replenishmentStatus,
      },
    },
  });
}

export function buildStorage(device: CimDevice, enums: EnumTables): JsonObject {
  const units: JsonObject = {};
  for (const unit of device.cashUnits) units[unitId(unit)] = buildCashInUnit(unit, device, enums);
  return units;
}

/** The units one by one for the status keeper: each unit's build reads its own structure, the note types and the exponents. */
export const cimStorageUnits: StorageUnitSource<CimCaps, CimDevice> = {
  shared: (device) => [device.noteTypes, device.exponents],
  units: (device) => device.cashUnits.map((unit) => [unitId(unit), unit] as const),
  build: (unit, device, _caps, enums) => buildCashInUnit(unit as CimCashUnit, device, enums),
};
