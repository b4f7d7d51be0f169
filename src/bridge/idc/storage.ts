// Storage.GetStorage / SetStorage / StartExchange / EndExchange for the retain bin, and
// Common.PowerSaveControl.
import type { CommandResult, JsonObject } from '../../xfs4iot/backend.ts';
import type { IdcCapabilities, IdcStatus } from '../../legacy-xfs3/idc/types.ts';
import { commandError, success, unsupportedCommand, unsupportedData, type CommandCall } from '../translator.ts';
import { buildStorage, retainUnitId } from './status.ts';

type IdcCall = CommandCall<IdcCapabilities, IdcStatus>;

export async function getStorage(call: IdcCall): Promise<CommandResult> {
  const status = await call.getInfo('WFS_INF_IDC_STATUS');
  if (!status.ok) return call.failure(status);
  return success({ storage: buildStorage(status.data as IdcStatus, call.device.capabilities, call.enums) });
}

export async function setStorage(call: IdcCall): Promise<CommandResult> {
  const units = (call.payload?.storage ?? {}) as JsonObject;
  const known = buildStorage(call.device.status, call.device.capabilities, call.enums);
  let resetCount = false;
  for (const [unit, raw] of Object.entries(units)) {
    if (!(unit in known)) return commandError('invalidUnit', `SetStorage: no storage unit ${unit}`);
    const card = ((raw ?? {}) as JsonObject).card as JsonObject | undefined;
    if (card?.configuration !== undefined) return unsupportedData('SetStorage: XFS 3.x IDC has no configurable card unit settings (threshold, cardID)');
    const initialCount = (card?.status as JsonObject | undefined)?.initialCount;
    if (initialCount === undefined) continue;
    if (unit !== retainUnitId) return unsupportedData(`SetStorage: XFS 3.x IDC keeps no count for ${unit}`);
    if (initialCount !== 0) return unsupportedData('SetStorage: XFS 3.x IDC can only reset the retain count to 0 (WFS_CMD_IDC_RESET_COUNT)');
    resetCount = true;
  }
  if (!resetCount) return success();
  const done = await call.execute('WFS_CMD_IDC_RESET_COUNT', undefined);
  return done.ok ? success() : call.failure(done);
}

export async function startExchange(call: IdcCall): Promise<CommandResult> {
  if (call.device.exchangeActive) return commandError('exchangeActive', 'StartExchange: an exchange is already active');
  call.device.exchangeActive = true;
  await call.refresh();
  return success();
}

export async function endExchange(call: IdcCall): Promise<CommandResult> {
  if (!call.device.exchangeActive) return commandError('noExchangeActive', 'EndExchange: no exchange is active');
  call.device.exchangeActive = false;
  await call.refresh();
  return success();
}

export async function powerSaveControl(call: IdcCall): Promise<CommandResult> {
  if (!call.device.capabilities.powerSaveControl) return unsupportedCommand('PowerSaveControl: the XFS 3.x service has no power save control (WFSIDCCAPS.bPowerSaveControl)');
  const seconds = Number(call.payload?.maxPowerSaveRecoveryTime ?? 0);
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > 0xffff) return unsupportedData('PowerSaveControl: maxPowerSaveRecoveryTime does not fit XFS 3.x (0..65535 s)');
  const done = await call.execute('WFS_CMD_IDC_POWER_SAVE_CONTROL', { maxPowerSaveRecoveryTime: seconds });
  return done.ok ? success() : call.failure(done);
}
