// The intelligent contactless (EMV) commands on WFS_CMD_IDC_EMVCLESS_* and
// WFS_INF_IDC_EMVCLESS_QUERY_APPLICATIONS.
import type { CommandResult, JsonObject, JsonValue } from '../../xfs4iot/backend.ts';
import type {
  IdcAidData, IdcAppData, IdcCapabilities, IdcEmvClessOutcome, IdcEmvClessTxOutput, IdcEmvClessUi, IdcKeyData, IdcStatus,
} from '../../legacy-xfs3/idc/types.ts';
import { fromBase64, toBase64 } from '../binary.ts';
import type { EnumTables } from '../enums.ts';
import { compact, invalidData, success, unsupportedCommand, type CommandCall } from '../translator.ts';

type IdcCall = CommandCall<IdcCapabilities, IdcStatus>;

// The EMV contactless commands came with IDC 3.30; whether the reader has a kernel, the service
// provider says (WFS_ERR_UNSUPP_COMMAND maps to unsupportedCommand with the reason).
function requireIntelligent(call: IdcCall): CommandResult | undefined {
  const { major, minor, text } = call.device.version;
  return major > 3 || (major === 3 && minor >= 30)
    ? undefined
    : unsupportedCommand(`${call.name}: EMV contactless needs an XFS 3.30 IDC service; this one is ${text}`);
}

function optionalBytes(value: JsonValue | undefined): Buffer | undefined | null {
  if (value === undefined || value === null) return Buffer.alloc(0);
  return typeof value === 'string' ? fromBase64(value) ?? null : null;
}

export function clessUi(ui: IdcEmvClessUi | null | undefined, enums: EnumTables): JsonObject | undefined {
  if (!ui) return undefined;
  const currency = Number.parseInt(ui.currencyCode, 10);
  return compact({
    messageId: ui.messageId,
    status: enums.value('clessUiStatus', ui.status) ?? undefined,
    holdTime: ui.holdTime,
    valueDetails: ui.value ? compact({
      qualifier: enums.value('clessValueQualifier', ui.valueQualifier) ?? undefined,
      value: ui.value,
      currencyCode: Number.isInteger(currency) ? currency : undefined,
    }) : undefined,
    languagePreferenceData: ui.languagePreferenceData || undefined,
  });
}

function outcome(value: IdcEmvClessOutcome | null, enums: EnumTables): JsonObject | undefined {
  if (!value) return undefined;
  return compact({
    cvm: enums.value('clessCvm', value.cvm) ?? undefined,
    alternateInterface: enums.value('clessAlternateInterface', value.alternateInterface) ?? undefined,
    receipt: value.receipt,
    uiOutcome: clessUi(value.uiOutcome, enums),
    uiRestart: clessUi(value.uiRestart, enums),
    fieldOffHoldTime: value.fieldOffHoldTime,
    cardRemovalTimeout: value.cardRemovalTimeoutValue,
    discretionaryData: value.discretionaryData.length > 0 ? toBase64(value.discretionaryData) : undefined,
  });
}

function txOutput(value: IdcEmvClessTxOutput, enums: EnumTables, withCardholderAction: boolean): JsonObject {
  return compact({
    txOutcome: enums.value('clessTxOutcome', value.txOutcome) ?? undefined,
    cardholderAction: withCardholderAction ? enums.value('clessCardholderAction', value.cardholderAction) ?? undefined : undefined,
    dataRead: value.dataRead.length > 0 ? toBase64(value.dataRead) : undefined,
    clessOutcome: outcome(value.outcome, enums),
  });
}

export async function emvClessQueryApplications(call: IdcCall): Promise<CommandResult> {
  const refused = requireIntelligent(call);
  if (refused) return refused;
  const done = await call.getInfo('WFS_INF_IDC_EMVCLESS_QUERY_APPLICATIONS');
  if (!done.ok) return call.failure(done);
  const apps = (done.data as IdcAppData[] | undefined) ?? [];
  return success(apps.length > 0 ? {
    appData: apps.map((app) => compact({ aid: toBase64(app.aid), kernelIdentifier: app.kernelIdentifier.length > 0 ? toBase64(app.kernelIdentifier) : undefined })),
  } : undefined);
}

export async function emvClessConfigure(call: IdcCall): Promise<CommandResult> {
  const refused = requireIntelligent(call);
  if (refused) return refused;
  const payload = call.payload ?? {};
  const terminalData = optionalBytes(payload.terminalData);
  if (!terminalData) return invalidData('EMVClessConfigure: terminalData is not base64');
  const aids: IdcAidData[] = [];
  for (const [index, raw] of (Array.isArray(payload.aidData) ? payload.aidData : []).entries()) {
    const aid = raw as JsonObject;
    const fields = [optionalBytes(aid.aid), optionalBytes(aid.kernelIdentifier), optionalBytes(aid.configData)];
    if (fields.some((field) => !field)) return invalidData(`EMVClessConfigure: aidData[${index}] has data that is not base64`);
    const [aidBytes, kernelIdentifier, configData] = fields as Buffer[];
    aids.push({ aid: aidBytes, partialSelection: aid.partialSelection === true, transactionType: Number(aid.transactionType ?? 0), kernelIdentifier, configData });
  }
  const keys: IdcKeyData[] = [];
  for (const [index, raw] of (Array.isArray(payload.keyData) ? payload.keyData : []).entries()) {
    const key = raw as JsonObject;
    const ca = (key.caPublicKey ?? {}) as JsonObject;
    const fields = [optionalBytes(key.rid), optionalBytes(ca.exponent), optionalBytes(ca.modulus), optionalBytes(ca.checksum)];
    if (fields.some((field) => !field)) return invalidData(`EMVClessConfigure: keyData[${index}] has data that is not base64`);
    const [rid, exponent, modulus, checksum] = fields as Buffer[];
    keys.push({ rid, caPublicKeyIndex: Number(ca.index ?? 0), algorithmIndicator: Number(ca.algorithmIndicator ?? 0), exponent, modulus, checksum });
  }
  const done = await call.execute('WFS_CMD_IDC_EMVCLESS_CONFIGURE', { terminalData, aids, keys });
  return done.ok ? success() : call.failure(done);
}

export async function emvClessPerformTransaction(call: IdcCall): Promise<CommandResult> {
  const refused = requireIntelligent(call);
  if (refused) return refused;
  const data = optionalBytes(call.payload?.data);
  if (!data) return invalidData('EMVClessPerformTransaction: data is not base64');
  const done = await call.execute('WFS_CMD_IDC_EMVCLESS_PERFORM_TRANSACTION', { data });
  if (!done.ok) return call.failure(done);
  const out: JsonObject = {};
  for (const item of (done.data as IdcEmvClessTxOutput[] | undefined) ?? []) {
    const source = call.enums.flagName('dataSource', item.dataSource);
    if (source === 'chip' || source === 'track1' || source === 'track2' || source === 'track3') out[source] = txOutput(item, call.enums, true);
    else call.warn('EMVCLESS_PERFORM_TRANSACTION returned an unexpected data source', { dataSource: item.dataSource });
  }
  return success(out);
}

export async function emvClessIssuerUpdate(call: IdcCall): Promise<CommandResult> {
  const refused = requireIntelligent(call);
  if (refused) return refused;
  const data = optionalBytes(call.payload?.data);
  if (!data) return invalidData('EMVClessIssuerUpdate: data is not base64');
  const done = await call.execute('WFS_CMD_IDC_EMVCLESS_ISSUERUPDATE', { data });
  if (!done.ok) return call.failure(done);
  const item = done.data as IdcEmvClessTxOutput | null | undefined;
  return success(item ? { chip: txOutput(item, call.enums, false) } : undefined);
}
