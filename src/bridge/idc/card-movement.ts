// CardReader.Move and CardReader.Reset on WFS_CMD_IDC_EJECT_CARD, RETAIN_CARD, PARK_CARD and RESET,
// limited to what the 3.x service says it can do (fwEjectPosition, usParkingStations, the retain bin).
import type { CommandResult } from '../../xfs4iot/backend.ts';
import type { IdcCapabilities, IdcStatus } from '../../legacy-xfs3/idc/types.ts';
import { success, unsupportedData, commandError, type CommandCall } from '../translator.ts';
import { hasRetainBin, parkStationOf, retainUnitId } from './status.ts';

type IdcCall = CommandCall<IdcCapabilities, IdcStatus>;

const parkIn = 1;
const parkOut = 2;

function knownPark(call: IdcCall, unit: string): number | undefined {
  const station = parkStationOf(unit);
  return station !== undefined && station < (call.device.capabilities.parkingStations ?? 0) ? station : undefined;
}

async function eject(call: IdcCall, position: 'exit' | 'transport'): Promise<CommandResult> {
  const caps = call.device.capabilities;
  const bit = call.enums.flagBit('ejectPosition', position) ?? 0;
  if (caps.ejectPosition === undefined) {
    if (position === 'transport') return unsupportedData('Move: this XFS 3.x service (before 3.20) can only eject to the exit');
    const done = await call.execute('WFS_CMD_IDC_EJECT_CARD', undefined);
    return done.ok ? success() : call.failure(done);
  }
  if ((caps.ejectPosition & bit) === 0) return unsupportedData(`Move: the XFS 3.x service cannot move a card to ${position} (WFSIDCCAPS.fwEjectPosition)`);
  const done = await call.execute('WFS_CMD_IDC_EJECT_CARD', { ejectPosition: bit });
  return done.ok ? success() : call.failure(done);
}

export async function move(call: IdcCall): Promise<CommandResult> {
  const from = typeof call.payload?.from === 'string' ? call.payload.from : 'transport';
  const to = typeof call.payload?.to === 'string' ? call.payload.to : 'exit';
  const fromPark = knownPark(call, from);
  const toPark = knownPark(call, to);
  if (from.startsWith('unit') && fromPark === undefined) {
    return from === retainUnitId
      ? unsupportedData('Move: cards cannot be taken out of the retain bin')
      : commandError('noMedia', `Move: no storage unit ${from}`);
  }
  if (fromPark !== undefined) {
    if (to !== 'transport' && to !== 'exit') return unsupportedData('Move: a parked card can only be moved to the transport or the exit');
    const done = await call.execute('WFS_CMD_IDC_PARK_CARD', { direction: parkOut, parkingStation: fromPark });
    if (!done.ok) return call.failure(done);
    return to === 'exit' ? eject(call, 'exit') : success();
  }
  if (to === 'exit' || to === 'transport') {
    if (from === 'exit' && to === 'transport') return unsupportedData('Move: XFS 3.x cannot draw a card from the exit back into the transport');
    return eject(call, to);
  }
  if (to === retainUnitId) {
    if (!hasRetainBin(call.device.status, call.enums)) return unsupportedData('Move: the XFS 3.x service has no retain bin');
    const done = await call.execute('WFS_CMD_IDC_RETAIN_CARD', undefined);
    return done.ok ? success() : call.failure(done);
  }
  if (toPark !== undefined) {
    const done = await call.execute('WFS_CMD_IDC_PARK_CARD', { direction: parkIn, parkingStation: toPark });
    return done.ok ? success() : call.failure(done);
  }
  return unsupportedData(`Move: no storage unit ${to} that can take a card`);
}

export async function reset(call: IdcCall): Promise<CommandResult> {
  const to = typeof call.payload?.to === 'string' ? call.payload.to : 'auto';
  const storageId = call.payload?.storageId;
  if (typeof storageId === 'string' && storageId !== retainUnitId) {
    return unsupportedData(`Reset: the XFS 3.x service retains cards only into ${retainUnitId}, not ${storageId}`);
  }
  const action = call.enums.code('resetTo', to);
  if (typeof action !== 'number') return unsupportedData(`Reset: to '${to}' has no XFS 3.x counterpart`);
  if (to === 'retain' && !hasRetainBin(call.device.status, call.enums)) return unsupportedData('Reset: the XFS 3.x service has no retain bin');
  const done = await call.execute('WFS_CMD_IDC_RESET', { action });
  return done.ok ? success() : call.failure(done);
}
