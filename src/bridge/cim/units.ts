// Helpers the CIM translators share: the cash unit an XFS4IoT storage id names, and the XFS 3.x
// version a command came with.
import type { CommandResult } from '../../xfs4iot/backend.ts';
import type { CimCashUnit } from '../../legacy-xfs3/cim/types.ts';
import { invalidData, unsupportedCommand, type CommandCall } from '../translator.ts';
import { unitId, type CimCaps, type CimDevice } from './device.ts';

type CimCall = CommandCall<CimCaps, CimDevice>;

/** The 3.x cash unit of a storage id (unit<usNumber>), or an invalidData completion naming the field. */
export function unitOf(call: CimCall, id: unknown, field: string): CimCashUnit | CommandResult {
  if (typeof id !== 'string') return invalidData(`${call.name}: ${field} must name a storage unit (unit<n>)`);
  const unit = call.device.status.cashUnits.find((candidate) => unitId(candidate) === id);
  return unit ?? invalidData(`${call.name}: ${field} ${id} is not a storage unit of this XFS 3.x cash acceptor (WFS_INF_CIM_CASH_UNIT_INFO)`);
}

export { isResult } from '../translator.ts';

/**
 * A command the 3.x CIM gained in version `since` (310, 320, 330): on an older service provider the
 * command does not exist, which the client learns with the version it would need.
 */
export function requireVersion(call: CimCall, since: 310 | 320 | 330, xfs3: string): CommandResult | undefined {
  const { major, minor, text } = call.device.version;
  const have = major * 100 + minor;
  if (have >= since) return undefined;
  return unsupportedCommand(`${call.name}: ${xfs3} came with XFS 3.${since % 100} CIM; this service provider is XFS ${text}`);
}
