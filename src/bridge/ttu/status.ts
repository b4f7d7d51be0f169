// WFS_INF_TTU_STATUS and WFS_INF_TTU_CAPABILITIES as the Common.Status / Common.Capabilities content
// of the Common and TextTerminal interfaces.
import type { JsonObject } from '../../xfs4iot/backend.ts';
import type { TtuCapabilities, TtuStatus } from '../../legacy-xfs3/ttu/types.ts';
import type { XfsVersionInfo } from '../../legacy-xfs3/types.ts';
import type { EnumTables } from '../enums.ts';
import { compact } from '../translator.ts';

export function buildStatus(status: TtuStatus, enums: EnumTables): JsonObject {
  const common = compact({
    device: enums.value('fwDevice', status.device) ?? 'hardwareError',
    antiFraudModule: status.antiFraudModule === undefined ? undefined : enums.value('wAntiFraudModule', status.antiFraudModule),
  });
  const textTerminal = compact({
    // WFS_TTU_KBDNA / KBDLOCKNA: the terminal has none, so the property is left out.
    keyboard: enums.value('wKeyboard', status.keyboard) ?? undefined,
    keyLock: enums.value('wKeylock', status.keylock) ?? undefined,
    displaySizeX: status.displaySizeX,
    displaySizeY: status.displaySizeY,
  });
  return { common, textTerminal };
}

export function buildCapabilities(caps: TtuCapabilities, enums: EnumTables, info: XfsVersionInfo, gatewayVersion: string): JsonObject {
  const common = compact({
    serviceVersion: `xfs4iot-gateway ${gatewayVersion} on XFS ${info.version.text} TTU`,
    deviceInformation: [compact({ modelName: caps.extra.Model ?? caps.extra.ModelName, serialNumber: caps.extra.SerialNumber, modelDescription: info.description || undefined })],
    // before 3.30 the capabilities say nothing of an anti-fraud module: none to report
    antiFraudModule: caps.antiFraudModule ?? false,
  });
  return {
    common,
    textTerminal: compact({
      type: enums.value('fwType', caps.type) ?? undefined,
      resolutions: caps.resolutions.map((r) => ({ sizeX: r.sizeX, sizeY: r.sizeY })),
      keyLock: caps.keyLock,
      cursor: caps.cursor,
      forms: caps.forms,
    }),
  };
}
