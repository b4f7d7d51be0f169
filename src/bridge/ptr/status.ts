// WFS_INF_PTR_STATUS and WFS_INF_PTR_CAPABILITIES as the Common.Status / Common.Capabilities content
// of the Common and Printer interfaces (2023-2 layout).
import type { JsonObject } from '../../xfs4iot/backend.ts';
import type { PtrCapabilities, PtrStatus } from '../../legacy-xfs3/ptr/types.ts';
import type { XfsVersionInfo } from '../../legacy-xfs3/types.ts';
import type { EnumTables } from '../enums.ts';
import { compact } from '../translator.ts';

/** fwPaper[] / wPaperType[] as { upper: ..., lower: ... }: sources the device does not have are left out. */
function bySupply(values: number[] | undefined, table: string, enums: EnumTables): JsonObject | undefined {
  if (!values) return undefined;
  const out: JsonObject = {};
  values.forEach((code, index) => {
    // WFS_PTR_SUPPLYSIZE is 16; indices past PARK (5) are reserved and hold nothing to report.
    const source = enums.partial('supplyIndex', index);
    if (!source) return;
    const value = enums.value(table, code);
    if (value) out[source] = value;
  });
  return out;
}

export function buildStatus(status: PtrStatus, enums: EnumTables): JsonObject {
  const common = compact({
    device: enums.value('fwDevice', status.device) ?? 'hardwareError',
    devicePosition: enums.value('wDevicePosition', status.devicePosition),
    powerSaveRecoveryTime: status.powerSaveRecoveryTime,
    antiFraudModule: enums.value('wAntiFraudModule', status.antiFraudModule),
  });
  // A paper-type table that says "unknown" for every source says nothing: only sources with paper are kept.
  const paper = bySupply(status.paper, 'fwPaper', enums) ?? {};
  const paperType = bySupply(status.paperType, 'wPaperType', enums);
  const printer = compact({
    media: enums.value('fwMedia', status.media),
    paper,
    toner: enums.value('fwToner', status.toner),
    ink: enums.value('fwToner', status.ink),
    lamp: enums.value('fwLamp', status.lamp),
    retractBins: status.retractBins.map((bin) => ({ state: enums.value('wRetractBin', bin.state) ?? 'unknown', count: bin.count })),
    mediaOnStacker: status.mediaOnStacker,
    paperType: paperType ? Object.fromEntries(Object.entries(paperType).filter(([source]) => source in paper)) : undefined,
    blackMarkMode: enums.value('wBlackMarkMode', status.blackMarkMode),
  });
  return { common, printer };
}

export function controlBits(caps: PtrCapabilities): number {
  return (caps.controlEx ?? 0) | caps.control;
}

export function buildCapabilities(caps: PtrCapabilities, enums: EnumTables, info: XfsVersionInfo, gatewayVersion: string): JsonObject {
  const common = compact({
    serviceVersion: `xfs4iot-gateway ${gatewayVersion} on XFS ${info.version.text} PTR`,
    deviceInformation: [compact({ modelName: caps.extra.Model ?? caps.extra.ModelName, serialNumber: caps.extra.SerialNumber, modelDescription: info.description || undefined })],
    powerSaveControl: caps.powerSaveControl ?? false,
    antiFraudModule: caps.antiFraudModule ?? false,
  });
  const { any: _any, ...paperSources } = enums.flagsToObject('paperSource', caps.paperSources);
  const printer = compact({
    type: enums.flagsToObject('fwType', caps.type),
    resolution: enums.flagsToObject('wResolution', caps.resolution),
    readForm: enums.flagsToObject('fwReadForm', caps.readForm),
    writeForm: enums.flagsToObject('fwWriteForm', caps.writeForm),
    extents: enums.flagsToObject('fwExtents', caps.extents),
    control: enums.flagsToObject('fwControl', controlBits(caps)),
    maxMediaOnStacker: caps.maxMediaOnStacker,
    acceptMedia: caps.acceptMedia,
    multiPage: caps.multiPage,
    paperSources,
    mediaTaken: caps.mediaTaken,
    retractBins: caps.maxRetract.length,
    maxRetract: caps.maxRetract,
    imageType: enums.flagsToObject('fwImageType', caps.imageType),
    frontImageColorFormat: enums.flagsToObject('fwFrontImageColorFormat', caps.frontImageColorFormat),
    backImageColorFormat: enums.flagsToObject('fwBackImageColorFormat', caps.backImageColorFormat),
    imageSource: enums.flagsToObject('fwImageSource', caps.imageSource & 0x3),
    dispensePaper: caps.dispensePaper,
    osPrinter: caps.windowsPrinter || undefined,
    mediaPresented: caps.mediaPresented ?? false,
    autoRetractPeriod: caps.autoRetractPeriod ?? 0,
    retractToTransport: caps.retractToTransport ?? false,
    coercivityType: enums.flagsToObject('fwCoercivityType', (caps.coercivityType ?? 0) & ~1),
    controlPassbook: enums.flagsToObject('fwControlPassbook', caps.controlPassbook ?? 0),
    printSides: enums.value('wPrintSides', caps.printSides ?? 0),
  });
  return { common, printer };
}
