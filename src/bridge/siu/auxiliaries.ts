// Auxiliaries.SetAuxiliaries on WFS_CMD_SIU_SET_DOOR / SET_INDICATOR / SET_AUXILIARY and
// Auxiliaries.Register on WFS_CMD_SIU_ENABLE_EVENTS. Every property is checked against the
// capabilities before anything is sent; SetAuxiliaries then sets one port per 3.x command in the
// order of the request and stops at the first failure (the ports set before it stay set: 3.x has no
// transaction over single-port setters).
import type { CommandResult } from '../../xfs4iot/backend.ts';
import type { SiuCapabilities, SiuPorts, SiuStatus } from '../../legacy-xfs3/siu/types.ts';
import { commandError, success, unsupportedData, type CommandCall } from '../translator.ts';
import { portOf, portValue, type PortType } from './ports.ts';

type SiuCall = CommandCall<SiuCapabilities, SiuStatus>;

interface Step {
  command: string;
  port: number;
  value: number;
}

function stepFor(call: SiuCall, property: string, wanted: unknown): Step | CommandResult {
  const port = portOf(call.enums, 'auxiliaryPorts', property);
  if (!port) return unsupportedData(`SetAuxiliaries: ${property} has no XFS 3.x SIU counterpart`);
  if (portValue(call.device.capabilities, port) === 0) return commandError('invalidAuxiliary', `SetAuxiliaries: this XFS 3.x SIU has no ${property}`);
  let value: unknown = wanted;
  if (port.values !== 'number') value = typeof wanted === 'string' ? call.enums.code(String(port.values), wanted) : undefined;
  if (typeof value !== 'number') return unsupportedData(`SetAuxiliaries: ${property}: ${JSON.stringify(wanted)} has no XFS 3.x value`);
  return { command: String(port.command), port: port.index, value };
}

export async function setAuxiliaries(call: SiuCall): Promise<CommandResult> {
  const steps: Step[] = [];
  for (const [property, wanted] of Object.entries(call.payload ?? {})) {
    if (wanted === null) continue;
    const step = stepFor(call, property, wanted);
    if (!('command' in step)) return step;
    steps.push(step);
  }
  for (const step of steps) {
    const done = await call.execute(step.command, { port: step.port, command: step.value });
    if (!done.ok) return call.failure(done);
  }
  return success();
}

export async function register(call: SiuCall): Promise<CommandResult> {
  const caps = call.device.capabilities;
  const enable: SiuPorts = {
    sensors: new Array<number>(caps.sensors.length).fill(0), doors: new Array<number>(caps.doors.length).fill(0),
    indicators: new Array<number>(caps.indicators.length).fill(0), auxiliaries: new Array<number>(caps.auxiliaries.length).fill(0),
    guidLights: new Array<number>(caps.guidLights.length).fill(0),
  };
  for (const [property, wanted] of Object.entries(call.payload ?? {})) {
    if (wanted === null) continue;
    const ref = call.enums.code('registerPorts', property) as [PortType, number] | undefined;
    if (!ref) return unsupportedData(`Register: ${property} has no XFS 3.x SIU counterpart`);
    const [type, index] = ref;
    if (index >= enable[type].length || (caps[type][index] ?? 0) === 0) {
      if (wanted === 'deregister') continue;
      return commandError('invalidAuxiliary', `Register: this XFS 3.x SIU has no ${property}`);
    }
    enable[type][index] = wanted === 'register' ? 1 : 2;
  }
  const done = await call.execute('WFS_CMD_SIU_ENABLE_EVENTS', enable);
  return done.ok ? success() : call.failure(done);
}
