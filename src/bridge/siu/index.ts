// The SIU class binding: Common, Lights and Auxiliaries on an XFS 3.x sensors and indicators unit.
import type { SiuCapabilities, SiuStatus } from '../../legacy-xfs3/siu/types.ts';
import type { ClassBinding } from '../class-binding.ts';
import { clearAutoStartupTime, getAutoStartupTime, setAutoStartupTime } from './autostartup.ts';
import { register, setAuxiliaries } from './auxiliaries.ts';
import { siuEventTranslators } from './events.ts';
import { setLight } from './lights.ts';
import { powerSaveControl } from './power-save.ts';
import { siuCommandSchemas, siuEvents } from './schemas.ts';
import { buildCapabilities, buildStatus } from './status.ts';

export const siuBinding: ClassBinding<SiuCapabilities, SiuStatus> = {
  serviceClass: 'SIU',
  mappingFile: 'siu.json',
  statusCategory: 'WFS_INF_SIU_STATUS',
  capabilitiesCategory: 'WFS_INF_SIU_CAPABILITIES',
  commandTranslators: { setLight, setAuxiliaries, register, getAutoStartupTime, setAutoStartupTime, clearAutoStartupTime, powerSaveControl },
  eventTranslators: siuEventTranslators,
  commandSchemas: siuCommandSchemas,
  events: siuEvents,
  buildStatus: (status, enums, device) => buildStatus(status, device.capabilities, enums),
  buildCapabilities,
};
