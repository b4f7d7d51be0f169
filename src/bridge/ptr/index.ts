// The PTR class binding: everything class-specific the generic bridge service needs.
import type { PtrCapabilities, PtrStatus } from '../../legacy-xfs3/ptr/types.ts';
import type { ClassBinding } from '../class-binding.ts';
import { ptrEventTranslators } from './events.ts';
import { getFormList, getMediaList, getQueryField, getQueryForm, getQueryMedia } from './info.ts';
import { controlMedia, dispensePaper, printForm, printRaw, reset, resetCount, retractMedia } from './print.ts';
import { loadDefinition } from './definition.ts';
import { controlPassbook, mediaExtents, readForm, readImage, setBlackMarkMode, supplyReplenish } from './document.ts';
import { ptrCommandSchemas, ptrEvents } from './schemas.ts';
import { buildCapabilities, buildStatus } from './status.ts';

export const ptrBinding: ClassBinding<PtrCapabilities, PtrStatus> = {
  serviceClass: 'PTR',
  mappingFile: 'ptr.json',
  statusCategory: 'WFS_INF_PTR_STATUS',
  capabilitiesCategory: 'WFS_INF_PTR_CAPABILITIES',
  commandTranslators: {
    getFormList, getMediaList, getQueryForm, getQueryMedia, getQueryField, printForm, printRaw, controlMedia, reset, retractMedia, resetCount, dispensePaper,
    readForm, readImage, mediaExtents, loadDefinition, supplyReplenish, controlPassbook, setBlackMarkMode,
  },
  eventTranslators: ptrEventTranslators,
  commandSchemas: ptrCommandSchemas,
  events: ptrEvents,
  buildStatus: (status, enums) => buildStatus(status, enums),
  buildCapabilities,
};
