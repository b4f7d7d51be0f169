// CAM user and execute events as XFS4IoT Camera events.
import type { CamCapabilities, CamStatus } from '../../legacy-xfs3/cam/types.ts';
import type { EventTranslator } from '../event-types.ts';

type Translator = EventTranslator<CamCapabilities, CamStatus>;

/** The medium filled up or was emptied: the event, and the status re-read (camera.media). */
const mediaThreshold: Translator = (event, ctx) => {
  const data = (typeof event.data === 'object' && event.data !== null ? event.data : {}) as { mediaThreshold?: number };
  const state = data.mediaThreshold === undefined ? undefined : ctx.enums.value<string>('mediaThreshold', data.mediaThreshold);
  return state ? { payload: { mediaThreshold: state }, refresh: true } : { warning: 'MEDIATHRESHOLD without a known threshold', refresh: true };
};

/** The text given to TakePicture was too long or had characters the unit could not add (no payload). */
const invalidData: Translator = () => ({ payload: {} });

export const camEventTranslators: Record<string, Translator> = { mediaThreshold, invalidData };
