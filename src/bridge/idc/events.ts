// IDC execute/service/user event payloads as XFS4IoT event payloads. Each translator returns what the
// bridge should do: send an event, patch the status, re-read the status and storage, or nothing.
import type { JsonObject } from '../../xfs4iot/backend.ts';
import type { IdcCapabilities, IdcEventData, IdcStatus } from '../../legacy-xfs3/idc/types.ts';
import type { EventTranslator } from '../event-types.ts';
import { compact } from '../translator.ts';
import { clessUi } from './emv-cless.ts';
import { buildStorage, retainUnitId } from './status.ts';

type Translator = EventTranslator<IdcCapabilities, IdcStatus>;

function dataOf<K extends keyof IdcEventData>(data: unknown, field: keyof IdcEventData[K]): number | undefined {
  const value = (data as Record<string, unknown> | undefined)?.[field as string];
  return typeof value === 'number' ? value : undefined;
}


const cardAction: Translator = (event, ctx) => {
  const action = dataOf<'WFS_SRVE_IDC_CARDACTION'>(event.data, 'action');
  const position = dataOf<'WFS_SRVE_IDC_CARDACTION'>(event.data, 'position');
  if (action === undefined) return { warning: 'CARDACTION without data', refresh: true };
  const to = ctx.enums.value('cardActionAction', action);
  // A jammed card has no XFS4IoT position: the status refresh reports media "jammed" instead.
  if (!to) return { refresh: true };
  const from = position === undefined ? 'unknown' : ctx.enums.value('cardActionPosition', position) ?? 'unknown';
  return { payload: { to, from }, refresh: true };
};

const mediaDetected: Translator = (event, ctx) => {
  const resetOut = dataOf<'WFS_SRVE_IDC_MEDIADETECTED'>(event.data, 'resetOut');
  const position = resetOut === undefined ? undefined : ctx.enums.value('mediaDetected', resetOut);
  return position ? { payload: { position }, refresh: true } : { warning: 'MEDIADETECTED without a known position', refresh: true };
};

const retainBinThreshold: Translator = (event, ctx) => {
  const retainBin = dataOf<'WFS_USRE_IDC_RETAINBINTHRESHOLD'>(event.data, 'retainBin');
  const mapped = retainBin === undefined ? undefined : ctx.enums.value<[string, string]>('fwRetainBin', retainBin);
  if (!mapped || retainBin === undefined) return { warning: 'RETAINBINTHRESHOLD without a known retain bin state', refresh: true };
  const units = buildStorage({ ...ctx.device.status, retainBin }, ctx.device.capabilities, ctx.enums);
  const unit = units[retainUnitId];
  return unit ? { payload: { [retainUnitId]: unit }, refresh: true } : { refresh: true };
};

const storageRefresh: Translator = () => ({ refresh: true, storageChanged: true });

const devicePosition: Translator = (event, ctx) => {
  const position = dataOf<'WFS_SRVE_IDC_DEVICEPOSITION'>(event.data, 'position');
  const value = position === undefined ? undefined : ctx.enums.value('wDevicePosition', position);
  return value === undefined ? { warning: 'DEVICEPOSITION without a known position' } : { statusPatch: { common: { devicePosition: value } } };
};

const powerSaveChange: Translator = (event) => {
  const time = dataOf<'WFS_SRVE_IDC_POWER_SAVE_CHANGE'>(event.data, 'powerSaveRecoveryTime');
  return time === undefined ? { warning: 'POWER_SAVE_CHANGE without data' } : { statusPatch: { common: { powerSaveRecoveryTime: time } } };
};

const trackDetected: Translator = (event, ctx) => {
  const tracks = dataOf<'WFS_EXEE_IDC_TRACKDETECTED'>(event.data, 'tracks');
  if (tracks === undefined) return { warning: 'TRACKDETECTED without data' };
  const flags = ctx.enums.flagsToObject('readTracks', tracks);
  const payload: JsonObject = compact({ track1: flags.track1, track2: flags.track2, track3: flags.track3, watermark: flags.watermark, frontTrack1: flags.frontTrack1 });
  return { payload };
};

const emvClessReadStatus: Translator = (event, ctx) => {
  const ui = (event.data as IdcEventData['WFS_EXEE_IDC_EMVCLESSREADSTATUS'] | undefined)?.ui;
  const payload = clessUi(ui, ctx.enums);
  return payload && Object.keys(payload).length > 0 ? { payload } : { warning: 'EMVCLESSREADSTATUS without UI data' };
};

export const idcEventTranslators: Record<string, Translator> = {
  cardAction, mediaDetected, retainBinThreshold, storageRefresh, devicePosition, powerSaveChange, trackDetected, emvClessReadStatus,
};

