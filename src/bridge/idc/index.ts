// The IDC class binding: everything class-specific the generic bridge service needs.
import type { IdcCapabilities, IdcStatus } from '../../legacy-xfs3/idc/types.ts';
import type { ClassBinding } from '../class-binding.ts';
import { move, reset } from './card-movement.ts';
import { chipIo, chipPower, queryIfmIdentifier, setKey } from './chip.ts';
import { emvClessConfigure, emvClessIssuerUpdate, emvClessPerformTransaction, emvClessQueryApplications } from './emv-cless.ts';
import { idcEventTranslators } from './events.ts';
import { readRawData, writeRawData } from './read-write.ts';
import { idcCommandSchemas, idcEvents } from './schemas.ts';
import { buildCapabilities, buildStatus, buildStorage } from './status.ts';
import { endExchange, getStorage, powerSaveControl, setStorage, startExchange } from './storage.ts';

export const idcBinding: ClassBinding<IdcCapabilities, IdcStatus> = {
  serviceClass: 'IDC',
  mappingFile: 'idc.json',
  statusCategory: 'WFS_INF_IDC_STATUS',
  capabilitiesCategory: 'WFS_INF_IDC_CAPABILITIES',
  commandTranslators: {
    readRawData, writeRawData, move, reset, chipIo, chipPower, setKey, queryIfmIdentifier,
    emvClessQueryApplications, emvClessConfigure, emvClessPerformTransaction, emvClessIssuerUpdate,
    getStorage, setStorage, startExchange, endExchange, powerSaveControl,
  },
  eventTranslators: idcEventTranslators,
  commandSchemas: idcCommandSchemas,
  events: idcEvents,
  buildStatus: (status, enums, device) => buildStatus(status, enums, device.exchangeActive),
  buildCapabilities,
  buildStorage,
};
