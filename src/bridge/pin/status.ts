// WFS_INF_PIN_STATUS and WFS_INF_PIN_CAPABILITIES as the Common.Status / Common.Capabilities content
// of the Common, Keyboard, KeyManagement, Crypto and PinPad interfaces.
import type { JsonObject } from '../../xfs4iot/backend.ts';
import type { PinCapabilities, PinEtsCaps, PinStatus } from '../../legacy-xfs3/pin/types.ts';
import type { XfsVersionInfo } from '../../legacy-xfs3/types.ts';
import type { EnumTables } from '../enums.ts';
import { compact } from '../translator.ts';

const BEEP_ACTIVE = 0x1;
const BEEP_INACTIVE = 0x2;
const ALG_DES = 0x1 | 0x2;
const ALG_TDES = 0x40 | 0x80;
const KCV_SELF = 0x1;
const KCV_ZERO = 0x2;
/** WFS_PIN_FLOATX / FLOATY */
const FLOAT_X = 0x1;
const FLOAT_Y = 0x2;

export function buildStatus(status: PinStatus, enums: EnumTables): JsonObject {
  const common = compact({
    device: enums.value('fwDevice', status.device) ?? 'hardwareError',
    devicePosition: enums.value('wDevicePosition', status.devicePosition),
    powerSaveRecoveryTime: status.powerSaveRecoveryTime,
    antiFraudModule: enums.value('wAntiFraudModule', status.antiFraudModule),
  });
  const keyManagement = compact({
    encryptionState: enums.value('fwEncStat', status.encStat) ?? 'undefined',
    certificateState: enums.value('dwCertificateState', status.certificateState),
  });
  const out: JsonObject = { common, keyManagement };
  if (status.autoBeepMode !== undefined) {
    out.keyboard = { autoBeepMode: { activeAvailable: (status.autoBeepMode & BEEP_ACTIVE) !== 0, inactiveAvailable: (status.autoBeepMode & BEEP_INACTIVE) !== 0 } };
  }
  return out;
}

/** X9.143 attributes of the symmetric algorithms the 3.x device reports (triple DES 'T', DES 'D'). */
function cryptoAttributes(caps: PinCapabilities): JsonObject {
  const methods = (ecb: number, cbc: number) => compact({ ecb: (caps.algorithms & ecb) !== 0 || undefined, cbc: (caps.algorithms & cbc) !== 0 || undefined });
  const out: JsonObject = {};
  if (caps.algorithms & ALG_TDES) out.T = { E: { cryptoMethod: methods(0x40, 0x80) }, D: { cryptoMethod: methods(0x40, 0x80) } };
  if (caps.algorithms & ALG_DES) out.D = { E: { cryptoMethod: methods(0x1, 0x2) }, D: { cryptoMethod: methods(0x1, 0x2) } };
  return { D0: out };
}

function displayFlags(kind: string | null | undefined): JsonObject | undefined {
  if (typeof kind !== 'string') return undefined;
  return { none: kind === 'none', ledThrough: kind === 'ledThrough', display: kind === 'display' };
}

/** WFSPINETSCAPS: both XFS4IoT releases have the same etsCaps. */
function etsCaps(ets: PinEtsCaps): JsonObject {
  // lXPos / lYPos are signed in 3.x (a screen may start left of or above the display's origin);
  // XFS4IoT positions are not: such a screen is reported from 0.
  return {
    xPos: Math.max(0, ets.x), yPos: Math.max(0, ets.y), xSize: ets.width, ySize: ets.height,
    maximumTouchFrames: ets.maxFrames, maximumTouchKeys: ets.maxKeys,
    float: { x: (ets.floatFlags & FLOAT_X) !== 0, y: (ets.floatFlags & FLOAT_Y) !== 0 },
  };
}

export function buildCapabilities(caps: PinCapabilities, enums: EnumTables, info: XfsVersionInfo, gatewayVersion: string): JsonObject {
  const common = compact({
    serviceVersion: `xfs4iot-gateway ${gatewayVersion} on XFS ${info.version.text} PIN`,
    deviceInformation: [compact({ modelName: caps.extra.Model ?? caps.extra.ModelName, serialNumber: caps.extra.SerialNumber, modelDescription: info.description || undefined })],
    powerSaveControl: caps.powerSaveControl ?? false,
    antiFraudModule: caps.antiFraudModule ?? false,
  });
  const keyboard = compact({
    autoBeep: {
      activeAvailable: ((caps.autoBeep ?? 0) & 0x1) !== 0, activeSelectable: ((caps.autoBeep ?? 0) & 0x2) !== 0,
      inactiveAvailable: ((caps.autoBeep ?? 0) & 0x4) !== 0, inactiveSelectable: ((caps.autoBeep ?? 0) & 0x8) !== 0,
    },
    etsCaps: caps.etsCaps && etsCaps(caps.etsCaps),
  });
  const keyManagement = compact({
    keyNum: caps.keyNum,
    keyCheckModes: { self: (caps.keyCheckModes & KCV_SELF) !== 0, zero: (caps.keyCheckModes & KCV_ZERO) !== 0 },
    hsmVendor: caps.hsmVendor || undefined,
    keyImportThroughParts: caps.keyImportThroughParts ?? false,
    desKeyLength: caps.desKeyLength === undefined ? undefined : { single: (caps.desKeyLength & 1) !== 0, double: (caps.desKeyLength & 2) !== 0, triple: (caps.desKeyLength & 4) !== 0 },
  });
  // MACs (WFS_PIN_CRYPTDESMAC / TRIDESMAC): a MAC key (M0, triple DES) generates (G) and verifies (V);
  // no cryptoMethod or hash, which are RSA's.
  const macs = (caps.algorithms & (0x20 | 0x200)) !== 0;
  const crypto = compact({
    cryptoAttributes: cryptoAttributes(caps),
    authenticationAttributes: macs ? { M0: { T: { G: {} } } } : undefined,
    verifyAttributes: macs ? { M0: { T: { V: {} } } } : undefined,
  });
  const pinPad = compact({
    pinFormats: enums.flagsToObject('pinFormats', caps.pinFormats),
    // One 3.x value; both releases define an object of flags (none, ledThrough, display).
    display: displayFlags(enums.value('fwDisplay', caps.display)),
    presentationAlgorithms: enums.flagsToObject('presentationAlgorithms', caps.presentationAlgorithms),
    idcConnect: caps.idConnect,
    validationAlgorithms: enums.flagsToObject('validationAlgorithms', caps.validationAlgorithms),
    pinCanPersistAfterUse: caps.pinCanPersistAfterUse ?? false,
    typeCombined: caps.typeCombined ?? false,
    setPinblockDataRequired: caps.setPinblockDataRequired ?? false,
  });
  return { common, keyboard, keyManagement, crypto, pinPad };
}
