// VDM service and system events as XFS4IoT VendorMode / VendorApplication events. Each request and
// mode change also goes through the coordinator, which answers 3.x and guards the devices.
import type { VdmCapabilities, VdmStatus } from '../../legacy-xfs3/vdm/types.ts';
import type { EventContext, EventOutcome, EventTranslator } from '../event-types.ts';
import { VendorModeCoordinator, type Mode } from './coordinator.ts';

type Translator = EventTranslator<VdmCapabilities, VdmStatus>;

function coordinatorOf(ctx: EventContext<VdmCapabilities, VdmStatus>): VendorModeCoordinator {
  if (!(ctx.coordinator instanceof VendorModeCoordinator)) throw new Error('VDM event without the vendor mode coordinator');
  return ctx.coordinator;
}

const asked = (mode: Mode): Translator => (_event, ctx): EventOutcome => {
  coordinatorOf(ctx).asked(mode);
  return { payload: {} };
};

const modeEntered: Translator = (_event, ctx) => {
  coordinatorOf(ctx).changed('enter');
  return { payload: {} };
};

const modeExited: Translator = (_event, ctx) => {
  const coordinator = coordinatorOf(ctx);
  coordinator.changed('exit');
  return { payload: { connectedApplications: coordinator.applications } };
};

const interfaceChanged: Translator = (event, ctx) => {
  const activeInterface = ctx.enums.value<string>('wActiveInterface', event.data as number);
  return activeInterface ? { payload: { activeInterface } } : { warning: `INTERFACE_CHANGED with interface ${String(event.data)}` };
};

export const vdmEventTranslators: Record<string, Translator> = {
  enterModeRequested: asked('enter'), exitModeRequested: asked('exit'), modeEntered, modeExited, interfaceChanged,
};
