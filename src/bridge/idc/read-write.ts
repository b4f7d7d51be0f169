// CardReader.ReadRawData and CardReader.WriteRawData on WFS_CMD_IDC_READ_RAW_DATA / WRITE_RAW_DATA.
import type { CommandResult, JsonObject, JsonValue } from '../../xfs4iot/backend.ts';
import type { IdcCapabilities, IdcCardData, IdcStatus } from '../../legacy-xfs3/idc/types.ts';
import { fromBase64, toBase64 } from '../binary.ts';
import type { EnumTables } from '../enums.ts';
import { compact, invalidData, success, unsupportedData, type CommandCall } from '../translator.ts';

type IdcCall = CommandCall<IdcCapabilities, IdcStatus>;

// Sources whose completion property is a plain card data object.
const trackLike = new Set(['track1', 'track2', 'track3', 'watermark', 'track1Front', 'track1JIS', 'track3JIS', 'ddi']);

function cardData(item: IdcCardData, enums: EnumTables): JsonObject {
  const status = enums.value('cardDataStatus', item.status);
  return compact({
    status: status === 'ok' ? undefined : status ?? undefined,
    data: item.data.length > 0 ? toBase64(item.data) : undefined,
  });
}

function securityData(item: IdcCardData, enums: EnumTables): JsonObject {
  const status = enums.value('cardDataStatus', item.status);
  const level = item.data.length > 0 ? enums.value('securityData', String.fromCharCode(item.data[0])) : undefined;
  return compact({
    status: status === 'ok' ? (level === null ? 'dataMissing' : undefined) : status ?? undefined,
    data: level ?? undefined,
  });
}

export async function readRawData(call: IdcCall): Promise<CommandResult> {
  const requested = Object.entries(call.payload ?? {}).filter(([, wanted]) => wanted === true).map(([name]) => name);
  const sources = call.enums.bitsOf('dataSource', requested);
  if (sources === 0) return invalidData('ReadRawData: no data source requested');
  const done = await call.execute('WFS_CMD_IDC_READ_RAW_DATA', { sources });
  if (!done.ok) return call.failure(done);
  const items = Array.isArray(done.data) ? (done.data as IdcCardData[]) : [];
  const out: Record<string, JsonValue> = {};
  for (const item of items) {
    const name = call.enums.flagName('dataSource', item.dataSource);
    if (!name) continue;
    if (trackLike.has(name)) out[name] = cardData(item, call.enums);
    else if (name === 'chip') out.chip = [...((out.chip as JsonValue[] | undefined) ?? []), cardData(item, call.enums)];
    else if (name === 'security') out.security = securityData(item, call.enums);
    else if (name === 'memoryChip') out.memoryChip = compact({ ...cardData(item, call.enums), protocol: undefined });
    else if (name === 'frontImage' || name === 'backImage') { if (item.data.length > 0) out[name] = toBase64(item.data); }
    else call.warn('READ_RAW_DATA returned a data source without an XFS4IoT property', { dataSource: item.dataSource });
  }
  return success(out);
}

const writable = ['track1', 'track2', 'track3', 'track1Front', 'track1JIS', 'track3JIS'] as const;
const writeTracksName: Record<string, string> = { track1Front: 'frontTrack1' };

export async function writeRawData(call: IdcCall): Promise<CommandResult> {
  const payload = call.payload ?? {};
  const caps = call.device.capabilities;
  const items: IdcCardData[] = [];
  for (const name of writable) {
    const track = payload[name];
    if (typeof track !== 'object' || track === null || Array.isArray(track)) continue;
    const bit = call.enums.flagBit('dataSource', name) ?? 0;
    const capabilityBit = call.enums.flagBit('writeTracks', writeTracksName[name] ?? name) ?? 0;
    if ((caps.writeTracks & capabilityBit) === 0) return unsupportedData(`WriteRawData: the XFS 3.x service cannot write ${name} (WFSIDCCAPS.fwWriteTracks)`);
    const data = typeof track.data === 'string' ? fromBase64(track.data) : undefined;
    if (!data) return invalidData(`WriteRawData: ${name}.data is not base64`);
    const method = typeof track.writeMethod === 'string' ? track.writeMethod : 'auto';
    const writeMethod = call.enums.flagBit('writeMode', method) ?? 0;
    if ((caps.writeMode & writeMethod) === 0) return unsupportedData(`WriteRawData: the XFS 3.x service does not support write method ${method} (WFSIDCCAPS.fwWriteMode)`);
    items.push({ dataSource: bit, status: 0, data, writeMethod });
  }
  if (items.length === 0) return invalidData('WriteRawData: no track to write');
  const done = await call.execute('WFS_CMD_IDC_WRITE_RAW_DATA', items);
  return done.ok ? success() : call.failure(done);
}
