// Lights.SetLight on WFS_CMD_SIU_SET_GUIDLIGHT (guidance lights) and WFS_CMD_SIU_SET_INDICATOR (the
// fascia light). Every light of the request is checked before any is set, so a request naming a light
// the device lacks changes nothing; then the lights are set one 3.x command at a time.
import type { CommandResult, JsonObject } from '../../xfs4iot/backend.ts';
import type { SiuCapabilities, SiuStatus } from '../../legacy-xfs3/siu/types.ts';
import { commandError, success, unsupportedData, type CommandCall } from '../translator.ts';
import { portOf, portValue } from './ports.ts';
import { LIGHT_POSITION } from './status.ts';

type SiuCall = CommandCall<SiuCapabilities, SiuStatus>;

interface LightStep {
  command: 'WFS_CMD_SIU_SET_GUIDLIGHT' | 'WFS_CMD_SIU_SET_INDICATOR';
  port: number;
  value: number;
}

function stepFor(call: SiuCall, light: string, positions: JsonObject): LightStep | CommandResult {
  const port = portOf(call.enums, 'lightPorts', light);
  if (!port || portValue(call.device.capabilities, port) === 0) return commandError('invalidLight', `SetLight: this XFS 3.x SIU has no ${light} light`);
  const names = Object.keys(positions);
  if (names.length !== 1 || names[0] !== LIGHT_POSITION) {
    return commandError('invalidLight', `SetLight: ${light}: an XFS 3.x light has the one position '${LIGHT_POSITION}' (got ${names.join(', ') || 'none'})`);
  }
  const wanted = positions[LIGHT_POSITION] as JsonObject;
  if (wanted.color !== undefined && wanted.color !== null) return unsupportedData(`SetLight: ${light}: XFS 3.x SIU lights have no colour`);
  if (wanted.direction !== undefined && wanted.direction !== null) return unsupportedData(`SetLight: ${light}: XFS 3.x SIU lights have no direction`);
  const rate = wanted.flashRate;
  if (typeof rate !== 'string') return unsupportedData(`SetLight: ${light}: flashRate is required`);
  const guidance = port.type === 'guidLights';
  const value = call.enums.code(guidance ? 'guidLightCommand' : 'fasciaLightCommand', rate);
  if (typeof value !== 'number') return unsupportedData(`SetLight: ${light}: the XFS 3.x light cannot be ${rate}`);
  if (guidance && (portValue(call.device.capabilities, port) & value) === 0) {
    return unsupportedData(`SetLight: ${light}: this light cannot be ${rate} (WFSSIUCAPS.fwGuidLights)`);
  }
  return { command: guidance ? 'WFS_CMD_SIU_SET_GUIDLIGHT' : 'WFS_CMD_SIU_SET_INDICATOR', port: port.index, value };
}

/**
 * A 2023-2 request ({cardReader: {position, flashRate}}) in the 2024-03 form this translator reads
 * ({cardReader: {center: {flashRate}}}): a 3.x light's one position is 'center', which 2023-2 may
 * also call 'default' or leave out.
 */
function as2024(payload: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [light, state] of Object.entries(payload)) {
    if (state === null || typeof state !== 'object' || Array.isArray(state)) continue;
    const { position, ...rest } = state;
    const named = position === undefined || position === null || position === 'default' ? LIGHT_POSITION : String(position);
    out[light] = { [named]: rest };
  }
  return out;
}

export async function setLight(call: SiuCall): Promise<CommandResult> {
  const steps: LightStep[] = [];
  const request = call.major >= 3 ? call.payload ?? {} : as2024(call.payload ?? {});
  for (const [light, positions] of Object.entries(request)) {
    if (positions === null || typeof positions !== 'object' || Array.isArray(positions)) continue;
    const step = stepFor(call, light, positions);
    if (!('command' in step)) return step;
    steps.push(step);
  }
  for (const step of steps) {
    const done = await call.execute(step.command, { port: step.port, command: step.value });
    if (!done.ok) return call.failure(done);
  }
  return success();
}
