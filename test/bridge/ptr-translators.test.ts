// Every value of every enum table of ptr.json through the PTR builders, translators and event
// translators, with decoded 3.x structures as fixtures (the simulated receipt printer produces only
// some values; ptr-e2e.test.ts covers the FFI path). Ends by checking that no enum entry was left
// unexercised and that unknown or unmappable 3.x values give a warning, never a crash.
import t from 'tap';
import type { JsonObject } from '../../src/xfs4iot/backend.ts';
import type { PtrCapabilities, PtrFormField, PtrStatus } from '../../src/legacy-xfs3/ptr/types.ts';
import type { XfsCompletion, XfsEvent, XfsVersionInfo } from '../../src/legacy-xfs3/types.ts';
import { loadMappings } from '../../src/bridge/mapping-loader.ts';
import { MappingUsage, mappingKeys } from '../../src/bridge/usage.ts';
import { EnumTables } from '../../src/bridge/enums.ts';
import type { CommandCall } from '../../src/bridge/translator.ts';
import { buildCapabilities, buildStatus } from '../../src/bridge/ptr/status.ts';
import { getQueryField, getQueryForm, getQueryMedia } from '../../src/bridge/ptr/info.ts';
import { controlMedia, printForm } from '../../src/bridge/ptr/print.ts';
import { ptrEventTranslators } from '../../src/bridge/ptr/events.ts';
import { controlPassbook, mediaExtents, readForm, readImage, supplyReplenish } from '../../src/bridge/ptr/document.ts';

const mappings = loadMappings();
const ptr = mappings.classes.get('PTR')!;
const usage = new MappingUsage();
const warnings: string[] = [];
const enums = new EnumTables([{ file: 'generic.json', tables: mappings.generic.enums }, { file: 'ptr.json', tables: ptr.enums }], usage,
  (message, details) => warnings.push(`${message} ${JSON.stringify(details)}`));

const version = { major: 3, minor: 30, word: 0x1e03, text: '3.30' };
const info: XfsVersionInfo = { version, low: version, high: version, description: 'fixture', systemStatus: '' };
const status = (overrides: Partial<PtrStatus> = {}): PtrStatus => ({
  device: 0, media: 1, paper: [0, 1, 2, 3, 4, 5, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3], toner: 0, ink: 3, lamp: 3,
  retractBins: [{ state: 0, count: 1 }], mediaOnStacker: 0, extra: {}, devicePosition: 0, powerSaveRecoveryTime: 0,
  paperType: [0, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2], antiFraudModule: 0, blackMarkMode: 0, ...overrides,
});
const caps: PtrCapabilities = {
  class: 1, type: 0x1f, compound: false, resolution: 0xf, readForm: 0x7f, writeForm: 0x7f, extents: 3, control: 0xffff,
  maxMediaOnStacker: 0, acceptMedia: false, multiPage: false, paperSources: 0x7f, mediaTaken: true, maxRetract: [10, 20],
  imageType: 0xf, frontImageColorFormat: 7, backImageColorFormat: 7, codelineFormat: 0, imageSource: 7, charSupport: 1,
  dispensePaper: true, extra: { Model: 'M' }, mediaPresented: true, autoRetractPeriod: 0, retractToTransport: true,
  powerSaveControl: false, coercivityType: 0xe, controlPassbook: 0xf, printSides: 2, antiFraudModule: false, controlEx: 0x3ffff,
};
const ok: XfsCompletion<unknown> = { ok: true, code: 0, name: 'WFS_SUCCESS', requestId: 1, commandCode: 0, data: undefined, origin: 'service' };

const sent: unknown[] = [];
function call(payload: JsonObject | undefined, data: unknown): CommandCall<PtrCapabilities, PtrStatus> {
  return {
    name: 'fixture', payload, major: 2, connectionId: 1, enums,
    device: { version, capabilities: caps, status: status(), exchangeActive: false },
    execute: async (_command, input) => { sent.push(input); return { ...ok, data }; },
    getInfo: async () => ({ ...ok, data }),
    failure: () => ({ completionCode: 'internalError' }),
    refresh: async () => undefined,
    statusRead: async () => undefined,
    warn: (message) => warnings.push(message),
  };
}
const event = (name: string, data: unknown): XfsEvent => ({ kind: 'user', eventId: 0, name, requestId: 0, hService: 1, code: 0, data, timestamp: '' });
const ctx = { enums, device: { version, capabilities: caps, status: status(), exchangeActive: false } };

t.test('status: every media, supply, toner, lamp, retract bin and black mark value', async (t) => {
  const before = warnings.length;
  const s = buildStatus(status(), enums) as { common: JsonObject; printer: JsonObject };
  t.same(warnings.slice(before).filter((w) => w.includes('supplyIndex')), [], 'the reserved paper sources 6-15 are no warning (they flooded the start-up log)');
  t.same(s.printer.paper, { upper: 'full', lower: 'low', external: 'out', aux2: 'unknown', park: 'jammed' }, 'not supported sources left out');
  t.same(s.printer.paperType, { upper: 'single', lower: 'dual', external: 'unknown', aux2: 'unknown', park: 'unknown' }, 'paper types only for sources with paper');
  for (let media = 0; media <= 6; media++) buildStatus(status({ media }), enums);
  for (let toner = 0; toner <= 4; toner++) buildStatus(status({ toner, ink: toner }), enums);
  for (let lamp = 0; lamp <= 4; lamp++) buildStatus(status({ lamp }), enums);
  for (let state = 0; state <= 5; state++) buildStatus(status({ retractBins: [{ state, count: 0 }] }), enums);
  for (let blackMarkMode = 0; blackMarkMode <= 3; blackMarkMode++) buildStatus(status({ blackMarkMode }), enums);
  for (let devicePosition = 0; devicePosition <= 3; devicePosition++) buildStatus(status({ devicePosition }), enums);
  for (let antiFraudModule = 0; antiFraudModule <= 4; antiFraudModule++) buildStatus(status({ antiFraudModule }), enums);
  t.equal((buildStatus(status({ media: 3, ink: 3, lamp: 3 }), enums).printer as JsonObject).media, null, 'media not supported: null');
  const old = buildStatus(status({ paperType: undefined, blackMarkMode: undefined, devicePosition: undefined }), enums) as { common: JsonObject; printer: JsonObject };
  t.equal(old.printer.paperType, undefined, 'a 3.00 status has no paper types');
});

t.test('capabilities: every flag, and the print sides', async (t) => {
  const c = buildCapabilities(caps, enums, info, '1.0') as { printer: JsonObject };
  t.same(c.printer.control, Object.fromEntries(Object.keys(ptr.enums.fwControl!.flags!).map((name) => [name, true])), 'dwControlEx reaches every flag');
  t.equal((c.printer.paperSources as JsonObject).any, undefined, 'any is no capability');
  t.same(c.printer.maxRetract, [10, 20]);
  t.equal(c.printer.retractBins, 2);
  for (const printSides of [0, 1, 2]) buildCapabilities({ ...caps, printSides }, enums, info, '1.0');
});

t.test('forms, media and fields', async (t) => {
  for (const [base, alignment, orientation] of [[0, 0, 0], [1, 1, 1], [2, 2, 0], [2, 3, 0]] as const) {
    const r = await getQueryForm(call({ formName: 'F' }, { formName: 'F', base, unitX: 1, unitY: 1, width: 1, height: 1, alignment, orientation, offsetX: 0, offsetY: 0, versionMajor: 1, versionMinor: 0, userPrompt: '', charSupport: 1, fields: ['A'] }));
    t.equal(r.completionCode, null);
  }
  for (const [mediaType, foldType, base] of [[0, 0, 0], [1, 1, 1], [2, 2, 2]] as const) {
    const r = await getQueryMedia(call({ mediaName: 'M' }, { mediaType, base, unitX: 1, unitY: 1, sizeWidth: 1, sizeHeight: 1, pageCount: 0, lineCount: 0, printAreaX: 0, printAreaY: 0, printAreaWidth: 0, printAreaHeight: 0, restrictedAreaX: 0, restrictedAreaY: 0, restrictedAreaWidth: 0, restrictedAreaHeight: 0, stagger: 0, foldType, paperSources: 2 }));
    t.equal(r.completionCode, null);
  }
  const fields: PtrFormField[] = [];
  for (let i = 0; i <= 6; i++) {
    fields.push({ fieldName: `F${i}`, indexCount: 0, type: i, class: i % 3, access: 1 + (i % 3), overflow: i % 5, initialValue: '', format: '', coercivity: i % 3 });
  }
  const r = await getQueryField(call({ formName: 'F' }, fields));
  t.same((r.payload?.fields as JsonObject).F4, { indexCount: 0, type: 'barcode', class: 'optional', access: 'write', overflow: 'wordWrap', coercivity: 'low' });
});

t.test('print and media control requests', async (t) => {
  for (const alignment of ['formDefinition', 'topLeft', 'topRight', 'bottomLeft', 'bottomRight']) {
    t.equal((await printForm(call({ formName: 'F', alignment, fields: { A: '1', L: ['x', 'y'] } }, undefined))).completionCode, null);
  }
  t.same((sent.at(-1) as { fields: string[]; alignment: number }).fields, ['A=1', 'L[0]=x', 'L[1]=y']);
  t.equal((sent.at(-1) as { alignment: number }).alignment, 4);
  const all = Object.fromEntries(Object.keys(ptr.enums.mediaControl!.flags!).map((name) => [name, true]));
  t.equal((await controlMedia(call({ mediaControl: all }, undefined))).completionCode, null);
  t.equal((sent.at(-1) as { mediaControl: number }).mediaControl, 0x3ffff);
});

t.test('event translators: every failure, threshold and position; unmappable values warn', async (t) => {
  const { fieldFailure, paperThreshold, tonerThreshold, retractBinThreshold, mediaDetected, mediaPresented, mediaTaken } = ptrEventTranslators as Record<string, NonNullable<(typeof ptrEventTranslators)[string]>>;
  for (let failure = 0; failure <= 8; failure++) {
    const out = fieldFailure!(event('WFS_EXEE_PTR_FIELDWARNING', { formName: 'F', fieldName: 'A', failure }), ctx);
    if (failure === 7) t.ok(out.warning, 'a field type the device does not support has no XFS4IoT failure');
    else t.ok(out.payload, `failure ${failure}`);
  }
  for (const threshold of [0, 1, 2]) {
    t.same((paperThreshold!(event('WFS_USRE_PTR_PAPERTHRESHOLD', { paperSource: 4, threshold }), ctx).payload as { paperSource?: unknown } | undefined)?.paperSource, 'lower');
    t.ok(tonerThreshold!(event('WFS_USRE_PTR_TONERTHRESHOLD', { threshold }), ctx).payload);
  }
  t.ok(paperThreshold!(event('WFS_USRE_PTR_PAPERTHRESHOLD', { paperSource: 1, threshold: 0 }), ctx).warning, 'any is no paper source');
  for (const state of [0, 1, 4]) t.ok(retractBinThreshold!(event('WFS_USRE_PTR_RETRACTBINTHRESHOLD', { binNumber: 2, state }), ctx).payload);
  t.ok(retractBinThreshold!(event('WFS_USRE_PTR_RETRACTBINTHRESHOLD', { binNumber: 1, state: 3 }), ctx).warning);
  for (const position of [0, 2, 4, 5, 7]) t.ok(mediaDetected!(event('WFS_SRVE_PTR_MEDIADETECTED', { position, retractBinNumber: 0 }), ctx).payload);
  t.same(mediaDetected!(event('WFS_SRVE_PTR_MEDIADETECTED', { position: 6, retractBinNumber: 2 }), ctx).payload, { position: 'unit2' });
  t.ok(mediaDetected!(event('WFS_SRVE_PTR_MEDIADETECTED', { position: 6, retractBinNumber: 0 }), ctx).warning, 'retracted needs a bin');
  t.ok(mediaDetected!(event('WFS_SRVE_PTR_MEDIADETECTED', { position: 1, retractBinNumber: 0 }), ctx).warning, 'not present has no counterpart');
  t.ok(mediaPresented!(event('WFS_EXEE_PTR_MEDIAPRESENTED', undefined), ctx).warning);
  t.same(mediaTaken!(event('WFS_SRVE_PTR_MEDIATAKEN', undefined), ctx).payload, {});
  t.ok(fieldFailure!(event('WFS_EXEE_PTR_FIELDERROR', undefined), ctx).warning, 'no data: a warning, no crash');
});

t.test('document printer requests: image types, colours, statuses, extents, passbook actions, supplies', async (t) => {
  for (const type of ['tif', 'wmf', 'bmp', 'jpg']) {
    for (const color of ['binary', 'grayscale', 'fullcolor']) {
      const images = [{ source: 1, status: 0, data: Buffer.from('F') }, { source: 2, status: 2, data: Buffer.alloc(0) }];
      const r = await readImage(call({ frontImageType: type, frontImageColorFormat: color, backImageType: type, backImageColorFormat: color }, images));
      t.same(r.payload, { images: { front: { status: 'ok', data: 'Rg==' }, back: { status: 'missing' } } }, `${type} ${color}`);
    }
  }
  const notSupported = await readImage(call({ frontImageType: 'bmp' }, [{ source: 1, status: 1, data: Buffer.alloc(0) }]));
  t.same(notSupported.payload, { images: { front: {} } }, 'a source the scanner lacks: no status');
  t.same(sent.at(-1), { frontImageType: 4, backImageType: 0, frontImageColorFormat: 1, backImageColorFormat: 0, codelineFormat: 0, imageSource: 1 }, 'the simplest colour by default');
  for (const [base, code] of [['inches', 0], ['inch', 0], ['mm', 1], ['rowColumn', 2]] as const) {
    t.same((await mediaExtents(call({ base, unitX: 2, unitY: 3 }, { sizeX: 5, sizeY: 6 }))).payload, { sizeX: 5, sizeY: 6 });
    t.same(sent.at(-1), { base: code, unitX: 2, unitY: 3 });
  }
  for (const [action, bit] of [['forward', 1], ['backward', 2], ['closeForward', 4], ['closeBackward', 8]] as const) {
    t.equal((await controlPassbook(call({ action, count: 2 }, undefined))).completionCode, null);
    t.same(sent.at(-1), { action: bit, count: bit <= 2 ? 2 : 0 }, `${action}: the count only for turns`);
  }
  const supplies = Object.fromEntries(Object.keys(ptr.enums.supplyReplenish!.flags!).map((name) => [name, true]));
  t.equal((await supplyReplenish(call(supplies, undefined))).completionCode, null);
  t.same(sent.at(-1), { supplies: 0x7f });
  const read = await readForm(call({ formName: 'F', fieldNames: ['A'] }, ['A=1', 'B[2]=x=y', 'broken']));
  t.same(read.payload, { fields: { A: '1', 'B[2]': 'x=y' } }, 'values may hold "="; an entry without one is left out');
  t.ok(warnings.some((w) => w.includes('without "NAME="')), 'and warned about');
  t.equal((await readForm(call({ formName: 'F' }, []))).payload, undefined, 'nothing read: no fields');
});

t.test('document printer events: rejections, lamp, ink, bins, definitions, auto-retract', async (t) => {
  const { noMedia, mediaInserted, mediaRejected, lampThreshold, inkThreshold, retractBinStatus, definitionLoaded, mediaAutoRetracted } =
    ptrEventTranslators as Record<string, NonNullable<(typeof ptrEventTranslators)[string]>>;
  t.same(noMedia!(event('WFS_EXEE_PTR_NOMEDIA', { userPrompt: 'Insert' }), ctx).payload, { userPrompt: 'Insert' });
  t.same(noMedia!(event('WFS_EXEE_PTR_NOMEDIA', { userPrompt: '' }), ctx).payload, {}, 'an empty prompt is left out');
  t.same(mediaInserted!(event('WFS_EXEE_PTR_MEDIAINSERTED', undefined), ctx).payload, {});
  for (let reason = 0; reason <= 8; reason++) t.ok(mediaRejected!(event('WFS_EXEE_PTR_MEDIAREJECTED', { reason }), ctx).payload, `reason ${reason}`);
  t.ok(mediaRejected!(event('WFS_EXEE_PTR_MEDIAREJECTED', { reason: 9 }), ctx).warning);
  for (const threshold of [0, 1, 2]) {
    t.ok(lampThreshold!(event('WFS_USRE_PTR_LAMPTHRESHOLD', { threshold }), ctx).payload);
    t.ok(inkThreshold!(event('WFS_USRE_PTR_INKTHRESHOLD', { threshold }), ctx).payload);
  }
  t.ok(lampThreshold!(event('WFS_USRE_PTR_LAMPTHRESHOLD', { threshold: 3 }), ctx).warning);
  for (const state of [1, 2]) t.ok(retractBinStatus!(event('WFS_SRVE_PTR_RETRACTBINSTATUS', { binNumber: 2, state }), ctx).payload);
  t.ok(retractBinStatus!(event('WFS_SRVE_PTR_RETRACTBINSTATUS', { binNumber: 0, state: 1 }), ctx).warning, 'bins count from 1');
  t.same(definitionLoaded!(event('WFS_SRVE_PTR_DEFINITIONLOADED', { name: 'F', type: 1 }), ctx).payload, { name: 'F', type: 'form' });
  t.same(definitionLoaded!(event('WFS_SRVE_PTR_DEFINITIONLOADED', { name: 'M', type: 2 }), ctx).payload, { name: 'M', type: 'media' });
  t.ok(definitionLoaded!(event('WFS_SRVE_PTR_DEFINITIONLOADED', { name: '', type: 1 }), ctx).warning);
  t.same(mediaAutoRetracted!(event('WFS_SRVE_PTR_MEDIAAUTORETRACTED', { result: 0, binNumber: 2 }), ctx).payload, { result: 'unit2' });
  t.same(mediaAutoRetracted!(event('WFS_SRVE_PTR_MEDIAAUTORETRACTED', { result: 0, binNumber: 0 }), ctx).payload, { result: 'transport' });
  t.same(mediaAutoRetracted!(event('WFS_SRVE_PTR_MEDIAAUTORETRACTED', { result: 1, binNumber: 0 }), ctx).payload, { result: 'jammed' });
  t.ok(mediaAutoRetracted!(event('WFS_SRVE_PTR_MEDIAAUTORETRACTED', undefined), ctx).warning, 'no data: a warning, no crash');
});

t.test('unknown 3.x values warn and are left out', async (t) => {
  const before = warnings.length;
  const s = buildStatus(status({ media: 99, toner: 42 }), enums) as { printer: JsonObject };
  t.equal(s.printer.media, undefined);
  t.ok(warnings.length > before, 'warned');
});

t.test('every enum entry of ptr.json was exercised', async (t) => {
  for (const key of mappingKeys('ptr.json', ptr).filter((k) => k.includes(':enums/'))) t.ok(usage.has(key), `${key} exercised`);
});
