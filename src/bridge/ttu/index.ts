// The TTU class binding: Common and TextTerminal on an XFS 3.x text terminal unit.
import type { TtuCapabilities, TtuStatus } from '../../legacy-xfs3/ttu/types.ts';
import type { ClassBinding } from '../class-binding.ts';
import { beep, clearScreen, defineKeys, getKeyDetail, read, reset, setResolution, write } from './display.ts';
import { ttuEventTranslators } from './events.ts';
import { getFormList, getQueryField, getQueryForm, readForm, writeForm } from './forms.ts';
import { ttuCommandSchemas, ttuEvents } from './schemas.ts';
import { buildCapabilities, buildStatus } from './status.ts';

export const ttuBinding: ClassBinding<TtuCapabilities, TtuStatus> = {
  serviceClass: 'TTU',
  mappingFile: 'ttu.json',
  statusCategory: 'WFS_INF_TTU_STATUS',
  capabilitiesCategory: 'WFS_INF_TTU_CAPABILITIES',
  commandTranslators: { getFormList, getQueryForm, getQueryField, getKeyDetail, beep, clearScreen, setResolution, writeForm, readForm, write, read, reset, defineKeys },
  eventTranslators: ttuEventTranslators,
  commandSchemas: ttuCommandSchemas,
  events: ttuEvents,
  buildStatus: (status, enums) => buildStatus(status, enums),
  buildCapabilities,
};
