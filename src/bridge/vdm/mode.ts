// VendorMode.Register, EnterModeRequest/Acknowledge and ExitModeRequest/Acknowledge, and the
// VendorApplication active interface, on the 3.x VDM commands through the service's coordinator.
import type { CommandResult } from '../../xfs4iot/backend.ts';
import type { VdmCapabilities, VdmStatus } from '../../legacy-xfs3/vdm/types.ts';
import { success, type CommandCall } from '../translator.ts';
import { VendorModeCoordinator, type Mode } from './coordinator.ts';

type VdmCall = CommandCall<VdmCapabilities, VdmStatus>;

function coordinatorOf(call: VdmCall): VendorModeCoordinator {
  if (!(call.coordinator instanceof VendorModeCoordinator)) throw new Error(`${call.name}: the VDM binding made no vendor mode coordinator`);
  return call.coordinator;
}

export async function register(call: VdmCall): Promise<CommandResult> {
  const appName = typeof call.payload?.appName === 'string' ? call.payload.appName : '';
  coordinatorOf(call).register(call.connectionId, appName);
  return success();
}

async function request(call: VdmCall, mode: Mode): Promise<CommandResult> {
  const coordinator = coordinatorOf(call);
  coordinator.requesting(mode);
  try {
    const done = await call.execute(mode === 'enter' ? 'WFS_CMD_VDM_ENTER_MODE_REQ' : 'WFS_CMD_VDM_EXIT_MODE_REQ', undefined);
    return done.ok ? success() : call.failure(done);
  } finally {
    coordinator.requesting(undefined);
  }
}

async function acknowledge(call: VdmCall, mode: Mode): Promise<CommandResult> {
  const outcome = coordinatorOf(call).acknowledge(call.connectionId, mode);
  if (outcome === 'notAsked') {
    return { completionCode: 'sequenceError', errorDescription: `no ${mode === 'enter' ? 'EnterModeRequestEvent' : 'ExitModeRequestEvent'} is waiting for an acknowledgement` };
  }
  const done = await outcome;
  return done === undefined || done.ok ? success() : call.failure(done);
}

export const enterModeRequest = (call: VdmCall): Promise<CommandResult> => request(call, 'enter');
export const exitModeRequest = (call: VdmCall): Promise<CommandResult> => request(call, 'exit');
export const enterModeAcknowledge = (call: VdmCall): Promise<CommandResult> => acknowledge(call, 'enter');
export const exitModeAcknowledge = (call: VdmCall): Promise<CommandResult> => acknowledge(call, 'exit');

export async function getActiveInterface(call: VdmCall): Promise<CommandResult> {
  const done = await call.getInfo('WFS_INF_VDM_ACTIVE_INTERFACE');
  if (!done.ok) return call.failure(done);
  const activeInterface = call.enums.value<string>('wActiveInterface', done.data as number);
  return success(activeInterface ? { activeInterface } : {});
}

export async function setActiveInterface(call: VdmCall): Promise<CommandResult> {
  const activeInterface = call.enums.code('activeInterface', String(call.payload?.activeInterface));
  const done = await call.execute('WFS_CMD_VDM_SET_ACTIVE_INTERFACE', { activeInterface });
  return done.ok ? success() : call.failure(done);
}
