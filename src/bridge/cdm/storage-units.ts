// 3.x logical cash units (WFSCDMCASHUNIT) as XFS4IoT cash storage units, keyed unit<usNumber>.
// 3.x keeps one count per unit; XFS4IoT keeps initial, out and in counts per cash item, from which a
// client computes the current count (initial - out + in). The items that left a unit without 3.x
// saying where (dispensed, not yet presented or rejected) are reported as out.unknown, so that sum
// still equals the 3.x count.
import type { JsonObject } from '../../xfs4iot/backend.ts';
import type { EnumTables } from '../enums.ts';
import { compact } from '../translator.ts';
import type { StorageUnitSource } from '../unit-builds.ts';
import type { CdmCapabilities, CdmCashUnit } from '../../legacy-xfs3/cdm/types.ts';
import { cashItemOf, currencyOf, toCash, unitId, type CdmDevice } from './device.ts';

const typeNames = ['cashIn', 'cashOut', 'replenishment', 'cashInRetract', 'cashOutRetract', 'reject'];

function counts(item: string | undefined, count: number): JsonObject {
  return item ? { unrecognized: 0, [item]: { fit: count, unfit: 0, suspect: 0, counterfeit: 0, inked: 0 } } : { unrecognized: count };
}

export function buildCashUnit(unit: CdmCashUnit, exponents: Record<string, number>, enums: EnumTables): JsonObject {
  const typeList = enums.value<string[]>('usType', unit.type) ?? [];
  const types = Object.fromEntries(typeNames.map((name) => [name, typeList.includes(name)]));
  const [unitStatus, replenishmentStatus] = enums.value<[string, string]>('usStatus', unit.status) ?? ['inoperative', 'ok'];
  const item = cashItemOf(unit, exponents);
  const currency = currencyOf(unit);
  const dispensing = typeList.includes('cashOut');
  const physical = unit.physical[0];
  const initial = unit.initialCount;
  let out: JsonObject = {};
  let into: JsonObject = {};
  if (dispensing) {
    const presented = unit.presentedCount ?? 0;
    const left = Math.max(0, initial - unit.count - presented - unit.rejectCount);
    out = { presented: counts(item, presented), rejected: counts(item, unit.rejectCount), unknown: counts(item, left) };
  } else {
    const added = Math.max(0, unit.count - initial);
    into = typeList.includes('reject') ? { rejected: counts(item, added) } : { retracted: counts(item, added) };
  }
  return compact({
    id: (unit.unitId.trim() || `CU${unit.number}`).slice(0, 5),
    positionName: physical?.physicalPositionName || undefined,
    capacity: unit.maximum > 0 ? unit.maximum : undefined,
    status: unitStatus,
    cash: {
      capabilities: {
        types,
        items: { fit: dispensing, unfit: false, unrecognized: !dispensing, counterfeit: false, suspect: false, inked: false, coupon: unit.type === 7, document: unit.type === 8 },
        hardwareSensors: physical?.hardwareSensor ?? false,
        retractAreas: 1,
        retractThresholds: false,
        cashItems: item ? [item] : [],
      },
      configuration: compact({
        types,
        items: { fit: dispensing, unrecognized: !dispensing },
        currency,
        value: currency && unit.values > 0 ? toCash(unit.values, currency, exponents) : undefined,
        highThreshold: !dispensing && unit.maximum > 0 ? unit.maximum : undefined,
        lowThreshold: dispensing && unit.minimum > 0 ? unit.minimum : undefined,
        appLockIn: false,
        appLockOut: unit.appLock,
        cashItems: item ? [item] : [],
        name: unit.cashUnitName || undefined,
      }),
      status: {
        index: unit.number,
        initial: counts(item, initial),
        out,
        in: into,
        accuracy: 'unknown',
        replenishmentStatus,
      },
    },
  });
}

export function buildStorage(device: CdmDevice, enums: EnumTables): JsonObject {
  const units: JsonObject = {};
  for (const unit of device.cashUnits) units[unitId(unit)] = buildCashUnit(unit, device.exponents, enums);
  return units;
}

/** The units one by one for the status keeper: each unit's build reads its own structure and the exponents. */
export const cdmStorageUnits: StorageUnitSource<CdmCapabilities, CdmDevice> = {
  shared: (device) => [device.exponents],
  units: (device) => device.cashUnits.map((unit) => [unitId(unit), unit] as const),
  build: (unit, device, _caps, enums) => buildCashUnit(unit as CdmCashUnit, device.exponents, enums),
};
