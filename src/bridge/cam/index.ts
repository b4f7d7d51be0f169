// The CAM class binding: Common and Camera on an XFS 3.x camera unit.
import type { CamCapabilities, CamStatus } from '../../legacy-xfs3/cam/types.ts';
import type { ClassBinding } from '../class-binding.ts';
import { camEventTranslators } from './events.ts';
import { reset, takePicture } from './picture.ts';
import { camCommandSchemas, camEvents } from './schemas.ts';
import { buildCapabilities, buildStatus } from './status.ts';

export const camBinding: ClassBinding<CamCapabilities, CamStatus> = {
  serviceClass: 'CAM',
  mappingFile: 'cam.json',
  statusCategory: 'WFS_INF_CAM_STATUS',
  capabilitiesCategory: 'WFS_INF_CAM_CAPABILITIES',
  commandTranslators: { takePicture, reset },
  eventTranslators: camEventTranslators,
  commandSchemas: camCommandSchemas,
  events: camEvents,
  buildStatus: (status, enums) => buildStatus(status, enums),
  buildCapabilities,
};
