// Payload schemas of the CardReader and Storage commands this bridge offers, per message major:
// 2 = the 2023-2 release, 3 = the 2024-03 release (same properties; 3.x tightened the base64 rule).
// Additional properties are allowed (seed 2.3.3.1) and ignored.
import type { PayloadSchema } from '../../xfs4iot/backend.ts';
import type { CommandSchemaEntry } from '../class-binding.ts';

const base64ByMajor: Record<number, PayloadSchema> = {
  2: { type: 'string', pattern: '^[A-Za-z0-9+/]+={0,2}$' },
  3: { type: 'string', pattern: '^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$', minLength: 1 },
};
const flag: PayloadSchema = { type: 'boolean' };
const position = (extra: string[] = []): PayloadSchema => ({ type: 'string', pattern: `^(?:${['exit', 'transport', ...extra, 'unit[0-9A-Za-z]+'].join('|')})$` });

type SchemaFor = CommandSchemaEntry['payload'];

function object(properties: Record<string, PayloadSchema>, required: string[] = []): PayloadSchema {
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
}

const readRawData: SchemaFor = () => object(Object.fromEntries(
  ['track1', 'track2', 'track3', 'chip', 'security', 'fluxInactive', 'watermark', 'memoryChip', 'track1Front', 'frontImage', 'backImage', 'track1JIS', 'track3JIS', 'ddi']
    .map((name) => [name, flag]),
));

const writeRawData: SchemaFor = (major) => {
  const track = object({ data: base64ByMajor[major], writeMethod: { enum: ['loco', 'hico'] } }, ['data']);
  return object(Object.fromEntries(['track1', 'track2', 'track3', 'track1Front', 'track1JIS', 'track3JIS'].map((name) => [name, track])));
};

const chipProtocol: PayloadSchema = { enum: ['chipT0', 'chipT1', 'chipProtocolNotRequired', 'chipTypeAPart3', 'chipTypeAPart4', 'chipTypeB', 'chipTypeNFC'] };

const emvConfigure: SchemaFor = (major) => {
  const b64 = base64ByMajor[major];
  const aid = object({ aid: b64, partialSelection: flag, transactionType: { type: 'integer', minimum: 0 }, kernelIdentifier: b64, configData: b64 }, ['aid', 'partialSelection']);
  const caKey = object({ index: { type: 'integer', minimum: 0 }, algorithmIndicator: { type: 'integer', minimum: 0 }, exponent: b64, modulus: b64, checksum: b64 }, ['index', 'algorithmIndicator', 'exponent', 'modulus']);
  const key = object({ rid: b64, caPublicKey: caKey }, ['rid', 'caPublicKey']);
  return object({ terminalData: b64, aidData: { type: 'array', items: aid }, keyData: { type: 'array', items: key } }, ['terminalData']);
};

const none: SchemaFor = () => undefined;

export const idcCommandSchemas: Record<string, CommandSchemaEntry> = {
  'CardReader.ReadRawData': { majors: [2, 3], payload: readRawData },
  'CardReader.WriteRawData': { majors: [2, 3], payload: writeRawData },
  'CardReader.Move': { majors: [2], payload: () => object({ from: position(), to: position() }) },
  'CardReader.Reset': { majors: [2], payload: () => object({ to: { enum: ['exit', 'retain', 'currentPosition', 'auto'] }, storageId: { type: 'string', pattern: '^unit[0-9A-Za-z]+$' } }) },
  'CardReader.ChipIO': { majors: [2, 3], payload: (major) => object({ chipProtocol, chipData: base64ByMajor[major] }, ['chipProtocol', 'chipData']) },
  'CardReader.ChipPower': { majors: [2, 3], payload: () => object({ chipPower: { enum: ['cold', 'warm', 'off'] } }, ['chipPower']) },
  // 2024-03 defines SetKey as a 3.0 command with a 2.0 completion.
  'CardReader.SetKey': { majors: [2, 3], payload: (major) => object({ keyValue: base64ByMajor[major] }, ['keyValue']) },
  'CardReader.QueryIFMIdentifier': { majors: [2], payload: none },
  'CardReader.EMVClessQueryApplications': { majors: [2, 3], payload: none },
  'CardReader.EMVClessConfigure': { majors: [2, 3], payload: emvConfigure },
  'CardReader.EMVClessPerformTransaction': { majors: [2, 3], payload: (major) => object({ data: base64ByMajor[major] }) },
  'CardReader.EMVClessIssuerUpdate': { majors: [2, 3], payload: (major) => object({ data: base64ByMajor[major] }, ['data']) },
  'Storage.GetStorage': { majors: [2], payload: none },
  'Storage.SetStorage': {
    majors: [2],
    payload: () => object({
      storage: {
        type: 'object',
        minProperties: 1,
        propertyNames: { pattern: '^unit[0-9A-Za-z]+$' },
        additionalProperties: object({
          card: object({
            configuration: object({ cardID: { type: 'string' }, threshold: { type: 'integer', minimum: 0 } }),
            status: object({ initialCount: { type: 'integer', minimum: 0 } }),
          }),
        }),
      },
    }, ['storage']),
  },
  'Storage.StartExchange': { majors: [2], payload: none },
  'Storage.EndExchange': { majors: [2], payload: none },
};

/** XFS4IoT events of the IDC services and their kinds (solicited event or unsolicited). */
export const idcEvents: Record<string, { kind: 'event' | 'unsolicited'; version: string }> = {
  'CardReader.InsertCardEvent': { kind: 'event', version: '2.0' },
  'CardReader.MediaInsertedEvent': { kind: 'event', version: '2.0' },
  'CardReader.InvalidMediaEvent': { kind: 'event', version: '2.0' },
  'CardReader.TrackDetectedEvent': { kind: 'event', version: '2.0' },
  'CardReader.MediaDetectedEvent': { kind: 'unsolicited', version: '2.0' },
  'CardReader.EMVClessReadStatusEvent': { kind: 'event', version: '2.0' },
  'CardReader.MediaRemovedEvent': { kind: 'unsolicited', version: '2.0' },
  'CardReader.CardActionEvent': { kind: 'unsolicited', version: '2.0' },
  'Storage.StorageChangedEvent': { kind: 'unsolicited', version: '2.0' },
  'Storage.StorageThresholdEvent': { kind: 'unsolicited', version: '2.0' },
};
