// Payload schemas of the CashDispenser, CashManagement and Storage commands this bridge offers, per
// message major: 2 = the 2023-2 release, 3 = the 2024-03 release (Denominate and Dispense moved to 3.0
// with the same properties). Additional properties are allowed (seed 2.3.3.1) and ignored.
import type { PayloadSchema } from '../../xfs4iot/backend.ts';
import type { CommandSchemaEntry } from '../class-binding.ts';

function object(properties: Record<string, PayloadSchema>, required: string[] = []): PayloadSchema {
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
}

const outputPositions = ['outDefault', 'outLeft', 'outRight', 'outCenter', 'outTop', 'outBottom', 'outFront', 'outRear'];
const inputPositions = ['inDefault', 'inLeft', 'inRight', 'inCenter', 'inTop', 'inBottom', 'inFront', 'inRear'];
const outputPosition: PayloadSchema = { enum: outputPositions };
const anyPosition: PayloadSchema = { enum: [...inputPositions, ...outputPositions] };
const unitName: PayloadSchema = { type: 'string', pattern: '^unit[0-9A-Za-z]+$' };
const amounts: PayloadSchema = { type: 'object', propertyNames: { pattern: '^[A-Z]{3}$' }, additionalProperties: { type: 'number', minimum: 0 } };
const unitCounts: PayloadSchema = { type: 'object', propertyNames: { pattern: '^unit[0-9A-Za-z]+$' }, additionalProperties: { type: 'integer', minimum: 0 } };
const cashBox = object({ currencies: amounts });

const denominationRequest: PayloadSchema = object({
  app: object({ currencies: amounts, counts: unitCounts, cashBox }),
  service: object({ currencies: amounts, partial: unitCounts, mix: { type: 'string', pattern: '^mix[0-9A-Za-z]+$' }, cashBox }),
});

const retractAreas = ['retract', 'transport', 'stacker', 'reject', 'itemCassette', 'cashIn'];
const itemTargets = ['singleUnit', ...retractAreas, ...outputPositions];

const itemTarget: PayloadSchema = object({ target: { enum: itemTargets }, unit: unitName, index: { type: 'integer', minimum: 1 } });

const flags = (names: string[]): PayloadSchema => object(Object.fromEntries(names.map((name) => [name, { type: 'boolean' }])));
// Storage.SetStorage for cash units: the properties both releases define (the 2024-03 deposit and
// printer units and the card and check units are the translator's to refuse).
const setStorage: PayloadSchema = object({
  storage: {
    type: 'object',
    additionalProperties: object({
      cash: object({
        configuration: object({
          types: flags(['cashIn', 'cashOut', 'replenishment', 'cashInRetract', 'cashOutRetract', 'reject']),
          items: flags(['fit', 'unfit', 'unrecognized', 'counterfeit', 'suspect', 'inked', 'coupon', 'document']),
          currency: { type: 'string', pattern: '^[A-Z]{3}$' }, value: { type: 'number' },
          highThreshold: { type: 'integer', minimum: 1 }, lowThreshold: { type: 'integer', minimum: 1 },
          appLockIn: { type: 'boolean' }, appLockOut: { type: 'boolean' }, cashItems: { type: 'array', items: { type: 'string' } },
          name: { type: 'string' }, maxRetracts: { type: 'integer', minimum: 1 },
        }),
        status: object({ initial: object({ unrecognized: { type: 'integer', minimum: 0 } }) }),
      }),
    }),
  },
});

type SchemaFor = CommandSchemaEntry['payload'];
const none: SchemaFor = () => undefined;

export const cdmCommandSchemas: Record<string, CommandSchemaEntry> = {
  'CashDispenser.GetMixTypes': { majors: [2], payload: none },
  // 2024-03 (3.0 completion) adds only the end-to-end token, which a 3.x dispenser cannot give.
  'CashDispenser.GetPresentStatus': { majors: [2, 3], payload: () => object({ position: outputPosition, nonce: { type: 'string' } }) },
  'CashDispenser.Denominate': {
    majors: [2, 3],
    payload: () => object({ request: object({ denomination: denominationRequest, tellerID: { type: 'integer', minimum: 0, maximum: 65535 } }, ['denomination']) }, ['request']),
  },
  'CashDispenser.Dispense': {
    majors: [2, 3],
    payload: () => object({ denomination: object({ denomination: denominationRequest, tellerID: { type: 'integer', minimum: 0, maximum: 65535 } }, ['denomination']), position: outputPosition, token: { type: 'string' } }, ['denomination']),
  },
  'CashDispenser.Present': { majors: [2], payload: () => object({ position: outputPosition }) },
  'CashDispenser.Reject': { majors: [2], payload: none },
  'CashManagement.Retract': {
    majors: [2],
    payload: () => object({ location: object({ outputPosition, retractArea: { enum: retractAreas }, index: { type: 'integer', minimum: 1, maximum: 65535 } }) }),
  },
  'CashManagement.Reset': {
    majors: [2],
    payload: () => object({ position: object({ target: { enum: itemTargets }, unit: unitName, index: { type: 'integer', minimum: 1, maximum: 65535 } }) }),
  },
  'CashManagement.OpenShutter': { majors: [2], payload: () => object({ position: anyPosition }) },
  'CashManagement.CloseShutter': { majors: [2], payload: () => object({ position: anyPosition }) },
  'Storage.GetStorage': { majors: [2], payload: none },
  'Storage.SetStorage': { majors: [2], payload: () => setStorage },
  'Storage.StartExchange': { majors: [2], payload: none },
  'Storage.EndExchange': { majors: [2], payload: none },
  'CashManagement.GetTellerInfo': { majors: [2], payload: () => object({ tellerID: { type: 'integer', minimum: 0 }, currency: { type: 'string', pattern: '^[A-Z]{3}$' } }) },
  'CashManagement.SetTellerInfo': {
    majors: [2],
    payload: () => object({
      action: { enum: ['create', 'modify', 'delete'] },
      tellerDetails: object({ tellerID: { type: 'integer', minimum: 0 }, inputPosition: { enum: inputPositions }, outputPosition, tellerTotals: { type: 'object' } }),
    }),
  },
  'CashManagement.CalibrateCashUnit': {
    majors: [2], payload: () => object({ unit: unitName, numOfBills: { type: 'integer', minimum: 1 }, position: itemTarget }),
  },
  'CashDispenser.TestCashUnits': { majors: [2], payload: () => object({ target: itemTarget }) },
  'CashDispenser.Count': {
    majors: [2],
    payload: () => ({ type: 'object', properties: { unit: { type: 'string', pattern: '^unit[0-9A-Za-z]+$' }, position: { type: 'string' } } }),
  },
  'CashDispenser.PrepareDispense': { majors: [2], payload: () => ({ type: 'object', properties: { action: { enum: ['start', 'stop'] } }, required: ['action'] }) },
  'CashDispenser.GetMixTable': { majors: [2], payload: () => ({ type: 'object', properties: { mix: { type: 'string', maxLength: 256 } }, required: ['mix'] }) },
  'CashDispenser.SetMixTable': {
    majors: [2],
    payload: () => ({
      type: 'object',
      properties: {
        mixNumber: { type: 'integer', minimum: 1, maximum: 65535 }, name: { type: 'string', maxLength: 256 },
        mixRows: {
          // The 3.x service judges the table's size (WFS_ERR_CDM_INVALIDMIXTABLE); these bound the input.
          type: 'array', maxItems: 256,
          items: {
            type: 'object', required: ['amount', 'mix'],
            properties: {
              amount: { type: 'number' },
              mix: { type: 'array', maxItems: 256, items: { type: 'object', required: ['value', 'count'], properties: { value: { type: 'number' }, count: { type: 'integer', minimum: 1, maximum: 65535 } } } },
            },
          },
        },
      },
      required: ['mixNumber', 'mixRows'],
    }),
  },
};

/** XFS4IoT events of the CDM services and their kinds (solicited event or unsolicited). */
export const cdmEvents: Record<string, { kind: 'event' | 'unsolicited'; version: string }> = {
  'CashManagement.NoteErrorEvent': { kind: 'event', version: '2.0' },
  'CashDispenser.DelayedDispenseEvent': { kind: 'event', version: '2.0' },
  'CashDispenser.StartDispenseEvent': { kind: 'event', version: '2.0' },
  'CashDispenser.IncompleteDispenseEvent': { kind: 'event', version: '2.0' },
  'CashManagement.IncompleteRetractEvent': { kind: 'event', version: '2.0' },
  'Storage.StorageErrorEvent': { kind: 'event', version: '2.0' },
  'CashManagement.MediaDetectedEvent': { kind: 'unsolicited', version: '2.0' },
  'CashManagement.ItemsTakenEvent': { kind: 'unsolicited', version: '2.0' },
  'CashManagement.ItemsPresentedEvent': { kind: 'unsolicited', version: '2.0' },
  'Storage.StorageChangedEvent': { kind: 'unsolicited', version: '2.0' },
  'Storage.StorageThresholdEvent': { kind: 'unsolicited', version: '2.0' },
  'CashManagement.TellerInfoChangedEvent': { kind: 'unsolicited', version: '2.0' },
  'CashManagement.ShutterStatusChangedEvent': { kind: 'unsolicited', version: '2.0' },
};
