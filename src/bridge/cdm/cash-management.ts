// CashManagement.Retract, Reset, OpenShutter and CloseShutter on WFS_CMD_CDM_RETRACT, RESET,
// OPEN_SHUTTER and CLOSE_SHUTTER, CashDispenser.TestCashUnits on WFS_CMD_CDM_TEST_CASH_UNITS and
// CashManagement.CalibrateCashUnit on WFS_CMD_CDM_CALIBRATE_CASH_UNIT. XFS 3.x reports no counts in these completions: the status read
// after the command announces the changed units as Storage.StorageChangedEvent.
import type { CommandResult, JsonObject } from '../../xfs4iot/backend.ts';
import type { CdmCalibrate, CdmCapabilities, CdmItemTarget } from '../../legacy-xfs3/cdm/types.ts';
import { commandError, invalidData, success, unsupportedCommand, unsupportedData, type CommandCall } from '../translator.ts';
import { unitId, type CdmDevice } from './device.ts';
import { outputPositionBits } from './dispense.ts';
import { positionName } from './status.ts';

type CdmCall = CommandCall<CdmCapabilities, CdmDevice>;

/** XFS4IoT retract area -> WFS_CDM_RA_* bit, checked against WFSCDMCAPS.fwRetractAreas. */
function retractAreaBit(call: CdmCall, area: string, command: string): number | CommandResult {
  if (area === 'cashIn') return unsupportedData(`${command}: an XFS 3.x dispenser has no cash-in retract area`);
  const bit = call.enums.flagBit('retractAreas', area);
  if (bit === undefined) return unsupportedData(`${command}: retract area ${area} has no XFS 3.x counterpart`);
  if ((call.device.capabilities.retractAreas & bit) === 0) return commandError('notRetractArea', `${command}: this XFS 3.x dispenser cannot retract to ${area} (WFSCDMCAPS.fwRetractAreas)`);
  return bit;
}

export async function retract(call: CdmCall): Promise<CommandResult> {
  const location = (call.payload?.location ?? {}) as JsonObject;
  const area = retractAreaBit(call, typeof location.retractArea === 'string' ? location.retractArea : 'retract', 'Retract');
  if (typeof area !== 'number') return area;
  const position = outputPositionBits(call, location.outputPosition, 'Retract');
  if (typeof position !== 'number') return position;
  const index = typeof location.index === 'number' ? location.index : 1;
  const done = await call.execute('WFS_CMD_CDM_RETRACT', { outputPosition: position, retractArea: area, index });
  return done.ok ? success() : call.failure(done);
}

const retractTargets = new Set(['retract', 'transport', 'stacker', 'reject', 'itemCassette', 'cashIn']);

type ItemTarget = CdmItemTarget;

/** CashManagement.ItemTarget (Reset, TestCashUnits) as WFSCDMITEMPOSITION. */
function itemTarget(call: CdmCall, target: JsonObject, command: string): ItemTarget | CommandResult {
  const kind = typeof target.target === 'string' ? target.target : target.unit !== undefined ? 'singleUnit' : 'outDefault';
  if (kind === 'singleUnit') {
    const unit = call.device.status.cashUnits.find((candidate) => unitId(candidate) === target.unit);
    if (!unit) return commandError('invalidCashUnit', `${command}: no cash unit ${String(target.unit)}`);
    return { number: unit.number, retractArea: null, outputPosition: 0 };
  }
  if (retractTargets.has(kind)) {
    const area = retractAreaBit(call, kind, command);
    if (typeof area !== 'number') return area;
    return { number: 0, retractArea: { outputPosition: 0, retractArea: area, index: typeof target.index === 'number' ? target.index : 1 }, outputPosition: 0 };
  }
  if (kind.startsWith('out')) {
    const position = outputPositionBits(call, kind, command);
    if (typeof position !== 'number') return position;
    return { number: 0, retractArea: null, outputPosition: position };
  }
  return invalidData(`${command}: unknown target ${kind}`);
}

export async function reset(call: CdmCall): Promise<CommandResult> {
  const target = call.payload?.position as JsonObject | undefined;
  const data = target ? itemTarget(call, target, 'Reset') : undefined;
  if (data && 'completionCode' in data) return data;
  const done = await call.execute('WFS_CMD_CDM_RESET', data);
  return done.ok ? success() : call.failure(done);
}

/** One item from every cash unit to the target (by default where the device puts test items). */
export async function testCashUnits(call: CdmCall): Promise<CommandResult> {
  const target = call.payload?.target as JsonObject | undefined;
  const data = target ? itemTarget(call, target, 'TestCashUnits') : undefined;
  if (data && 'completionCode' in data) return data;
  const done = await call.execute('WFS_CMD_CDM_TEST_CASH_UNITS', data);
  await call.refresh();
  return done.ok ? success() : call.failure(done);
}

/** WFSCDMITEMPOSITION as a CashManagement.ItemTarget, or undefined when it names nothing XFS4IoT knows. */
function targetOf(call: CdmCall, where: CdmItemTarget): JsonObject | undefined {
  if (where.number > 0) return { target: 'singleUnit', unit: unitId(where) };
  if (where.retractArea) {
    const target = call.enums.flagName('retractAreas', where.retractArea.retractArea);
    return target ? { target, ...(where.retractArea.index > 0 ? { index: where.retractArea.index } : {}) } : undefined;
  }
  const position = positionName(where.outputPosition, call.enums);
  return position ? { target: position } : undefined;
}

/** numOfBills from the unit to the position (none given: where the device puts calibration notes). */
export async function calibrateCashUnit(call: CdmCall): Promise<CommandResult> {
  const unit = call.device.status.cashUnits.find((candidate) => unitId(candidate) === call.payload?.unit);
  if (!unit) return commandError('invalidCashUnit', `CalibrateCashUnit: no cash unit ${String(call.payload?.unit)}`);
  const numOfBills = typeof call.payload?.numOfBills === 'number' ? call.payload.numOfBills : 1;
  if (numOfBills > 0xffff) return unsupportedData('CalibrateCashUnit: XFS 3.x moves at most 65535 notes (usNumOfBills)');
  const target = call.payload?.position as JsonObject | undefined;
  const position = target ? itemTarget(call, target, 'CalibrateCashUnit') : null;
  if (position && 'completionCode' in position) return position;
  const done = await call.execute('WFS_CMD_CDM_CALIBRATE_CASH_UNIT', { number: unit.number, numOfBills, position });
  await call.refresh();
  if (!done.ok) return call.failure(done);
  const result = done.data as CdmCalibrate;
  const where = result.position ? targetOf(call, result.position) : undefined;
  return success({ result: { unit: unitId(result), numOfBills: result.numOfBills, ...(where ? { position: where } : {}) } });
}

async function shutter(call: CdmCall, command: 'WFS_CMD_CDM_OPEN_SHUTTER' | 'WFS_CMD_CDM_CLOSE_SHUTTER', name: string): Promise<CommandResult> {
  if (!call.device.capabilities.shutterControl) return unsupportedCommand(`${name}: the XFS 3.x dispenser controls its shutter itself (WFSCDMCAPS.bShutterControl false)`);
  const requested = call.payload?.position;
  if (typeof requested === 'string' && requested.startsWith('in')) return commandError('unsupportedPosition', `${name}: an XFS 3.x dispenser has no input position`);
  const position = outputPositionBits(call, requested, name);
  if (typeof position !== 'number') return position;
  const done = await call.execute(command, { position });
  return done.ok ? success() : call.failure(done);
}

export const openShutter = (call: CdmCall) => shutter(call, 'WFS_CMD_CDM_OPEN_SHUTTER', 'OpenShutter');
export const closeShutter = (call: CdmCall) => shutter(call, 'WFS_CMD_CDM_CLOSE_SHUTTER', 'CloseShutter');
