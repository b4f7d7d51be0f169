// PIN execute and service events as XFS4IoT events. WFS_EXEE_PIN_KEY during PIN entry carries
// ulDigit 0 for digits, so Keyboard.KeyEvent then has no digit: the PIN never crosses the gateway.
import type { PinCapabilities, PinKeyPress, PinStatus } from '../../legacy-xfs3/pin/types.ts';
import type { EventTranslator } from '../event-types.ts';
import { compact } from '../translator.ts';
import { keyPress, pinEntryRunning } from './keyboard.ts';
import { layoutEvent } from './layout.ts';

type Translator = EventTranslator<PinCapabilities, PinStatus>;

const keyEvent: Translator = (event, ctx) => {
  const key = event.data as PinKeyPress | undefined;
  if (!key || typeof key.completion !== 'number' || typeof key.digit !== 'number') return { warning: 'WFS_EXEE_PIN_KEY without its WFSPINKEY' };
  return { payload: keyPress(ctx.enums, key, pinEntryRunning.has(ctx.device)) };
};

// The identification of a 3.x initialization has no place in InitializedEvent: the event says only that it happened.
const initialized: Translator = () => ({ payload: {}, refresh: true });

/** WFSPINACCESS.lErrorCode -> IllegalKeyAccessEvent errorCode (2024-03 renamed algorithmNotSupp). */
const ILLEGAL_ACCESS: Record<number, string> = { [-400]: 'keyNotFound', [-406]: 'keyNoValue', [-407]: 'useViolation', [-421]: 'algorithm' };

const illegalKeyAccess: Translator = (event) => {
  const access = event.data as { keyName?: unknown; errorCode?: unknown } | undefined;
  if (!access || typeof access.keyName !== 'string') return { warning: 'WFS_SRVE_PIN_ILLEGAL_KEY_ACCESS without its WFSPINACCESS' };
  const code = ILLEGAL_ACCESS[Number(access.errorCode)];
  const keyName = access.keyName;
  return {
    payload: (major) => compact({
      keyName,
      errorCode: code === 'algorithm' ? (major >= 3 ? 'algorithmNotSupported' : 'algorithmNotSupp') : code,
    }),
  };
};

export const pinEventTranslators: Record<string, Translator> = { keyEvent, initialized, illegalKeyAccess, layoutEvent };
