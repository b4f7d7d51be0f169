// Payload schemas of the CashAcceptor, CashManagement and Storage commands of a 3.x cash acceptor,
// per message major (2 = 2023-2; the 2024-03 release defines these at 2.0 too). Additional
// properties are allowed (seed 2.3.3.1) and ignored; every list and number is bounded.
import type { PayloadSchema } from '../../xfs4iot/backend.ts';
import type { CommandSchemaEntry } from '../class-binding.ts';

function object(properties: Record<string, PayloadSchema>, required: string[] = []): PayloadSchema {
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
}

const outputPositions = ['outDefault', 'outLeft', 'outRight', 'outCenter', 'outTop', 'outBottom', 'outFront', 'outRear'];
const inputPositions = ['inDefault', 'inLeft', 'inRight', 'inCenter', 'inTop', 'inBottom', 'inFront', 'inRear'];
const anyPosition: PayloadSchema = { enum: [...inputPositions, ...outputPositions] };
const cashItem: PayloadSchema = { type: 'string', pattern: '^type[0-9A-Z]+$', maxLength: 64 };
const retractAreas = ['retract', 'transport', 'stacker', 'reject', 'itemCassette', 'cashIn'];
const index: PayloadSchema = { type: 'integer', minimum: 1, maximum: 65535 };

type SchemaFor = CommandSchemaEntry['payload'];
const none: SchemaFor = () => undefined;

export const cimCommandSchemas: Record<string, CommandSchemaEntry> = {
  'CashAcceptor.GetCashInStatus': { majors: [2], payload: none },
  'CashAcceptor.CashInStart': {
    majors: [2],
    payload: () => object({
      tellerID: { type: 'integer', minimum: 0, maximum: 65535 },
      useRecycleUnits: { type: 'boolean' },
      outputPosition: { enum: outputPositions },
      inputPosition: { enum: inputPositions },
      // As the releases define them; 3.x limits (one currency, 32-bit counts) are the translator's refusals.
      totalItemsLimit: { type: 'integer', minimum: 0 },
      amountLimit: { type: 'array', items: object({ currency: { type: 'string', pattern: '^[A-Z]{3}$' }, value: { type: 'number' } }) },
    }),
  },
  'CashAcceptor.CashIn': { majors: [2], payload: none },
  'CashAcceptor.CashInEnd': { majors: [2], payload: none },
  'CashAcceptor.CashInRollback': { majors: [2], payload: none },
  'CashAcceptor.ConfigureNoteTypes': {
    majors: [2],
    payload: () => object({ items: { type: 'array', maxItems: 256, items: object({ item: cashItem, enabled: { type: 'boolean' } }, ['item']) } }, ['items']),
  },
  'CashManagement.GetBankNoteTypes': { majors: [2], payload: none },
  'CashManagement.Retract': {
    majors: [2],
    payload: () => object({ location: object({ outputPosition: { enum: outputPositions }, retractArea: { enum: retractAreas }, index }) }),
  },
  'CashManagement.Reset': {
    majors: [2],
    payload: () => object({ position: object({ target: { enum: ['singleUnit', ...retractAreas, ...outputPositions] }, unit: { type: 'string', pattern: '^unit[0-9A-Za-z]+$' }, index }) }),
  },
  'CashManagement.OpenShutter': { majors: [2], payload: () => object({ position: anyPosition }) },
  'CashManagement.CloseShutter': { majors: [2], payload: () => object({ position: anyPosition }) },
  'Storage.GetStorage': { majors: [2], payload: none },
};

/** XFS4IoT events of the CIM services and their kinds (solicited event or unsolicited). */
export const cimEvents: Record<string, { kind: 'event' | 'unsolicited'; version: string }> = {
  'CashAcceptor.InputRefuseEvent': { kind: 'event', version: '2.0' },
  'CashAcceptor.SubCashInEvent': { kind: 'event', version: '2.0' },
  'CashAcceptor.InsertItemsEvent': { kind: 'event', version: '2.0' },
  'CashManagement.NoteErrorEvent': { kind: 'event', version: '2.0' },
  'Storage.StorageErrorEvent': { kind: 'event', version: '2.0' },
  'CashManagement.MediaDetectedEvent': { kind: 'unsolicited', version: '2.0' },
  'CashManagement.ItemsTakenEvent': { kind: 'unsolicited', version: '2.0' },
  'CashManagement.ItemsInsertedEvent': { kind: 'unsolicited', version: '2.0' },
  'CashManagement.ItemsPresentedEvent': { kind: 'unsolicited', version: '2.0' },
  'Storage.StorageChangedEvent': { kind: 'unsolicited', version: '2.0' },
  'Storage.StorageThresholdEvent': { kind: 'unsolicited', version: '2.0' },
};
