// WFS_INF_IDC_STATUS and WFS_INF_IDC_CAPABILITIES as the Common.Status / Common.Capabilities content
// of the Common and CardReader interfaces, and the retain bin (plus parking stations) as Storage units.
import type { JsonObject } from '../../xfs4iot/backend.ts';
import type { IdcCapabilities, IdcStatus } from '../../legacy-xfs3/idc/types.ts';
import type { XfsVersionInfo } from '../../legacy-xfs3/types.ts';
import type { EnumTables } from '../enums.ts';
import { compact } from '../translator.ts';

export const retainUnitId = 'unit1';
const parkUnitPrefix = 'unitPark';

export function parkUnitId(station: number): string {
  return `${parkUnitPrefix}${station + 1}`;
}

/** The parking station index of a park unit id, or undefined. */
export function parkStationOf(unitId: string): number | undefined {
  if (!unitId.startsWith(parkUnitPrefix)) return undefined;
  const station = Number.parseInt(unitId.slice(parkUnitPrefix.length), 10);
  return Number.isInteger(station) && station >= 1 ? station - 1 : undefined;
}

export function hasRetainBin(status: IdcStatus, enums: EnumTables): boolean {
  return enums.value('fwRetainBin', status.retainBin) !== null && enums.value('fwRetainBin', status.retainBin) !== undefined;
}

export function buildStatus(status: IdcStatus, enums: EnumTables, exchangeActive: boolean): JsonObject {
  const common = compact({
    device: enums.value('fwDevice', status.device) ?? 'hardwareError',
    devicePosition: enums.value('wDevicePosition', status.devicePosition),
    powerSaveRecoveryTime: status.powerSaveRecoveryTime,
    antiFraudModule: enums.value('wAntiFraudModule', status.antiFraudModule),
    exchange: hasRetainBin(status, enums) ? (exchangeActive ? 'active' : 'inactive') : undefined,
  });
  const cardReader = compact({
    media: enums.value('fwMedia', status.media),
    security: enums.value('fwSecurity', status.security),
    chipPower: enums.value('fwChipPower', status.chipPower),
    chipModule: enums.value('moduleStatus', status.chipModule),
    magWriteModule: enums.value('moduleStatus', status.magWriteModule),
    frontImageModule: enums.value('moduleStatus', status.frontImageModule),
    backImageModule: enums.value('moduleStatus', status.backImageModule),
  });
  return { common, cardReader };
}

export function buildCapabilities(caps: IdcCapabilities, enums: EnumTables, info: XfsVersionInfo, gatewayVersion: string): JsonObject {
  const flagsOrNull = (table: string, bits: number | undefined) =>
    bits === undefined || bits === 0 ? null : enums.flagsToObject(table, bits);
  const memoryChip = caps.memoryChipProtocols && caps.memoryChipProtocols.length > 0
    ? enums.flagsToObject('memoryChipProtocols', caps.memoryChipProtocols.reduce((bits, value) => bits | value, 0))
    : null;
  const common = compact({
    serviceVersion: `xfs4iot-gateway ${gatewayVersion} on XFS ${info.version.text} IDC`,
    deviceInformation: [compact({ modelName: caps.extra.ModelName ?? caps.extra.modelName, serialNumber: caps.extra.SerialNumber ?? caps.extra.serialNumber, modelDescription: info.description || undefined })],
    powerSaveControl: caps.powerSaveControl ?? false,
    antiFraudModule: caps.antiFraudModule ?? false,
  });
  const cardReader = compact({
    type: enums.value('fwType', caps.type),
    readTracks: flagsOrNull('readTracks', caps.readTracks),
    writeTracks: flagsOrNull('writeTracks', caps.writeTracks),
    chipProtocols: flagsOrNull('chipProtocols', caps.chipProtocols),
    securityType: enums.value('fwSecType', caps.secType),
    powerOnOption: enums.value('powerOption', caps.powerOnOption),
    powerOffOption: enums.value('powerOption', caps.powerOffOption),
    fluxSensorProgrammable: caps.fluxSensorProgrammable,
    readWriteAccessFromExit: caps.readWriteAccessFollowingEject,
    writeMode: flagsOrNull('writeMode', caps.writeMode),
    chipPower: flagsOrNull('chipPowerFlags', caps.chipPower),
    memoryChipProtocols: memoryChip,
    // 3.00-3.10 services have no fwEjectPosition: a card can only be ejected to the exit.
    positions: enums.flagsToObject('ejectPosition', caps.ejectPosition ?? 1),
    cardTakenSensor: false,
  });
  return { common, cardReader };
}

/** The Storage units: the retain bin and, on 3.20+ services, one park unit per parking station. */
export function buildStorage(status: IdcStatus, caps: IdcCapabilities, enums: EnumTables): JsonObject {
  const units: JsonObject = {};
  const retain = enums.value<[string, string]>('fwRetainBin', status.retainBin);
  if (retain) {
    const [unitStatus, replenishmentStatus] = retain;
    units[retainUnitId] = {
      id: 'BIN1',
      capacity: caps.cards,
      status: unitStatus,
      card: {
        capabilities: { type: 'retain', hardwareSensors: false },
        status: { initialCount: 0, count: status.cards, retainCount: status.cards, replenishmentStatus },
      },
    };
  }
  const stations = caps.parkingStations ?? 0;
  for (let station = 0; station < stations; station++) {
    const present = status.parkingStationMedia?.[station];
    const count = present === undefined ? 0 : enums.value('fwMedia', present) === 'present' ? 1 : 0;
    units[parkUnitId(station)] = {
      id: `PK${station + 1}`.slice(0, 5),
      capacity: 1,
      status: 'ok',
      card: {
        capabilities: { type: 'park', hardwareSensors: true },
        status: { initialCount: 0, count, retainCount: 0, replenishmentStatus: count > 0 ? 'full' : 'ok' },
      },
    };
  }
  return units;
}
