// Common.PowerSaveControl on WFS_CMD_SIU_POWER_SAVE_CONTROL (3.20+); WFS_SRVE_SIU_POWER_SAVE_CHANGE
// becomes common.powerSaveRecoveryTime in a Common.StatusChangedEvent.
import type { CommandResult } from '../../xfs4iot/backend.ts';
import type { SiuCapabilities, SiuStatus } from '../../legacy-xfs3/siu/types.ts';
import type { EventTranslator } from '../event-types.ts';
import { success, unsupportedCommand, unsupportedData, type CommandCall } from '../translator.ts';

export async function powerSaveControl(call: CommandCall<SiuCapabilities, SiuStatus>): Promise<CommandResult> {
  if (!call.device.capabilities.powerSaveControl) return unsupportedCommand('PowerSaveControl: the XFS 3.x SIU has no power save control (3.00, or WFSSIUCAPS.bPowerSaveControl false)');
  const seconds = Number(call.payload?.maxPowerSaveRecoveryTime ?? 0);
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > 0xffff) return unsupportedData('PowerSaveControl: maxPowerSaveRecoveryTime does not fit XFS 3.x (0..65535 s)');
  const done = await call.execute('WFS_CMD_SIU_POWER_SAVE_CONTROL', { maxPowerSaveRecoveryTime: seconds });
  return done.ok ? success() : call.failure(done);
}

export const powerSaveChange: EventTranslator<SiuCapabilities, SiuStatus> = (event) => {
  const time = (event.data as { powerSaveRecoveryTime?: unknown } | undefined)?.powerSaveRecoveryTime;
  return typeof time === 'number' ? { statusPatch: { common: { powerSaveRecoveryTime: time } } } : { warning: 'POWER_SAVE_CHANGE without data' };
};
