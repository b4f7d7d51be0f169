// CashDispenser.Denominate, Dispense, Present, Reject, PrepareDispense and Count on WFS_CMD_CDM_DENOMINATE,
// DISPENSE (never with bPresent: XFS4IoT presents with its own command), PRESENT, REJECT,
// PREPARE_DISPENSE and COUNT.
import type { CommandResult, JsonObject } from '../../xfs4iot/backend.ts';
import type { CdmCapabilities, CdmCountedUnit, CdmDenomination } from '../../legacy-xfs3/cdm/types.ts';
import { commandError, compact, success, unsupportedData, type CommandCall } from '../translator.ts';
import { denominationResult, parseDenominationRequest } from './denomination.ts';
import { unitId, type CdmDevice } from './device.ts';
import { positionName } from './status.ts';

type CdmCall = CommandCall<CdmCapabilities, CdmDevice>;

/** An XFS4IoT output position as the 3.x position bits, or the completion refusing it. */
export function outputPositionBits(call: CdmCall, requested: unknown, command: string): number | CommandResult {
  const name = typeof requested === 'string' ? requested : 'outDefault';
  if (name === 'outDefault') return 0;
  const bit = call.enums.flagBit('outputPosition', name);
  if (bit === undefined) return unsupportedData(`${command}: position ${name} is not an XFS 3.x CDM output position`);
  if ((call.device.capabilities.positions & bit) === 0) {
    return commandError('unsupportedPosition', `${command}: this XFS 3.x dispenser has no output position ${name} (WFSCDMCAPS.fwPositions)`);
  }
  return bit;
}

export async function denominate(call: CdmCall): Promise<CommandResult> {
  const parsed = parseDenominationRequest((call.payload?.request ?? {}) as JsonObject, call.device.status, call.device.capabilities, 'Denominate');
  if (!parsed.ok) return parsed.result;
  const done = await call.execute('WFS_CMD_CDM_DENOMINATE', parsed.input);
  if (!done.ok) return call.failure(done);
  return success({ result: denominationResult(done.data as CdmDenomination, call.device.status) });
}

export async function dispense(call: CdmCall): Promise<CommandResult> {
  if (call.payload?.token !== undefined) return unsupportedData('Dispense: an XFS 3.x dispenser cannot verify end-to-end security tokens');
  const position = outputPositionBits(call, call.payload?.position, 'Dispense');
  if (typeof position !== 'number') return position;
  const parsed = parseDenominationRequest((call.payload?.denomination ?? {}) as JsonObject, call.device.status, call.device.capabilities, 'Dispense');
  if (!parsed.ok) return parsed.result;
  const done = await call.execute('WFS_CMD_CDM_DISPENSE', { ...parsed.input, position, present: false });
  if (!done.ok) return call.failure(done);
  return success({ denomination: denominationResult(done.data as CdmDenomination, call.device.status) });
}

export async function present(call: CdmCall): Promise<CommandResult> {
  const position = outputPositionBits(call, call.payload?.position, 'Present');
  if (typeof position !== 'number') return position;
  const done = await call.execute('WFS_CMD_CDM_PRESENT', { position });
  if (!done.ok) return call.failure(done);
  const all = call.device.capabilities.positions;
  // The default position of a dispenser with a single output position is that position.
  const shown = position === 0 && all !== 0 && (all & (all - 1)) === 0 ? all : position;
  const name = shown === 0 ? 'outDefault' : positionName(shown, call.enums);
  // XFS 3.x does not say whether more bunches wait in the stacker.
  return success({ position: { position: name ?? 'outDefault', additionalBunches: 'unknown' } });
}

export async function reject(call: CdmCall): Promise<CommandResult> {
  const done = await call.execute('WFS_CMD_CDM_REJECT', undefined);
  return done.ok ? success() : call.failure(done);
}

const PREPARE = { start: 1, stop: 2 } as const;

/** CashDispenser.PrepareDispense on WFS_CMD_CDM_PREPARE_DISPENSE (3.20): spin the dispenser up before a dispense, or down. */
export async function prepareDispense(call: CdmCall): Promise<CommandResult> {
  if (call.device.capabilities.prepareDispense !== true) return { completionCode: 'unsupportedCommand', errorDescription: 'PrepareDispense: this XFS 3.x dispenser cannot prepare a dispense (WFSCDMCAPS.bPrepareDispense)' };
  const action = PREPARE[String(call.payload?.action) as keyof typeof PREPARE];
  const done = await call.execute('WFS_CMD_CDM_PREPARE_DISPENSE', { action });
  return done.ok ? success() : call.failure(done);
}

/**
 * CashDispenser.Count on WFS_CMD_CDM_COUNT: empties one unit (by its physical position) or every
 * unit, counting the notes; each counted physical unit reports on the logical unit it belongs to.
 */
export async function count(call: CdmCall): Promise<CommandResult> {
  const p = call.payload ?? {};
  const position = outputPositionBits(call, p.position, 'Count');
  if (typeof position !== 'number') return position;
  let physicalPositionName: string | undefined;
  if (typeof p.unit === 'string') {
    const unit = call.device.status.cashUnits.find((u) => unitId(u) === p.unit);
    physicalPositionName = unit?.physical[0]?.physicalPositionName;
    if (!unit || !physicalPositionName) return commandError('cashUnitError', `Count: this dispenser has no storage unit ${p.unit}`);
  }
  const done = await call.execute('WFS_CMD_CDM_COUNT', { emptyAll: physicalPositionName === undefined, position, ...(physicalPositionName ? { physicalPositionName } : {}) });
  if (!done.ok) return call.failure(done);
  const countedCashUnits: JsonObject = {};
  for (const counted of (done.data as CdmCountedUnit[] | undefined) ?? []) {
    const unit = call.device.status.cashUnits.find((u) => u.physical.some((ph) => ph.physicalPositionName === counted.physicalPositionName));
    if (!unit) continue;
    const [status, replenishmentStatus] = call.enums.value<[string, string]>('usStatus', counted.status) ?? ['inoperative', 'ok'];
    countedCashUnits[unitId(unit)] = compact({
      dispensed: counted.dispensed > 0 ? counted.dispensed : undefined, counted: counted.counted > 0 ? counted.counted : undefined,
      replenishmentStatus, status,
    });
  }
  await call.refresh();
  return success({ countedCashUnits });
}
