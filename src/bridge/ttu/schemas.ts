// Payload schemas of the TextTerminal commands this bridge offers. Both releases define the commands
// at 2.0; 2024-03 answers GetQueryForm and GetQueryField with 3.0 completions (structured form and
// field definitions, forms.ts), so those two are served at major 3 too. Additional properties are
// allowed (seed 2.3.3.1) and ignored.
import type { PayloadSchema } from '../../xfs4iot/backend.ts';
import type { CommandSchemaEntry } from '../class-binding.ts';

function object(properties: Record<string, PayloadSchema>, required: string[] = []): PayloadSchema {
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
}
const nullable = (schema: PayloadSchema): PayloadSchema => ({ anyOf: [schema, { type: 'null' }] });

const name: PayloadSchema = { type: 'string', minLength: 1, maxLength: 256 };
const word: PayloadSchema = { type: 'integer', minimum: 0, maximum: 65535 };
const flag: PayloadSchema = { type: ['boolean', 'null'] };
const mode: PayloadSchema = { enum: ['relative', 'absolute', null] };
const attributes = nullable(object({ underline: flag, inverted: flag, flash: flag }));
const key: PayloadSchema = { type: 'string', pattern: '^(zero|one|two|three|four|five|six|seven|eight|nine|\\D)$' };
const activeKeys: PayloadSchema = nullable({ type: 'array', items: key, maxItems: 256 });
const activeCommandKeys: PayloadSchema = nullable({
  type: 'object',
  propertyNames: { pattern: '^(enter|cancel|clear|backspace|help|doubleZero|tripleZero|arrowUp|arrowDown|arrowLeft|arrowRight|fdk(0[1-9]|[12][0-9]|3[0-2])|oem[A-Za-z0-9]*)$' },
  additionalProperties: nullable(object({ terminate: flag })),
  maxProperties: 64,
});
const none = (): undefined => undefined;

export const ttuCommandSchemas: Record<string, CommandSchemaEntry> = {
  'TextTerminal.GetFormList': { majors: [2], payload: none },
  'TextTerminal.GetQueryForm': { majors: [2, 3], payload: () => object({ formName: name }, ['formName']) },
  'TextTerminal.GetQueryField': { majors: [2, 3], payload: () => object({ formName: name, fieldName: nullable(name) }, ['formName']) },
  'TextTerminal.GetKeyDetail': { majors: [2], payload: none },
  'TextTerminal.Beep': {
    majors: [2],
    payload: () => object({
      beep: nullable(object({ continuous: flag, beepType: { enum: ['keyPress', 'exclamation', 'warning', 'error', 'critical', null] } })),
    }),
  },
  'TextTerminal.ClearScreen': {
    majors: [2],
    payload: () => object({
      screen: nullable(object({ positionX: word, positionY: word, width: { ...word, minimum: 1 }, height: { ...word, minimum: 1 } }, ['width', 'height'])),
    }),
  },
  'TextTerminal.SetResolution': {
    majors: [2],
    payload: () => object({ resolution: object({ sizeX: word, sizeY: word }, ['sizeX', 'sizeY']) }, ['resolution']),
  },
  'TextTerminal.WriteForm': {
    majors: [2],
    payload: () => object({
      formName: name, clearScreen: flag,
      fields: nullable({ type: 'object', propertyNames: { maxLength: 256 }, additionalProperties: nullable({ type: 'string', maxLength: 4096 }), maxProperties: 256 }),
    }, ['formName']),
  },
  'TextTerminal.ReadForm': {
    majors: [2],
    payload: () => object({ formName: name, fields: nullable({ type: 'array', items: name, maxItems: 256 }) }, ['formName']),
  },
  'TextTerminal.Write': {
    majors: [2],
    payload: () => object({ mode, posX: word, posY: word, textAttr: attributes, text: { type: 'string', maxLength: 4096 } }, ['text']),
  },
  'TextTerminal.Read': {
    majors: [2],
    payload: () => object({
      numOfChars: { type: 'integer', minimum: 0, maximum: 65535 }, mode, posX: word, posY: word,
      echoMode: { enum: ['text', 'invisible', 'password', null] }, echoAttr: attributes,
      visible: flag, flush: flag, autoEnd: flag, activeKeys, activeCommandKeys,
    }, ['numOfChars']),
  },
  'TextTerminal.Reset': { majors: [2], payload: none },
  'TextTerminal.DefineKeys': { majors: [2], payload: () => object({ activeKeys, activeCommandKeys }) },
};

export const ttuEvents: Record<string, { kind: 'event' | 'unsolicited'; version: string }> = {
  'TextTerminal.KeyEvent': { kind: 'event', version: '2.0' },
  'TextTerminal.FieldErrorEvent': { kind: 'event', version: '2.0' },
  'TextTerminal.FieldWarningEvent': { kind: 'event', version: '2.0' },
};
