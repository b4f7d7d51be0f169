// WFS_SRVE_SIU_PORT_STATUS: a sensor, door, indicator or auxiliary change is reported as the
// Common.StatusChangedEvent of that auxiliaries property (neither release has an event of its own
// for it); every change (lights too) also re-reads the status.
import type { SiuCapabilities, SiuPortEvent, SiuStatus } from '../../legacy-xfs3/siu/types.ts';
import type { EventTranslator } from '../event-types.ts';
import { portTypeOfBit } from './ports.ts';
import { powerSaveChange } from './power-save.ts';
import { auxiliaryValue } from './status.ts';

type Translator = EventTranslator<SiuCapabilities, SiuStatus>;

const portStatus: Translator = (event, ctx) => {
  const data = event.data as SiuPortEvent | undefined;
  const type = data ? portTypeOfBit[data.portType] : undefined;
  if (!data || !type) return { warning: 'PORT_STATUS without a known port type', refresh: true };
  if (type === 'guidLights' || (type === 'indicators' && data.portIndex === 1)) return { refresh: true };
  const entry = auxiliaryValue(type, data.portIndex, data.portStatus, ctx.enums);
  if (!entry) return { warning: `PORT_STATUS of ${type}[${data.portIndex}] = ${data.portStatus} has no XFS4IoT auxiliary status`, refresh: true };
  return { statusPatch: { auxiliaries: { [entry[0]]: entry[1] } }, refresh: true };
};

export const siuEventTranslators: Record<string, Translator> = { portStatus, powerSaveChange };
