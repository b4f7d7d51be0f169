// PTR execute, service and user event payloads as XFS4IoT Printer event payloads.
import type { PtrCapabilities, PtrEventData, PtrStatus } from '../../legacy-xfs3/ptr/types.ts';
import type { JsonObject } from '../../xfs4iot/backend.ts';
import type { EventTranslator } from '../event-types.ts';

type Translator = EventTranslator<PtrCapabilities, PtrStatus>;

function dataOf<K extends keyof PtrEventData>(data: unknown): Partial<PtrEventData[K]> {
  return (typeof data === 'object' && data !== null ? data : {});
}

const fieldFailure: Translator = (event, ctx) => {
  const data = dataOf<'WFS_EXEE_PTR_FIELDERROR'>(event.data);
  const failure = data.failure === undefined ? undefined : ctx.enums.value('fieldFailure', data.failure);
  if (!failure || typeof data.formName !== 'string' || typeof data.fieldName !== 'string') return { warning: `${event.name} without a known failure` };
  return { payload: { formName: data.formName, fieldName: data.fieldName, failure } };
};

const mediaPresented: Translator = (event) => {
  const data = dataOf<'WFS_EXEE_PTR_MEDIAPRESENTED'>(event.data);
  if (typeof data.wadIndex !== 'number' || typeof data.totalWads !== 'number' || data.wadIndex < 1) return { warning: 'MEDIAPRESENTED without a wad index', refresh: true };
  return { payload: { wadIndex: data.wadIndex, totalWads: data.totalWads }, refresh: true };
};

const mediaTaken: Translator = () => ({ payload: {}, refresh: true });

const paperThreshold: Translator = (event, ctx) => {
  const data = dataOf<'WFS_USRE_PTR_PAPERTHRESHOLD'>(event.data);
  const paperSource = data.paperSource === undefined ? undefined : ctx.enums.flagName('paperSource', data.paperSource);
  const threshold = data.threshold === undefined ? undefined : ctx.enums.value('paperThreshold', data.threshold);
  if (!paperSource || paperSource === 'any' || !threshold) return { warning: 'PAPERTHRESHOLD without a known paper source or threshold', refresh: true };
  return { payload: { paperSource, threshold }, refresh: true };
};

const tonerThreshold: Translator = (event, ctx) => {
  const data = dataOf<'WFS_USRE_PTR_TONERTHRESHOLD'>(event.data);
  const state = data.threshold === undefined ? undefined : ctx.enums.value('tonerThreshold', data.threshold);
  return state ? { payload: { state }, refresh: true } : { warning: 'TONERTHRESHOLD without a known state', refresh: true };
};

const retractBinThreshold: Translator = (event, ctx) => {
  const data = dataOf<'WFS_USRE_PTR_RETRACTBINTHRESHOLD'>(event.data);
  const state = data.state === undefined ? undefined : ctx.enums.value('retractBinThreshold', data.state);
  if (!state || typeof data.binNumber !== 'number' || data.binNumber < 1) return { warning: 'RETRACTBINTHRESHOLD without a known bin or state', refresh: true };
  return { payload: { binNumber: data.binNumber, state }, refresh: true };
};

const mediaDetected: Translator = (event, ctx) => {
  const data = dataOf<'WFS_SRVE_PTR_MEDIADETECTED'>(event.data);
  const position = data.position === undefined ? undefined : ctx.enums.value('mediaDetectedPosition', data.position);
  if (!position) return { warning: 'MEDIADETECTED without a position XFS4IoT knows', refresh: true };
  if (position !== 'retracted') return { payload: { position }, refresh: true };
  const bin = data.retractBinNumber ?? 0;
  return bin >= 1 ? { payload: { position: `unit${bin}` }, refresh: true } : { warning: 'MEDIADETECTED retracted without a bin number', refresh: true };
};

const noMedia: Translator = (event) => {
  const data = dataOf<'WFS_EXEE_PTR_NOMEDIA'>(event.data);
  const payload: JsonObject = data.userPrompt ? { userPrompt: data.userPrompt } : {};
  return { payload };
};

const mediaInserted: Translator = () => ({ payload: {}, refresh: true });

const mediaRejected: Translator = (event, ctx) => {
  const data = dataOf<'WFS_EXEE_PTR_MEDIAREJECTED'>(event.data);
  const reason = data.reason === undefined ? undefined : ctx.enums.value('mediaRejectedReason', data.reason);
  return reason ? { payload: { reason }, refresh: true } : { warning: 'MEDIAREJECTED without a known reason', refresh: true };
};

/** LAMPTHRESHOLD / INKTHRESHOLD: one WORD, as { state }. */
function threshold(table: string): Translator {
  return (event, ctx) => {
    const data = dataOf<'WFS_USRE_PTR_LAMPTHRESHOLD'>(event.data);
    const state = data.threshold === undefined ? undefined : ctx.enums.value(table, data.threshold);
    return state ? { payload: { state }, refresh: true } : { warning: `${event.name} without a known state`, refresh: true };
  };
}

const retractBinStatus: Translator = (event, ctx) => {
  const data = dataOf<'WFS_SRVE_PTR_RETRACTBINSTATUS'>(event.data);
  const state = data.state === undefined ? undefined : ctx.enums.value('retractBinStatus', data.state);
  if (!state || typeof data.binNumber !== 'number' || data.binNumber < 1) return { warning: 'RETRACTBINSTATUS without a known bin or state', refresh: true };
  return { payload: { binNumber: data.binNumber, state }, refresh: true };
};

const definitionLoaded: Translator = (event, ctx) => {
  const data = dataOf<'WFS_SRVE_PTR_DEFINITIONLOADED'>(event.data);
  const type = data.type === undefined ? undefined : ctx.enums.value('definitionType', data.type);
  if (!type || !data.name) return { warning: 'DEFINITIONLOADED without a name or a known type' };
  return { payload: { name: data.name, type } };
};

const mediaAutoRetracted: Translator = (event, ctx) => {
  const data = dataOf<'WFS_SRVE_PTR_MEDIAAUTORETRACTED'>(event.data);
  const result = data.result === undefined ? undefined : ctx.enums.value('autoRetractResult', data.result);
  if (!result) return { warning: 'MEDIAAUTORETRACTED without a known result', refresh: true };
  if (result === 'jammed') return { payload: { result }, refresh: true };
  return { payload: { result: data.binNumber ? `unit${data.binNumber}` : 'transport' }, refresh: true };
};

export const ptrEventTranslators: Record<string, Translator> = {
  fieldFailure, mediaPresented, mediaTaken, paperThreshold, tonerThreshold, retractBinThreshold, mediaDetected,
  noMedia, mediaInserted, mediaRejected, lampThreshold: threshold('lampThreshold'), inkThreshold: threshold('inkThreshold'),
  retractBinStatus, definitionLoaded, mediaAutoRetracted,
};
