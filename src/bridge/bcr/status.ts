// WFS_INF_BCR_STATUS and WFS_INF_BCR_CAPABILITIES as the Common.Status / Common.Capabilities content of
// the Common and BarcodeReader interfaces. Symbologies: the 3.x codes 1..58 are the XFS4IoT names in
// the same order (mapping table `symbology`).
import type { JsonObject } from '../../xfs4iot/backend.ts';
import type { BcrCapabilities, BcrStatus } from '../../legacy-xfs3/bcr/types.ts';
import type { XfsVersionInfo } from '../../legacy-xfs3/types.ts';
import type { EnumTables } from '../enums.ts';
import { compact } from '../translator.ts';

export const SYMBOLOGY_COUNT = 58;

/** Every XFS4IoT symbology name with its 3.x code (unknown excluded). */
export function symbologyNames(enums: EnumTables): [string, number][] {
  return enums.names('symbology', 1, SYMBOLOGY_COUNT);
}

export function buildStatus(status: BcrStatus, enums: EnumTables): JsonObject {
  const common = compact({
    device: enums.value('fwDevice', status.device) ?? 'hardwareError',
    powerSaveRecoveryTime: status.powerSaveRecoveryTime,
    antiFraudModule: enums.value('wAntiFraudModule', status.antiFraudModule),
  });
  return { common, barcodeReader: compact({ scanner: enums.value('fwBCRScanner', status.scanner) ?? undefined }) };
}

export function buildCapabilities(caps: BcrCapabilities, enums: EnumTables, info: XfsVersionInfo, gatewayVersion: string): JsonObject {
  const common = compact({
    serviceVersion: `xfs4iot-gateway ${gatewayVersion} on XFS ${info.version.text} BCR`,
    deviceInformation: [compact({ modelName: caps.extra.Model ?? caps.extra.ModelName, serialNumber: caps.extra.SerialNumber, modelDescription: info.description || undefined })],
    powerSaveControl: caps.powerSaveControl,
    // 3.10 has no anti-fraud module: none to report
    antiFraudModule: caps.antiFraudModule ?? false,
  });
  const supported = new Set(caps.symbologies);
  const symbologies: JsonObject = {};
  for (const [name, code] of symbologyNames(enums)) symbologies[name] = supported.has(code);
  return { common, barcodeReader: { canFilterSymbologies: caps.canFilterSymbologies, symbologies } };
}
