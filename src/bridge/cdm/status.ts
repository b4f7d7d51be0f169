// WFS_INF_CDM_STATUS and WFS_INF_CDM_CAPABILITIES as the Common.Status / Common.Capabilities content
// of the Common, CashDispenser and CashManagement interfaces.
import type { JsonObject } from '../../xfs4iot/backend.ts';
import type { CdmCapabilities } from '../../legacy-xfs3/cdm/types.ts';
import type { XfsVersionInfo } from '../../legacy-xfs3/types.ts';
import type { EnumTables } from '../enums.ts';
import { compact } from '../translator.ts';
import { cashPosition } from '../cash-position.ts';
import type { CdmDevice } from './device.ts';

/** A single 3.x position bit as its XFS4IoT name (outCenter, ...); WFS_CDM_POSNULL as outDefault. */
export function positionName(bits: number, enums: EnumTables): string | undefined {
  if (bits === 0) return 'outDefault';
  return enums.flagName('outputPosition', bits);
}

export function buildStatus(device: CdmDevice, enums: EnumTables): JsonObject {
  const { status } = device;
  const common = compact({
    device: enums.value('fwDevice', status.device) ?? 'hardwareError',
    devicePosition: enums.value('wDevicePosition', status.devicePosition),
    powerSaveRecoveryTime: status.powerSaveRecoveryTime,
    antiFraudModule: enums.value('wAntiFraudModule', status.antiFraudModule),
  });
  const cashDispenser = compact({
    intermediateStacker: enums.value('fwIntermediateStacker', status.intermediateStacker),
    positions: status.positions.map((p) => cashPosition(p, positionName(p.position, enums), enums)),
  });
  const cashManagement = { dispenser: enums.value('fwDispenser', status.dispenser) ?? 'unknown', acceptor: null };
  return { common, cashDispenser, cashManagement };
}

export function buildCapabilities(caps: CdmCapabilities, enums: EnumTables, info: XfsVersionInfo, gatewayVersion: string): JsonObject {
  const common = compact({
    serviceVersion: `xfs4iot-gateway ${gatewayVersion} on XFS ${info.version.text} CDM`,
    deviceInformation: [compact({ modelName: caps.extra.Model ?? caps.extra.ModelName, serialNumber: caps.extra.SerialNumber, modelDescription: info.description || undefined })],
    powerSaveControl: caps.powerSaveControl ?? false,
    antiFraudModule: caps.antiFraudModule ?? false,
  });
  const retractAreas = { ...enums.flagsToObject('retractAreas', caps.retractAreas), cashIn: false };
  const actions = (bits: number) => ({ ...enums.flagsToObject('retractActions', bits), cashIn: false });
  const cashDispenser = compact({
    type: enums.value('fwType', caps.type),
    maxDispenseItems: Math.max(1, caps.maxDispenseItems),
    shutterControl: caps.shutterControl,
    retractAreas,
    retractTransportActions: actions(caps.retractTransportActions),
    retractStackerActions: actions(caps.retractStackerActions),
    intermediateStacker: caps.intermediateStacker,
    itemsTakenSensor: caps.itemsTakenSensor,
    positions: enums.flagsToObject('positionsCapability', caps.positions),
    moveItems: enums.flagsToObject('moveItems', caps.moveItems),
  });
  const exchange = enums.flagsToObject('exchangeType', caps.exchangeType);
  const cashManagement = compact({
    cashBox: caps.cashBox,
    exchangeType: { byHand: exchange.byHand },
    itemInfoTypes: caps.itemInfoTypes === undefined ? undefined : enums.flagsToObject('itemInfoTypes', caps.itemInfoTypes),
    classificationList: caps.blacklist ?? false,
  });
  return { common, cashDispenser, cashManagement };
}
