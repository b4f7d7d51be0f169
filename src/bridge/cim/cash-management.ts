// CashManagement.Retract, Reset, OpenShutter and CloseShutter of a cash acceptor on WFS_CMD_CIM_RETRACT,
// RESET, OPEN_SHUTTER and CLOSE_SHUTTER. XFS 3.x reports no counts in these completions: the status
// read after the command announces the changed units as Storage.StorageChangedEvent.
import type { CommandResult, JsonObject } from '../../xfs4iot/backend.ts';
import { commandError, invalidData, success, unsupportedCommand, unsupportedData, type CommandCall } from '../translator.ts';
import { unitId, type CimCaps, type CimDevice } from './device.ts';
import { positionBits } from './positions.ts';

type CimCall = CommandCall<CimCaps, CimDevice>;

/** XFS4IoT retract area -> WFS_CIM_RA_* bit, checked against WFSCIMCAPS.fwRetractAreas. */
function retractAreaBit(call: CimCall, area: string, command: string): number | CommandResult {
  const bit = call.enums.flagBit('retractTarget', area);
  if (bit === undefined) return unsupportedData(`${command}: retract area ${area} has no XFS 3.x CIM counterpart`);
  if ((call.device.capabilities.retractAreas & bit) === 0) return commandError('notRetractArea', `${command}: this XFS 3.x cash acceptor cannot retract to ${area} (WFSCIMCAPS.fwRetractAreas)`);
  return bit;
}

export async function retract(call: CimCall): Promise<CommandResult> {
  const location = (call.payload?.location ?? {}) as JsonObject;
  const area = retractAreaBit(call, typeof location.retractArea === 'string' ? location.retractArea : 'retract', 'Retract');
  if (typeof area !== 'number') return area;
  const position = positionBits(call, location.outputPosition, 'out', 'Retract');
  if (typeof position !== 'number') return position;
  const index = typeof location.index === 'number' ? location.index : 1;
  const done = await call.execute('WFS_CMD_CIM_RETRACT', { outputPosition: position, retractArea: area, index });
  return done.ok ? success() : call.failure(done);
}

const retractTargets = new Set(['retract', 'transport', 'stacker', 'reject', 'itemCassette', 'cashIn']);

export async function reset(call: CimCall): Promise<CommandResult> {
  const target = call.payload?.position as JsonObject | undefined;
  if (!target) {
    const done = await call.execute('WFS_CMD_CIM_RESET', undefined);
    return done.ok ? success() : call.failure(done);
  }
  const kind = typeof target.target === 'string' ? target.target : target.unit !== undefined ? 'singleUnit' : 'outDefault';
  let data: { number: number; retractArea: { outputPosition: number; retractArea: number; index: number } | null; outputPosition: number };
  if (kind === 'singleUnit') {
    const unit = call.device.status.cashUnits.find((candidate) => unitId(candidate) === target.unit);
    if (!unit) return commandError('invalidCashUnit', `Reset: no cash unit ${String(target.unit)}`);
    data = { number: unit.number, retractArea: null, outputPosition: 0 };
  } else if (retractTargets.has(kind)) {
    const area = retractAreaBit(call, kind, 'Reset');
    if (typeof area !== 'number') return area;
    data = { number: 0, retractArea: { outputPosition: 0, retractArea: area, index: typeof target.index === 'number' ? target.index : 1 }, outputPosition: 0 };
  } else if (kind.startsWith('out')) {
    const position = positionBits(call, kind, 'out', 'Reset');
    if (typeof position !== 'number') return position;
    data = { number: 0, retractArea: null, outputPosition: position };
  } else {
    return invalidData(`Reset: ${kind} is no target of an XFS 3.x cash acceptor`);
  }
  const done = await call.execute('WFS_CMD_CIM_RESET', data);
  return done.ok ? success() : call.failure(done);
}

async function shutter(call: CimCall, command: 'WFS_CMD_CIM_OPEN_SHUTTER' | 'WFS_CMD_CIM_CLOSE_SHUTTER', name: string): Promise<CommandResult> {
  if (!call.device.capabilities.shutterControl) return unsupportedCommand(`${name}: the XFS 3.x cash acceptor controls its shutters itself (WFSCIMCAPS.bShutterControl false)`);
  const position = positionBits(call, call.payload?.position, 'any', name);
  if (typeof position !== 'number') return position;
  const done = await call.execute(command, { position });
  return done.ok ? success() : call.failure(done);
}

export const openShutter = (call: CimCall) => shutter(call, 'WFS_CMD_CIM_OPEN_SHUTTER', 'OpenShutter');
export const closeShutter = (call: CimCall) => shutter(call, 'WFS_CMD_CIM_CLOSE_SHUTTER', 'CloseShutter');
