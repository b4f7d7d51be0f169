// WFS_INF_SIU_STATUS and WFS_INF_SIU_CAPABILITIES as the Common.Status / Common.Capabilities content
// of the Common, Lights and Auxiliaries interfaces. A 3.x guidance light becomes the XFS4IoT light of
// the same name at position 'center' (3.x lights have no position); only available ports appear.
import type { JsonObject } from '../../xfs4iot/backend.ts';
import type { SiuCapabilities, SiuStatus } from '../../legacy-xfs3/siu/types.ts';
import type { XfsVersionInfo } from '../../legacy-xfs3/types.ts';
import type { EnumTables } from '../enums.ts';
import { compact } from '../translator.ts';
import { portOf, portValue, type PortType } from './ports.ts';

export const LIGHT_POSITION = 'center';
const lightNames = [
  'cardReader', 'pinPad', 'notesDispenser', 'coinDispenser', 'receiptPrinter', 'passbookPrinter', 'envelopeDepository', 'checkUnit',
  'billAcceptor', 'envelopeDispenser', 'documentPrinter', 'coinAcceptor', 'scanner', 'fasciaLight',
];

function lightsStatus(status: SiuStatus, caps: SiuCapabilities, enums: EnumTables): JsonObject {
  const out: JsonObject = {};
  for (const name of lightNames) {
    const port = portOf(enums, 'lightPorts', name);
    if (!port || portValue(caps, port) === 0) continue;
    const table = port.type === 'guidLights' ? 'guidLightFlashRate' : 'fasciaLightFlashRate';
    const flashRate = enums.value(table, portValue(status, port));
    if (flashRate) out[name] = { [LIGHT_POSITION]: { flashRate } };
  }
  return out;
}

/** One auxiliary port's XFS4IoT status value, undefined when unknown. */
export function auxiliaryValue(type: PortType, index: number, value: number, enums: EnumTables): [string, JsonObject[string]] | undefined {
  const entry = enums.code('auxiliaryStatus', `${type}:${index}`) as [string, string] | undefined;
  if (!entry) return undefined;
  const [property, table] = entry;
  if (table === 'number') return [property, value];
  if (table === 'upsFlags') return [property, enums.flagsToObject('upsFlags', value & ~1)]; // bit 1: WFS_SIU_AVAILABLE
  const mapped = enums.value(table, value);
  return mapped === undefined || mapped === null ? undefined : [property, mapped];
}

function auxiliariesStatus(status: SiuStatus, caps: SiuCapabilities, enums: EnumTables): JsonObject {
  const out: JsonObject = {};
  for (const type of ['sensors', 'doors', 'indicators', 'auxiliaries'] as const) {
    status[type].forEach((value, index) => {
      if ((caps[type][index] ?? 0) === 0) return;
      const entry = auxiliaryValue(type, index, value, enums);
      if (entry) out[entry[0]] = entry[1];
    });
  }
  return out;
}

export function buildStatus(status: SiuStatus, caps: SiuCapabilities, enums: EnumTables): JsonObject {
  const common = compact({
    device: enums.value('fwDevice', status.device) ?? 'hardwareError',
    powerSaveRecoveryTime: status.powerSaveRecoveryTime,
    antiFraudModule: enums.value('wAntiFraudModule', status.antiFraudModule),
  });
  return { common, lights: lightsStatus(status, caps, enums), auxiliaries: auxiliariesStatus(status, caps, enums) };
}

function lightsCapabilities(caps: SiuCapabilities, enums: EnumTables): JsonObject {
  const out: JsonObject = {};
  for (const name of lightNames) {
    const port = portOf(enums, 'lightPorts', name);
    const bits = port ? portValue(caps, port) : 0;
    if (!port || bits === 0) continue;
    const flashRate = port.type === 'guidLights' ? enums.flagsToObject('guidLightCaps', bits) : { off: true, slow: false, medium: false, quick: false, continuous: true };
    out[name] = { [LIGHT_POSITION]: { flashRate } };
  }
  // 2024-03 shape; 2023-2 clients get theirs from release-shapes.ts.
  // Each 3.x guidance light port has its own flash rate.
  return { individualFlashRates: true, lights: out };
}

function auxiliariesCapabilities(caps: SiuCapabilities, enums: EnumTables): JsonObject {
  const has = (type: PortType, index: number) => (caps[type][index] ?? 0) !== 0;
  const door = (index: number) => (has('doors', index) ? enums.flagsToObject('doorCaps', caps.doors[index]) : undefined);
  return compact({
    operatorSwitch: has('sensors', 0) ? enums.flagsToObject('operatorSwitchCaps', caps.sensors[0]) : undefined,
    tamperSensor: has('sensors', 1) || undefined,
    internalTamperSensor: has('sensors', 2) || undefined,
    seismicSensor: has('sensors', 3) || undefined,
    heatSensor: has('sensors', 4) || undefined,
    proximitySensor: has('sensors', 5) || undefined,
    ambientLightSensor: has('sensors', 6) || undefined,
    operatorCallButtonSensor: has('sensors', 10) || undefined,
    cabinetDoor: door(0),
    safeDoor: door(1),
    vandalShield: has('doors', 2) ? enums.flagsToObject('vandalShieldCaps', caps.doors[2]) : undefined,
    frontCabinet: door(3),
    rearCabinet: door(4),
    leftCabinet: door(5),
    rightCabinet: door(6),
    openCloseIndicator: has('indicators', 0) || undefined,
    heating: has('indicators', 3) || undefined,
    consumerDisplayBacklight: has('indicators', 4) || undefined,
    signageDisplay: has('indicators', 5) || undefined,
    volume: has('auxiliaries', 0) ? caps.auxiliaries[0] : undefined,
    ups: has('auxiliaries', 1) ? enums.flagsToObject('upsFlags', caps.auxiliaries[1] & ~1) : undefined,
    audibleAlarm: has('auxiliaries', 3) || undefined,
    autoStartupMode: caps.autoStartupMode ? enums.flagsToObject('autoStartupMode', caps.autoStartupMode) : undefined,
  });
}

export function buildCapabilities(caps: SiuCapabilities, enums: EnumTables, info: XfsVersionInfo, gatewayVersion: string): JsonObject {
  const common = compact({
    serviceVersion: `xfs4iot-gateway ${gatewayVersion} on XFS ${info.version.text} SIU`,
    deviceInformation: [compact({ modelName: caps.extra.Model ?? caps.extra.ModelName, serialNumber: caps.extra.SerialNumber, modelDescription: info.description || undefined })],
    powerSaveControl: caps.powerSaveControl ?? false,
    antiFraudModule: caps.antiFraudModule ?? false,
  });
  return { common, lights: lightsCapabilities(caps, enums), auxiliaries: auxiliariesCapabilities(caps, enums) };
}
