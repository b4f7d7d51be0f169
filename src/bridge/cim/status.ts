// WFS_INF_CIM_STATUS and WFS_INF_CIM_CAPABILITIES (with the 3.20 position capabilities) as the
// Common.Status / Common.Capabilities content of the Common, CashAcceptor and CashManagement interfaces.
import type { JsonObject } from '../../xfs4iot/backend.ts';
import type { CimPositionCapabilities } from '../../legacy-xfs3/cim/types.ts';
import type { XfsVersionInfo } from '../../legacy-xfs3/types.ts';
import type { EnumTables } from '../enums.ts';
import { compact } from '../translator.ts';
import { cashPosition } from '../cash-position.ts';
import type { CimCaps, CimDevice } from './device.ts';

/** One 3.x position bit (WFS_CIM_POSIN* / POSOUT*) as its XFS4IoT name; WFS_CIM_POSNULL has none. */
export function positionName(bits: number, enums: EnumTables): string | undefined {
  return enums.flagName('position', bits);
}

/** `exchangeActive`: a Storage.StartExchange of this gateway is open (WFSCIMSTATUS has no exchange state). */
export function buildStatus(device: CimDevice, enums: EnumTables, exchangeActive = false): JsonObject {
  const { status } = device;
  const common = compact({
    device: enums.value('fwDevice', status.device) ?? 'hardwareError',
    devicePosition: enums.value('wDevicePosition', status.devicePosition),
    powerSaveRecoveryTime: status.powerSaveRecoveryTime,
    antiFraudModule: enums.value('wAntiFraudModule', status.antiFraudModule),
    exchange: exchangeActive ? 'active' : 'inactive',
  });
  const cashAcceptor = compact({
    intermediateStacker: enums.value('fwIntermediateStacker', status.intermediateStacker),
    stackerItems: enums.value('fwStackerItems', status.stackerItems),
    banknoteReader: enums.value('fwBanknoteReader', status.banknoteReader),
    dropBox: status.dropBox,
    positions: status.positions.map((p) => cashPosition(p, positionName(p.position, enums), enums)),
  });
  const cashManagement = { dispenser: null, acceptor: enums.value('fwAcceptor', status.acceptor) ?? 'unknown' };
  return { common, cashAcceptor, cashManagement };
}

function positionCapabilities(p: CimPositionCapabilities, enums: EnumTables): JsonObject {
  return compact({
    position: positionName(p.position, enums),
    usage: enums.flagsToObject('usage', p.usage),
    shutterControl: p.shutterControl,
    itemsTakenSensor: p.itemsTakenSensor,
    itemsInsertedSensor: p.itemsInsertedSensor,
    retractAreas: enums.flagsToObject('positionRetractAreas', p.retractAreas),
    presentControl: p.presentControl,
    preparePresent: false,
  });
}

/** 3.00/3.10 providers list no position capabilities: each position bit of fwPositions, as the device-wide capabilities say. */
function positionsFromBits(caps: CimCaps, enums: EnumTables): JsonObject[] {
  const out: JsonObject[] = [];
  for (let bit = 1; bit <= 0x2000; bit <<= 1) {
    if ((caps.positions & bit) === 0) continue;
    const name = positionName(bit, enums);
    if (!name) continue;
    const input = name.startsWith('in');
    out.push({
      position: name, usage: { in: input, refuse: !input, rollback: !input }, shutterControl: caps.shutterControl,
      itemsTakenSensor: caps.itemsTakenSensor, itemsInsertedSensor: caps.itemsInsertedSensor, presentControl: false, preparePresent: false,
    });
  }
  return out;
}

export function buildCapabilities(caps: CimCaps, enums: EnumTables, info: XfsVersionInfo, gatewayVersion: string): JsonObject {
  const common = compact({
    serviceVersion: `xfs4iot-gateway ${gatewayVersion} on XFS ${info.version.text} CIM`,
    deviceInformation: [compact({ modelName: caps.extra.Model ?? caps.extra.ModelName, serialNumber: caps.extra.SerialNumber, modelDescription: info.description || undefined })],
    powerSaveControl: caps.powerSaveControl ?? false,
    antiFraudModule: caps.antiFraudModule ?? false,
  });
  const cashAcceptor = compact({
    type: enums.value('fwType', caps.type),
    maxCashInItems: Math.max(1, caps.maxCashInItems),
    shutter: caps.shutter,
    shutterControl: caps.shutterControl,
    intermediateStacker: caps.intermediateStacker,
    itemsTakenSensor: caps.itemsTakenSensor,
    itemsInsertedSensor: caps.itemsInsertedSensor,
    positions: caps.positionCapabilities ? caps.positionCapabilities.map((p) => positionCapabilities(p, enums)) : positionsFromBits(caps, enums),
    retractAreas: enums.flagsToObject('retractAreas', caps.retractAreas),
    retractTransportActions: enums.flagsToObject('retractActions', caps.retractTransportActions),
    retractStackerActions: enums.flagsToObject('retractActions', caps.retractStackerActions),
    cashInLimit: caps.cashInLimit === undefined ? undefined : enums.flagsToObject('cashInLimit', caps.cashInLimit),
    countActions: caps.countActions === undefined ? undefined : enums.flagsToObject('countActions', caps.countActions),
  });
  const exchange = enums.flagsToObject('exchangeType', caps.exchangeType);
  const cashManagement = compact({
    cashBox: caps.cashBox,
    exchangeType: { byHand: exchange.byHand },
    itemInfoTypes: caps.itemInfoTypes === undefined ? undefined : enums.flagsToObject('itemInfoTypes', caps.itemInfoTypes),
    classificationList: caps.blacklist ?? false,
  });
  return { common, cashAcceptor, cashManagement };
}
