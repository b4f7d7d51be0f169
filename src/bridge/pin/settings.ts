// PinPad.MaintainPin, Keyboard.KeypressBeep and PinPad.GetQueryPCIPTSDeviceId on their 3.20 PIN
// counterparts (WFS_CMD_PIN_MAINTAIN_PIN, KEYPRESS_BEEP, WFS_INF_PIN_QUERY_PCIPTS_DEVICE_ID); a 3.00
// or 3.10 pad answers WFS_ERR_UNSUPP_COMMAND / CATEGORY, which the client gets as unsupportedCommand.
import type { CommandResult } from '../../xfs4iot/backend.ts';
import type { PinCapabilities, PinPciPtsDeviceId, PinStatus } from '../../legacy-xfs3/pin/types.ts';
import { compact, success, type CommandCall } from '../translator.ts';

type PinCall = CommandCall<PinCapabilities, PinStatus>;
const BEEP_ON_ACTIVE = 0x1;
const BEEP_ON_INACTIVE = 0x2;

export async function maintainPin(call: PinCall): Promise<CommandResult> {
  const done = await call.execute('WFS_CMD_PIN_MAINTAIN_PIN', { maintainPin: call.payload?.maintainPIN === true });
  return done.ok ? success() : call.failure(done);
}

export async function keypressBeep(call: PinCall): Promise<CommandResult> {
  const m = (call.payload?.mode ?? {}) as { active?: unknown; inactive?: unknown };
  const mode = (m.active === true ? BEEP_ON_ACTIVE : 0) | (m.inactive === true ? BEEP_ON_INACTIVE : 0);
  const done = await call.execute('WFS_CMD_PIN_KEYPRESS_BEEP', { mode });
  if (!done.ok) return call.failure(done);
  await call.refresh();
  return success();
}

export async function getQueryPciPtsDeviceId(call: PinCall): Promise<CommandResult> {
  const done = await call.getInfo('WFS_INF_PIN_QUERY_PCIPTS_DEVICE_ID');
  if (!done.ok) return call.failure(done);
  const id = done.data as PinPciPtsDeviceId;
  const or = (s: string): string | undefined => (s === '' ? undefined : s);
  return success(compact({
    manufacturerIdentifier: or(id.manufacturerIdentifier), modelIdentifier: or(id.modelIdentifier), hardwareIdentifier: or(id.hardwareIdentifier),
    firmwareIdentifier: or(id.firmwareIdentifier), applicationIdentifier: or(id.applicationIdentifier),
  }));
}
