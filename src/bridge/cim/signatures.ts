// CashAcceptor.CreateSignature / CompareSignature (WFS_CMD_CIM_CREATE_P6_SIGNATURE, 3.00;
// WFS_CMD_CIM_COMPARE_P6_SIGNATURE, 3.10) and CashManagement.GetItemInfo (WFS_INF_CIM_GET_ITEM_INFO,
// 3.10) with InfoAvailableEvent (WFS_EXEE_CIM_INFO_AVAILABLE). 3.x sorts notes into levels 1
// (not recognised) .. 4 (genuine); XFS4IoT names them unrecognized, counterfeit, suspect and fit.
import type { CommandResult, JsonObject } from '../../xfs4iot/backend.ts';
import type { CimItemInfo, CimP6Signature } from '../../legacy-xfs3/cim/types.ts';
import { fromBase64, toBase64 } from '../binary.ts';
import type { EventTranslator } from '../event-types.ts';
import { compact, invalidData, success, unsupportedCommand, unsupportedData, type CommandCall } from '../translator.ts';
import { cashItemName, noteIdOf, type CimCaps, type CimDevice } from './device.ts';
import { requireVersion } from './units.ts';

type CimCall = CommandCall<CimCaps, CimDevice>;

function signaturePayload(call: CimCall, s: CimP6Signature): JsonObject {
  return compact({
    noteType: cashItemName(s.noteId, call.device.status),
    orientation: call.enums.value('orientation', s.orientation) ?? undefined,
    signature: s.signature.length > 0 ? toBase64(s.signature) : undefined,
  });
}

export async function createSignature(call: CimCall): Promise<CommandResult> {
  const done = await call.execute('WFS_CMD_CIM_CREATE_P6_SIGNATURE', undefined);
  if (!done.ok) return call.failure(done);
  return success(signaturePayload(call, done.data as CimP6Signature));
}

function signatureInput(call: CimCall, raw: unknown, field: string): CimP6Signature | CommandResult {
  const s = (raw ?? {}) as JsonObject;
  let noteId = 0;
  if (typeof s.noteType === 'string') {
    const id = noteIdOf(s.noteType, call.device.status);
    if (id === undefined) return invalidData(`CompareSignature: ${field}.noteType ${s.noteType} is not a note type of this XFS 3.x cash acceptor (WFS_INF_CIM_BANKNOTE_TYPES)`);
    noteId = id;
  }
  const orientation = call.enums.code('orientationInput', typeof s.orientation === 'string' ? s.orientation : 'unknown');
  if (typeof orientation !== 'number') return invalidData(`CompareSignature: ${field}.orientation ${String(s.orientation)} is not an orientation`);
  const signature = typeof s.signature === 'string' ? fromBase64(s.signature) : undefined;
  if (!signature || signature.length === 0) return invalidData(`CompareSignature: ${field}.signature must be base64 data`);
  return { noteId, orientation, signature };
}

export async function compareSignature(call: CimCall): Promise<CommandResult> {
  const old = requireVersion(call, 310, 'WFS_CMD_CIM_COMPARE_P6_SIGNATURE');
  if (old) return old;
  if (call.device.capabilities.compareSignatures === false) return unsupportedCommand('CompareSignature: this XFS 3.x cash acceptor cannot compare signatures (WFSCIMCAPS.bCompareSignatures false)');
  const lists: Record<'references' | 'signatures', CimP6Signature[]> = { references: [], signatures: [] };
  for (const [key, field] of [['references', 'referenceSignatures'], ['signatures', 'signatures']] as const) {
    const given = call.payload?.[field];
    if (!Array.isArray(given) || given.length === 0) return invalidData(`CompareSignature: ${field} must hold at least one signature`);
    for (const [i, raw] of given.entries()) {
      const s = signatureInput(call, raw, `${field}[${i}]`);
      if ('completionCode' in s) return s;
      lists[key].push(s);
    }
  }
  const done = await call.execute('WFS_CMD_CIM_COMPARE_P6_SIGNATURE', lists);
  if (!done.ok) return call.failure(done);
  const signaturesIndex = ((done.data as { index: number; confidenceLevel: number; comparisonData: Buffer }[] | undefined) ?? []).map((x) => compact({
    index: x.index,
    confidenceLevel: Math.min(100, x.confidenceLevel),
    // Vendor data: 3.x gives bytes (lpComparisonData), XFS4IoT a string; base64 keeps every byte.
    comparisonData: x.comparisonData.length > 0 ? toBase64(x.comparisonData) : undefined,
  }));
  return success(signaturesIndex.length > 0 ? { signaturesIndex } : {});
}

export async function getItemInfo(call: CimCall): Promise<CommandResult> {
  const old = requireVersion(call, 310, 'WFS_INF_CIM_GET_ITEM_INFO');
  if (old) return old;
  const items = (call.payload?.items ?? {}) as JsonObject;
  const levelName = typeof items.level === 'string' ? items.level : undefined;
  if (!levelName) return invalidData('GetItemInfo: items.level is required (XFS 3.x reads the items of one level, WFSCIMGETITEMINFO.usLevel)');
  const level = call.enums.code('itemLevelInput', levelName);
  if (typeof level !== 'number') return unsupportedData(`GetItemInfo: items.level ${levelName}: XFS 3.x sorts notes into levels 1 to 4 (unrecognized, counterfeit, suspect, fit); it keeps no ${levelName} level`);
  if (typeof items.index !== 'number') return invalidData('GetItemInfo: items.index is required (XFS 3.x reads one item at a time, WFSCIMGETITEMINFO.usIndex)');
  const types = (call.payload?.itemInfoType ?? {}) as JsonObject;
  if (types.image === true) return unsupportedData('GetItemInfo: itemInfoType.image: XFS 3.x gives an image file name on the service provider\'s machine (lpszImageFileName), not the image');
  let bits = call.enums.bitsOf('itemInfoTypes', ['serialNumber', 'signature'].filter((k) => types[k] === true));
  if (bits === 0) bits = (call.device.capabilities.itemInfoTypes ?? 3) & 3;
  const done = await call.getInfo('WFS_INF_CIM_GET_ITEM_INFO', { level, index: items.index, itemInfoType: bits });
  if (!done.ok) return call.failure(done);
  const itemsList = ((done.data as CimItemInfo[] | undefined) ?? []).map((item) => compact({
    noteType: cashItemName(item.noteId, call.device.status),
    level: levelName,
    serialNumber: item.serialNumber ?? undefined,
    ...(item.signature ? { orientation: call.enums.value('orientation', item.signature.orientation) ?? undefined, signature: item.signature.signature.length > 0 ? toBase64(item.signature.signature) : undefined } : {}),
  }));
  return success(itemsList.length > 0 ? { itemsList } : {});
}

export const infoAvailable: EventTranslator<CimCaps, CimDevice> = (event, ctx) => {
  const list = event.data as { level: number; numOfItems: number }[] | undefined;
  if (!Array.isArray(list)) return { warning: 'INFO_AVAILABLE without its WFSCIMITEMINFOSUMMARY list' };
  const itemInfoSummary = list.filter((x) => x.numOfItems > 0).flatMap((x) => {
    const level = ctx.enums.value('itemLevel', x.level);
    return level ? [{ level, numOfItems: x.numOfItems }] : [];
  });
  return { payload: { itemInfoSummary } };
};
