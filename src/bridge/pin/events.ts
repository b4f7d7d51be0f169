// PIN execute and service events as XFS4IoT events. WFS_EXEE_PIN_KEY during PIN entry carries
// ulDigit 0 for digits, so Keyboard.KeyEvent then has no digit: the PIN never crosses the gateway.
import type { PinCapabilities, PinKeyPress, PinStatus } from '../../legacy-xfs3/pin-types.ts';
import type { EventTranslator } from '../event-types.ts';
import { keyPress, pinEntryRunning } from './keyboard.ts';

type Translator = EventTranslator<PinCapabilities, PinStatus>;

const keyEvent: Translator = (event, ctx) => {
  const key = event.data as PinKeyPress | undefined;
  if (!key || typeof key.completion !== 'number' || typeof key.digit !== 'number') return { warning: 'WFS_EXEE_PIN_KEY without its WFSPINKEY' };
  return { payload: keyPress(ctx.enums, key, pinEntryRunning.has(ctx.device)) };
};

// The identification of a 3.x initialization has no place in InitializedEvent: the event says only that it happened.
const initialized: Translator = () => ({ payload: {}, refresh: true });

export const pinEventTranslators: Record<string, Translator> = { keyEvent, initialized };
