// WFS_INF_VDM_STATUS and WFS_INF_VDM_CAPABILITIES as the Common.Status / Common.Capabilities content
// of the Common, VendorMode and VendorApplication interfaces.
import type { JsonObject } from '../../xfs4iot/backend.ts';
import type { VdmCapabilities, VdmStatus } from '../../legacy-xfs3/vdm/types.ts';
import type { XfsVersionInfo } from '../../legacy-xfs3/types.ts';
import type { EnumTables } from '../enums.ts';
import { compact } from '../translator.ts';

export function buildStatus(status: VdmStatus, enums: EnumTables): JsonObject {
  return {
    common: { device: enums.value('fwDevice', status.device) ?? 'hardwareError' },
    vendorMode: compact({
      device: enums.value<string>('wDevice', status.device) ?? undefined,
      service: enums.value<string>('wService', status.service) ?? undefined,
    }),
  };
}

export function buildCapabilities(caps: VdmCapabilities, _enums: EnumTables, info: XfsVersionInfo, gatewayVersion: string): JsonObject {
  return {
    common: compact({
      serviceVersion: `xfs4iot-gateway ${gatewayVersion} on XFS ${info.version.text} VDM`,
      deviceInformation: [compact({ modelName: caps.extra.Model ?? caps.extra.ModelName, serialNumber: caps.extra.SerialNumber, modelDescription: info.description || undefined })],
    }),
  };
}
