// Payload schemas of the Printer commands this bridge offers, per message major: 2 = the 2023-2
// release, 3 = the 2024-03 release. Major 3 is offered only where its payload means the same to a 3.x
// printer (PrintForm: fields may also be arrays, one entry per index; PrintRaw; RetractMedia;
// ReadForm; ReadImage with frontImage/backImage objects; MediaExtents with a unit object; the form,
// media and field queries, answered with what the 3.x form and media definitions hold).
// Additional properties are allowed (seed 2.3.3.1) and ignored.
import type { PayloadSchema } from '../../xfs4iot/backend.ts';
import type { CommandSchemaEntry } from '../class-binding.ts';

function object(properties: Record<string, PayloadSchema>, required: string[] = []): PayloadSchema {
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
}

const base64ByMajor: Record<number, PayloadSchema> = {
  2: { type: 'string', pattern: '^[A-Za-z0-9+/]*={0,2}$' },
  3: { type: 'string', pattern: '^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$' },
};
const controlNames = ['eject', 'perforate', 'cut', 'skip', 'flush', 'retract', 'stack', 'partialCut', 'alarm', 'forward', 'backward',
  'turnMedia', 'stamp', 'park', 'expel', 'ejectToTransport', 'rotate180', 'clearBuffer'];
const mediaControl: PayloadSchema = object(Object.fromEntries(controlNames.map((name) => [name, { type: 'boolean' }])));
/** 2024-03: the movement is one value of `move`, the page turn one of `turnPage`; the rest stay booleans. */
const mediaControl3: PayloadSchema = object({
  move: { enum: ['eject', 'retract', 'park', 'expel', 'ejectToTransport', 'stack', null] },
  turnPage: { enum: ['forward', 'backward', null] },
  ...Object.fromEntries(['perforate', 'cut', 'skip', 'flush', 'partialCut', 'alarm', 'turnMedia', 'stamp', 'rotate180'].map((flag) => [flag, { type: ['boolean', 'null'] }])),
});
const mediaControlByMajor = (major: number): PayloadSchema => (major >= 3 ? { anyOf: [mediaControl3, { type: 'null' }] } : mediaControl);
const name: PayloadSchema = { type: 'string', minLength: 1, maxLength: 256 };
const paperSource: PayloadSchema = { type: 'string', pattern: '^(?:upper|lower|external|aux|aux2|park|any|[a-zA-Z][a-zA-Z0-9]*)$' };
const text: PayloadSchema = { type: 'string', maxLength: 4096 };
const fieldsByMajor: Record<number, PayloadSchema> = {
  2: { type: 'object', additionalProperties: text },
  3: { type: 'object', additionalProperties: { anyOf: [text, { type: 'array', items: text, maxItems: 256 }] } },
};

const colorFormat: PayloadSchema = { enum: ['binary', 'grayscale', 'fullcolor'] };
const unit: PayloadSchema = { type: 'integer', minimum: 1, maximum: 65535 };
const image3: PayloadSchema = object({ imageType: { enum: ['tif', 'wmf', 'bmp', 'jpg', 'png', 'gif', 'svg'] }, colorFormat });

type SchemaFor = CommandSchemaEntry['payload'];
const none: SchemaFor = () => undefined;

export const ptrCommandSchemas: Record<string, CommandSchemaEntry> = {
  'Printer.GetFormList': { majors: [2], payload: none },
  'Printer.GetMediaList': { majors: [2], payload: none },
  // At major 3 the queries answer with 2024-03's structured definitions (info.ts); GetQueryMedia's
  // command also renamed mediaName to name.
  'Printer.GetQueryForm': { majors: [2, 3], payload: () => object({ formName: name }, ['formName']) },
  'Printer.GetQueryMedia': {
    majors: [2, 3],
    payload: (major) => (major >= 3 ? object({ name }, ['name']) : object({ mediaName: name }, ['mediaName'])),
  },
  'Printer.GetQueryField': { majors: [2, 3], payload: () => object({ formName: name, fieldName: name }, ['formName']) },
  'Printer.PrintForm': {
    majors: [2, 3],
    payload: (major) => object({
      formName: name, mediaName: name,
      alignment: { enum: ['formDefinition', 'topLeft', 'topRight', 'bottomLeft', 'bottomRight'] },
      offsetX: { type: 'integer', minimum: 0, maximum: 65535 }, offsetY: { type: 'integer', minimum: 0, maximum: 65535 },
      resolution: { enum: ['low', 'medium', 'high', 'veryHigh'] },
      mediaControl: mediaControlByMajor(major), fields: fieldsByMajor[major], paperSource,
    }, ['formName']),
  },
  'Printer.PrintRaw': {
    majors: [2, 3],
    payload: (major) => object({ inputData: { enum: ['no', 'yes'] }, data: base64ByMajor[major] }),
  },
  'Printer.ControlMedia': { majors: [2, 3], payload: (major) => object({ mediaControl: mediaControlByMajor(major) }) },
  'Printer.Reset': { majors: [2, 3], payload: () => object({ mediaControl: { type: 'string', pattern: '^(?:eject|expel|unit[0-9A-Za-z]+)$' } }) },
  'Printer.RetractMedia': {
    majors: [2, 3],
    payload: () => object({ mediaControl: { type: 'string', pattern: '^(?:transport|unit[0-9A-Za-z]+)$' } }),
  },
  'Printer.DispensePaper': { majors: [2], payload: () => object({ paperSource }) },
  'Printer.ResetCount': { majors: [2], payload: () => object({ binNumber: { type: 'integer', minimum: 0, maximum: 65535 } }) },
  'Printer.ReadForm': {
    majors: [2, 3],
    payload: (major) => object({
      formName: name, fieldNames: { type: 'array', items: name, maxItems: 256 }, mediaName: name,
      mediaControl: mediaControlByMajor(major),
    }, ['formName']),
  },
  'Printer.ReadImage': {
    majors: [2, 3],
    payload: (major) => (major === 2
      ? object({
        frontImageType: { enum: ['tif', 'wmf', 'bmp', 'jpg', 'none'] }, backImageType: { enum: ['tif', 'wmf', 'bmp', 'jpg'] },
        frontImageColorFormat: colorFormat, backImageColorFormat: colorFormat,
      })
      : object({ frontImage: image3, backImage: image3, passportDataGroup1: { type: 'boolean' }, passportDataGroup2: { type: 'boolean' } })),
  },
  'Printer.MediaExtents': {
    majors: [2, 3],
    payload: (major) => (major === 2
      ? object({ base: { enum: ['inches', 'mm', 'rowColumn'] }, unitX: unit, unitY: unit })
      : object({ unit: object({ base: { enum: ['inch', 'mm', 'rowColumn'] }, x: unit, y: unit }) })),
  },
  'Printer.LoadDefinition': {
    majors: [2],
    payload: () => object({ definition: { type: 'string', minLength: 1, maxLength: 65536 }, overwrite: { type: 'boolean' } }, ['definition']),
  },
  'Printer.SupplyReplenish': {
    majors: [2],
    payload: () => object(Object.fromEntries(['upper', 'lower', 'aux', 'aux2', 'toner', 'ink', 'lamp'].map((supply) => [supply, { type: 'boolean' }]))),
  },
  'Printer.ControlPassbook': {
    majors: [2],
    payload: () => object({ action: { enum: ['forward', 'backward', 'closeForward', 'closeBackward'] }, count: { type: 'integer', minimum: 1, maximum: 65535 } }, ['action']),
  },
  'Printer.SetBlackMarkMode': { majors: [2], payload: () => object({ blackMarkMode: { type: 'boolean' } }, ['blackMarkMode']) },
};

/** XFS4IoT events of the printer services and their kinds (solicited event or unsolicited). */
export const ptrEvents: Record<string, { kind: 'event' | 'unsolicited'; version: string }> = {
  'Printer.FieldErrorEvent': { kind: 'event', version: '2.0' },
  'Printer.FieldWarningEvent': { kind: 'event', version: '2.0' },
  'Printer.MediaPresentedEvent': { kind: 'event', version: '2.0' },
  'Printer.MediaTakenEvent': { kind: 'unsolicited', version: '2.0' },
  'Printer.PaperThresholdEvent': { kind: 'unsolicited', version: '2.0' },
  'Printer.TonerThresholdEvent': { kind: 'unsolicited', version: '2.0' },
  'Printer.RetractBinThresholdEvent': { kind: 'unsolicited', version: '2.0' },
  'Printer.MediaDetectedEvent': { kind: 'unsolicited', version: '2.0' },
  'Printer.NoMediaEvent': { kind: 'event', version: '2.0' },
  'Printer.MediaInsertedEvent': { kind: 'event', version: '2.0' },
  'Printer.MediaRejectedEvent': { kind: 'event', version: '2.0' },
  'Printer.MediaInsertedUnsolicitedEvent': { kind: 'unsolicited', version: '2.0' },
  'Printer.MediaPresentedUnsolicitedEvent': { kind: 'unsolicited', version: '2.0' },
  'Printer.RetractBinStatusEvent': { kind: 'unsolicited', version: '2.0' },
  'Printer.DefinitionLoadedEvent': { kind: 'unsolicited', version: '2.0' },
  'Printer.MediaAutoRetractedEvent': { kind: 'unsolicited', version: '2.0' },
  'Printer.LampThresholdEvent': { kind: 'unsolicited', version: '2.0' },
  'Printer.InkThresholdEvent': { kind: 'unsolicited', version: '2.0' },
};
