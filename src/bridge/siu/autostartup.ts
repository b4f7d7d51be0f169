// Auxiliaries.GetAutoStartupTime / SetAutoStartupTime / ClearAutoStartupTime on
// WFS_INF_SIU_GET_AUTOSTARTUP_TIME and WFS_CMD_SIU_SET_AUTOSTARTUP_TIME (3.20+). A 3.00 SIU, or one
// reporting fwAutoStartupMode 0, has none: the commands complete unsupportedCommand.
import type { CommandResult, JsonObject } from '../../xfs4iot/backend.ts';
import type { SiuCapabilities, SiuStartupTime, SiuStatus } from '../../legacy-xfs3/siu/types.ts';
import { compact, invalidData, success, unsupportedCommand, unsupportedData, type CommandCall } from '../translator.ts';

type SiuCall = CommandCall<SiuCapabilities, SiuStatus>;
const CLEAR = 1;

function noAutoStartup(call: SiuCall, name: string): CommandResult | undefined {
  const modes = call.device.capabilities.autoStartupMode ?? 0;
  return modes === 0 ? unsupportedCommand(`${name}: this XFS 3.x SIU has no auto start-up (3.00, or WFSSIUCAPS.fwAutoStartupMode 0)`) : undefined;
}

export async function getAutoStartupTime(call: SiuCall): Promise<CommandResult> {
  const refused = noAutoStartup(call, 'GetAutoStartupTime');
  if (refused) return refused;
  const done = await call.getInfo('WFS_INF_SIU_GET_AUTOSTARTUP_TIME');
  if (!done.ok) return call.failure(done);
  const got = done.data as SiuStartupTime;
  if (got.mode === CLEAR || !got.startTime) return success();
  const mode = call.enums.flagName('autoStartupMode', got.mode);
  if (!mode) return success();
  const t = got.startTime;
  const startTime = compact({
    year: mode === 'specific' ? t.year : undefined,
    month: mode === 'specific' ? t.month : undefined,
    dayOfWeek: mode === 'weekly' ? call.enums.value('dayOfWeek', t.dayOfWeek) ?? undefined : undefined,
    day: mode === 'specific' ? t.day : undefined,
    hour: t.hour,
    minute: t.minute,
  });
  return success({ mode, startTime });
}

export async function setAutoStartupTime(call: SiuCall): Promise<CommandResult> {
  const refused = noAutoStartup(call, 'SetAutoStartupTime');
  if (refused) return refused;
  const mode = String(call.payload?.mode);
  const bit = call.enums.flagBit('autoStartupMode', mode);
  if (bit === undefined) return invalidData(`SetAutoStartupTime: unknown mode ${mode}`);
  if ((call.device.capabilities.autoStartupMode! & bit) === 0) return unsupportedData(`SetAutoStartupTime: this XFS 3.x SIU has no ${mode} auto start-up (WFSSIUCAPS.fwAutoStartupMode)`);
  const t = (call.payload?.startTime ?? {}) as JsonObject;
  const need = mode === 'specific' ? ['year', 'month', 'day', 'hour', 'minute'] : mode === 'weekly' ? ['dayOfWeek', 'hour', 'minute'] : ['hour', 'minute'];
  const missing = need.filter((key) => t[key] === undefined || t[key] === null);
  if (missing.length > 0) return invalidData(`SetAutoStartupTime: a ${mode} start-up needs startTime.${missing.join(', startTime.')}`);
  const dayOfWeek = mode === 'weekly' ? call.enums.code('dayOfWeekCommand', String(t.dayOfWeek)) : 0;
  const num = (key: string) => (mode === 'specific' || key === 'hour' || key === 'minute' ? Number(t[key]) : 0);
  const startTime = { year: num('year'), month: num('month'), dayOfWeek: Number(dayOfWeek ?? 0), day: num('day'), hour: num('hour'), minute: num('minute') };
  const done = await call.execute('WFS_CMD_SIU_SET_AUTOSTARTUP_TIME', { mode: bit, startTime });
  return done.ok ? success() : call.failure(done);
}

export async function clearAutoStartupTime(call: SiuCall): Promise<CommandResult> {
  const refused = noAutoStartup(call, 'ClearAutoStartupTime');
  if (refused) return refused;
  const done = await call.execute('WFS_CMD_SIU_SET_AUTOSTARTUP_TIME', { mode: CLEAR, startTime: null });
  return done.ok ? success() : call.failure(done);
}
