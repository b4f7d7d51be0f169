// The VDM class binding: Common, VendorMode and VendorApplication on an XFS 3.x vendor dependent
// mode service, with the coordinator that carries the enter/exit handshake (coordinator.ts).
import type { VdmCapabilities, VdmStatus } from '../../legacy-xfs3/vdm/types.ts';
import type { ClassBinding } from '../class-binding.ts';
import { VendorModeCoordinator } from './coordinator.ts';
import { vdmEventTranslators } from './events.ts';
import { enterModeAcknowledge, enterModeRequest, exitModeAcknowledge, exitModeRequest, getActiveInterface, register, setActiveInterface } from './mode.ts';
import { vdmCommandSchemas, vdmEvents } from './schemas.ts';
import { buildCapabilities, buildStatus } from './status.ts';

export const vdmBinding: ClassBinding<VdmCapabilities, VdmStatus> = {
  serviceClass: 'VDM',
  mappingFile: 'vdm.json',
  statusCategory: 'WFS_INF_VDM_STATUS',
  capabilitiesCategory: 'WFS_INF_VDM_CAPABILITIES',
  commandTranslators: { register, enterModeRequest, enterModeAcknowledge, exitModeRequest, exitModeAcknowledge, getActiveInterface, setActiveInterface },
  eventTranslators: vdmEventTranslators,
  commandSchemas: vdmCommandSchemas,
  events: vdmEvents,
  buildStatus: (status, enums) => buildStatus(status, enums),
  buildCapabilities,
  createCoordinator: (access) => new VendorModeCoordinator(access),
};
