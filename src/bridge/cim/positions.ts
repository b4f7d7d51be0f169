// XFS4IoT positions (inCenter, outCenter, ...) as 3.x WFS_CIM_POS* bits, checked against what the
// acceptor has (WFSCIMCAPS.fwPositions); inDefault/outDefault are WFS_CIM_POSNULL, the service's choice.
import type { CommandResult } from '../../xfs4iot/backend.ts';
import { commandError, unsupportedData, type CommandCall } from '../translator.ts';
import type { CimCaps, CimDevice } from './device.ts';

type CimCall = CommandCall<CimCaps, CimDevice>;

export function positionBits(call: CimCall, requested: unknown, side: 'in' | 'out' | 'any', command: string): number | CommandResult {
  const name = typeof requested === 'string' ? requested : side === 'out' ? 'outDefault' : 'inDefault';
  if (name === 'inDefault' || name === 'outDefault') return 0;
  if (side !== 'any' && !name.startsWith(side)) return unsupportedData(`${command}: ${name} is not an ${side === 'in' ? 'input' : 'output'} position`);
  const bit = call.enums.flagBit('position', name);
  if (bit === undefined) return unsupportedData(`${command}: position ${name} is not an XFS 3.x CIM position`);
  if ((call.device.capabilities.positions & bit) === 0) {
    return commandError('unsupportedPosition', `${command}: this XFS 3.x cash acceptor has no position ${name} (WFSCIMCAPS.fwPositions)`);
  }
  return bit;
}
