// The BCR class binding: Common and BarcodeReader on an XFS 3.x barcode reader.
import type { BcrCapabilities, BcrStatus } from '../../legacy-xfs3/bcr/types.ts';
import type { ClassBinding } from '../class-binding.ts';
import { read, reset } from './read.ts';
import { bcrCommandSchemas, bcrEvents } from './schemas.ts';
import { buildCapabilities, buildStatus } from './status.ts';

export const bcrBinding: ClassBinding<BcrCapabilities, BcrStatus> = {
  serviceClass: 'BCR',
  mappingFile: 'bcr.json',
  statusCategory: 'WFS_INF_BCR_STATUS',
  capabilitiesCategory: 'WFS_INF_BCR_CAPABILITIES',
  commandTranslators: { read, reset },
  eventTranslators: {},
  commandSchemas: bcrCommandSchemas,
  events: bcrEvents,
  buildStatus: (status, enums) => buildStatus(status, enums),
  buildCapabilities,
};
