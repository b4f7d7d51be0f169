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
/** A storage unit id; the translators say which of the acceptor's units exist. */
const unitName: PayloadSchema = { type: 'string', maxLength: 64 };
const unitPattern: PayloadSchema = { type: 'string', pattern: '^unit[0-9A-Za-z]+$', maxLength: 64 };
const tellerId: PayloadSchema = { type: 'integer', minimum: 0, maximum: 65535 };
const currency: PayloadSchema = { type: 'string', pattern: '^[A-Z]{3}$' };
const toMove: PayloadSchema = { type: 'integer', minimum: 0, maximum: 65535 };
/** A 3.x cash unit list (usCount / lpusCUNumList, lppReplenishTargets, ...) holds at most 64 units here. */
const unitList = (items: PayloadSchema): PayloadSchema => ({ type: 'array', maxItems: 64, items });

const base64ByMajor: Record<number, PayloadSchema> = {
  2: { type: 'string', pattern: '^[A-Za-z0-9+/]+={0,2}$' },
  3: { type: 'string', pattern: '^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$', minLength: 1 },
};
const orientations = ['frontTop', 'frontBottom', 'backTop', 'backBottom', 'unknown'];
const levels = ['unrecognized', 'counterfeit', 'suspect', 'fit', 'unfit', 'inked'];
/** A P6 signature; 2024-03 (CompareSignature 3.0) tightened the base64 rule. */
const signature = (major: number): PayloadSchema => object({ noteType: cashItem, orientation: { enum: orientations }, signature: base64ByMajor[major] }, ['signature']);

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
    payload: () => object({ position: object({ target: { enum: ['singleUnit', ...retractAreas, ...outputPositions] }, unit: unitPattern, index }) }),
  },
  'CashManagement.OpenShutter': { majors: [2], payload: () => object({ position: anyPosition }) },
  'CashManagement.CloseShutter': { majors: [2], payload: () => object({ position: anyPosition }) },
  'Storage.GetStorage': { majors: [2], payload: none },
  'CashAcceptor.GetReplenishTarget': { majors: [2], payload: () => object({ source: unitName }, ['source']) },
  'CashAcceptor.Replenish': {
    majors: [2],
    payload: () => object({ source: unitPattern, replenishTargets: unitList(object({ target: unitPattern, numberOfItemsToMove: toMove }, ['target'])) }, ['source', 'replenishTargets']),
  },
  'CashAcceptor.GetDepleteSource': { majors: [2], payload: () => object({ cashUnitTarget: unitName }, ['cashUnitTarget']) },
  'CashAcceptor.Deplete': {
    majors: [2],
    payload: () => object({ depleteSources: unitList(object({ source: unitPattern, numberOfItemsToMove: toMove }, ['source'])), cashUnitTarget: unitPattern }, ['depleteSources', 'cashUnitTarget']),
  },
  'CashAcceptor.CashUnitCount': { majors: [2], payload: () => object({ units: unitList(unitName) }) },
  'CashAcceptor.GetDeviceLockStatus': { majors: [2], payload: none },
  'CashAcceptor.DeviceLockControl': {
    majors: [2],
    payload: () => object({
      deviceAction: { enum: ['lock', 'unlock', 'noLockAction'] },
      cashUnitAction: { enum: ['lockAll', 'unlockAll', 'lockIndividual', 'noLockAction'] },
      unitLockControl: unitList(object({ storageUnit: unitPattern, unitAction: { enum: ['lock', 'unlock'] } }, ['storageUnit', 'unitAction'])),
    }),
  },
  'CashAcceptor.PresentMedia': { majors: [2], payload: () => object({ position: anyPosition }) },
  'CashAcceptor.ConfigureNoteReader': { majors: [2], payload: () => object({ loadAlways: { type: 'boolean' } }) },
  'CashManagement.GetTellerInfo': { majors: [2], payload: () => object({ tellerID: tellerId, currency }) },
  'CashManagement.SetTellerInfo': {
    majors: [2],
    payload: () => object({
      action: { enum: ['create', 'modify', 'delete'] },
      tellerDetails: object({
        tellerID: tellerId,
        inputPosition: { enum: inputPositions },
        outputPosition: { enum: outputPositions },
        // Amounts by currency; the translator checks each fits the 3.x ULONG in the currency's units.
        tellerTotals: { type: 'object', additionalProperties: object(Object.fromEntries(
          ['itemsReceived', 'itemsDispensed', 'coinsReceived', 'coinsDispensed', 'cashBoxReceived', 'cashBoxDispensed'].map((f) => [f, { type: 'number' }]),
        )) },
      }, ['tellerID']),
    }, ['action', 'tellerDetails']),
  },
  'Storage.SetStorage': {
    majors: [2],
    payload: () => object({
      storage: {
        type: 'object',
        minProperties: 1,
        propertyNames: { pattern: '^unit[0-9A-Za-z]+$' },
        // Checked by the translator against what WFSCIMCASHIN lets an application set.
        additionalProperties: object({ cash: object({ configuration: { type: 'object' }, status: object({ initial: { type: 'object' } }) }) }),
      },
    }, ['storage']),
  },
  'Storage.StartExchange': { majors: [2], payload: none },
  'Storage.EndExchange': { majors: [2], payload: none },
  'CashAcceptor.CreateSignature': { majors: [2], payload: none },
  'CashAcceptor.CompareSignature': {
    majors: [2, 3],
    payload: (major) => object({ referenceSignatures: { type: 'array', maxItems: 16, items: signature(major) }, signatures: { type: 'array', maxItems: 16, items: signature(major) } }, ['referenceSignatures', 'signatures']),
  },
  'CashManagement.GetItemInfo': {
    majors: [2],
    payload: () => object({
      items: object({ level: { enum: levels }, index: { type: 'integer', minimum: 0, maximum: 65535 } }),
      itemInfoType: object({ serialNumber: { type: 'boolean' }, signature: { type: 'boolean' }, image: { type: 'boolean' } }),
    }),
  },
  'CashManagement.GetClassificationList': { majors: [2], payload: none },
  'CashManagement.SetClassificationList': {
    majors: [2],
    payload: () => object({
      version: { type: 'string', maxLength: 64 },
      classificationElements: {
        type: 'array',
        maxItems: 1024,
        items: object({ serialNumber: { type: 'string', maxLength: 64 }, currency, value: { type: 'number' }, level: { enum: ['unrecognized', 'counterfeit', 'suspect', 'fit', 'unfit', 'inked'] } }),
      },
    }),
  },
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
  'CashAcceptor.IncompleteReplenishEvent': { kind: 'event', version: '2.0' },
  'CashAcceptor.IncompleteDepleteEvent': { kind: 'event', version: '2.0' },
  'CashManagement.TellerInfoChangedEvent': { kind: 'unsolicited', version: '2.0' },
  'CashManagement.InfoAvailableEvent': { kind: 'event', version: '2.0' },
  'CashManagement.ShutterStatusChangedEvent': { kind: 'unsolicited', version: '2.0' },
};
