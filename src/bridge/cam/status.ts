// WFS_INF_CAM_STATUS and WFS_INF_CAM_CAPABILITIES as the Common.Status / Common.Capabilities content of
// the Common and Camera interfaces. The 3.x arrays are indexed by camera (WFS_CAM_ROOM 0, PERSON 1,
// EXITSLOT 2: table `camera`); a camera the unit does not support is left out of each object.
import type { JsonObject } from '../../xfs4iot/backend.ts';
import type { CamCapabilities, CamStatus } from '../../legacy-xfs3/cam/types.ts';
import type { XfsVersionInfo } from '../../legacy-xfs3/types.ts';
import type { EnumTables } from '../enums.ts';
import { compact } from '../translator.ts';

/** The XFS4IoT camera names with their 3.x index. */
export function cameraNames(enums: EnumTables): [string, number][] {
  return enums.names('camera', 0, 2);
}

export function buildStatus(status: CamStatus, enums: EnumTables): JsonObject {
  const common = compact({
    device: enums.value('fwDevice', status.device) ?? 'hardwareError',
    antiFraudModule: enums.value('wAntiFraudModule', status.antiFraudModule),
  });
  const media: JsonObject = {};
  const cameras: JsonObject = {};
  const pictures: JsonObject = {};
  for (const [name, index] of cameraNames(enums)) {
    const state = enums.value<string>('fwCameras', status.cameras[index] ?? 0);
    if (!state) continue;
    cameras[name] = state;
    const medium = enums.value<string>('fwMedia', status.media[index] ?? 4);
    if (medium) media[name] = medium;
    pictures[name] = status.pictures[index] ?? 0;
  }
  return { common, camera: { media, cameras, pictures } };
}

export function buildCapabilities(caps: CamCapabilities, enums: EnumTables, info: XfsVersionInfo, gatewayVersion: string): JsonObject {
  const common = compact({
    serviceVersion: `xfs4iot-gateway ${gatewayVersion} on XFS ${info.version.text} CAM`,
    deviceInformation: [compact({ modelName: caps.extra.Model ?? caps.extra.ModelName, serialNumber: caps.extra.SerialNumber, modelDescription: info.description || undefined })],
    // 3.00 has no anti-fraud module: none to report
    antiFraudModule: caps.antiFraudModule ?? false,
  });
  const cameras: JsonObject = {};
  for (const [name, index] of cameraNames(enums)) cameras[name] = (caps.cameras[index] ?? 0) !== 0;
  return {
    common,
    camera: {
      cameras,
      maxPictures: caps.maxPictures,
      // WFS_CAM_AUTOADD 1: the unit adds its own data; WFS_CAM_MANADD 2: it adds the application's text.
      camData: { autoAdd: (caps.camData & 1) !== 0, manAdd: (caps.camData & 2) !== 0 },
      maxDataLength: caps.maxDataLength,
    },
  };
}
