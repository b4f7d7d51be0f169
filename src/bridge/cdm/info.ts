// CashDispenser.GetMixTypes, GetPresentStatus and Storage.GetStorage on WFS_INF_CDM_MIX_TYPES,
// PRESENT_STATUS and CASH_UNIT_INFO (+ CURRENCY_EXP).
import type { CommandResult, JsonObject } from '../../xfs4iot/backend.ts';
import type { CdmCapabilities, CdmDenomination, CdmMixType, CdmPresentStatus } from '../../legacy-xfs3/cdm/types.ts';
import { success, type CommandCall } from '../translator.ts';
import { denominationResult } from './denomination.ts';
import { readCashUnits, type CdmDevice } from './device.ts';
import { outputPositionBits } from './dispense.ts';
import { buildStorage } from './storage-units.ts';

type CdmCall = CommandCall<CdmCapabilities, CdmDevice>;

const predefinedAlgorithms = 3;

export async function getMixTypes(call: CdmCall): Promise<CommandResult> {
  const done = await call.getInfo('WFS_INF_CDM_MIX_TYPES');
  if (!done.ok) return call.failure(done);
  const mixes: JsonObject = {};
  for (const mix of (done.data as CdmMixType[] | undefined) ?? []) {
    const type = call.enums.value('mixType', mix.mixType);
    if (!type) continue;
    // Vendor algorithms (sub types above the three predefined ones) keep their number as the name.
    const algorithm = type !== 'algorithm' ? undefined
      : mix.subType <= predefinedAlgorithms ? call.enums.value('mixAlgorithm', mix.subType) ?? undefined : String(mix.subType);
    mixes[`mix${mix.mixNumber}`] = { type, ...(algorithm ? { algorithm } : {}), name: mix.name };
  }
  return success({ mixes });
}

export async function getPresentStatus(call: CdmCall): Promise<CommandResult> {
  let position = outputPositionBits(call, call.payload?.position, 'GetPresentStatus');
  if (typeof position !== 'number') return position;
  // 3.x asks for a concrete position: the default is the dispenser's only one, when it has one.
  const all = call.device.capabilities.positions;
  if (position === 0 && all !== 0 && (all & (all - 1)) === 0) position = all;
  const done = await call.getInfo('WFS_INF_CDM_PRESENT_STATUS', { position });
  if (!done.ok) return call.failure(done);
  const status = done.data as CdmPresentStatus;
  const presentState = call.enums.value('presentState', status.presentState) ?? 'unknown';
  // Where the device no longer knows, the journal may: notes of a movement the previous process did
  // not see end, reported with the device's own 'unknown'.
  const journaled = presentState === 'unknown' ? interruptedDenomination(call) : undefined;
  const denomination = journaled ?? (status.denomination ? denominationResult(status.denomination, call.device.status) : undefined);
  return success({ ...(denomination ? { denomination } : {}), presentState });
}

const DISPENSE = 'WFS_CMD_CDM_DISPENSE';

/** The notes of the latest interrupted Dispense or Present, from the operations journal. */
function interruptedDenomination(call: CdmCall): JsonObject | undefined {
  const op = call.journal?.lastInterrupted([DISPENSE, 'WFS_CMD_CDM_PRESENT']);
  if (op === undefined) return undefined;
  // A Present carries no amounts: they are those of the Dispense before it.
  const dispense = op.xfs3Command === DISPENSE ? op : call.journal?.lastBefore(DISPENSE, op.id);
  if (dispense === undefined) return undefined;
  const taken = dispense.outcome === 'WFS_SUCCESS' ? dispense.result : (dispense.input as { denomination?: unknown } | null)?.denomination;
  return isDenomination(taken) ? denominationResult(taken, call.device.status) : undefined;
}

function isDenomination(value: unknown): value is CdmDenomination {
  const d = value as Partial<CdmDenomination> | null;
  return d !== null && typeof d === 'object' && typeof d.currencyId === 'string' && typeof d.amount === 'number' && Array.isArray(d.values);
}

export async function getStorage(call: CdmCall): Promise<CommandResult> {
  const read = await readCashUnits((category) => call.getInfo(category), call.device.status.exponents);
  if (!read.ok) return call.failure(read);
  return success({ storage: buildStorage({ status: call.device.status.status, ...(read.data as Omit<CdmDevice, 'status'>) }, call.enums) });
}
