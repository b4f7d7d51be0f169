// TTU execute events as XFS4IoT TextTerminal events: each key the customer pressed during Read or
// ReadForm, and the field failures of WriteForm/ReadForm.
import type { TtuCapabilities, TtuFieldFailure, TtuKey, TtuStatus } from '../../legacy-xfs3/ttu/types.ts';
import type { EventOutcome, EventTranslator } from '../event-types.ts';
import { compact } from '../translator.ts';
import { keyName } from './keys.ts';

type Translator = EventTranslator<TtuCapabilities, TtuStatus>;

const key: Translator = (event, ctx): EventOutcome => {
  const k = event.data as TtuKey;
  if (k.key) return { payload: { key: keyName(k.key) } };
  const commandKey = ctx.enums.value<string>('commandKey', k.commandKey);
  return commandKey ? { payload: { commandKey } } : { warning: `KEY event with command key ${k.commandKey}, which has no XFS4IoT name` };
};

const fieldFailure: Translator = (event, ctx) => {
  const f = event.data as TtuFieldFailure;
  return { payload: compact({ formName: f.formName, fieldName: f.fieldName, failure: ctx.enums.value<string>('fieldFailure', f.failure) ?? undefined }) };
};

export const ttuEventTranslators: Record<string, Translator> = { key, fieldFailure };
