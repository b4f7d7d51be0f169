// Every value of every enum table of cdm.json through the CDM builders, translators and event
// translators, with decoded 3.x structures as fixtures (the simulator produces only some values; the
// end-to-end test covers the FFI path), plus the money conversions. Ends by checking that no enum
// entry was left unexercised and that unknown 3.x values give a warning, never a crash.
import t from 'tap';
import type { JsonObject } from '../../src/xfs4iot/backend.ts';
import type { CdmCapabilities, CdmCashUnit, CdmStatus } from '../../src/legacy-xfs3/cdm/types.ts';
import type { XfsCompletion, XfsEvent, XfsVersionInfo } from '../../src/legacy-xfs3/types.ts';
import { loadMappings } from '../../src/bridge/mapping-loader.ts';
import { MappingUsage, mappingKeys } from '../../src/bridge/usage.ts';
import { EnumTables } from '../../src/bridge/enums.ts';
import type { CommandCall } from '../../src/bridge/translator.ts';
import { buildCapabilities, buildStatus } from '../../src/bridge/cdm/status.ts';
import { buildCashUnit } from '../../src/bridge/cdm/storage-units.ts';
import { cashItemOf, readCdmDevice, toCash, toMinimumUnits, type CdmDevice } from '../../src/bridge/cdm/device.ts';
import { getMixTypes, getPresentStatus } from '../../src/bridge/cdm/info.ts';
import { cdmEventTranslators } from '../../src/bridge/cdm/events.ts';

const mappings = loadMappings();
const cdm = mappings.classes.get('CDM')!;
const usage = new MappingUsage();
const warnings: string[] = [];
const enums = new EnumTables([{ file: 'generic.json', tables: mappings.generic.enums }, { file: 'cdm.json', tables: cdm.enums }], usage,
  (message, details) => warnings.push(`${message} ${JSON.stringify(details)}`));

const version = { major: 3, minor: 30, word: 0x1e03, text: '3.30' };
const info: XfsVersionInfo = { version, low: version, high: version, description: 'fixture', systemStatus: '' };

const position = { position: 4, shutter: 0, positionStatus: 0, transport: 0, transportStatus: 0 };
const status: CdmStatus = {
  device: 0, safeDoor: 3, dispenser: 0, intermediateStacker: 0, positions: [position], extra: {},
  devicePosition: 0, powerSaveRecoveryTime: 0, antiFraudModule: 1,
};
const caps: CdmCapabilities = {
  class: 3, type: 1, maxDispenseItems: 40, compound: false, shutter: true, shutterControl: true, retractAreas: 0x2f,
  retractTransportActions: 0x17, retractStackerActions: 0x17, safeDoor: true, cashBox: false, intermediateStacker: true,
  itemsTakenSensor: true, positions: 0x18c7, moveItems: 0x0f, exchangeType: 0x03, extra: { Model: 'M' }, itemInfoTypes: 7, blacklist: true,
};
const unit = (overrides: Partial<CdmCashUnit> = {}): CdmCashUnit => ({
  number: 2, type: 3, cashUnitName: 'EUR20', unitId: 'CAS02', currencyId: 'EUR', values: 2000, initialCount: 100, count: 90,
  rejectCount: 2, minimum: 10, maximum: 0, appLock: false, status: 0, dispensedCount: 10, presentedCount: 5, retractedCount: 0,
  physical: [{ physicalPositionName: 'SLOT2', unitId: 'CAS02', initialCount: 100, count: 90, rejectCount: 2, maximum: 0, pStatus: 0, hardwareSensor: true }],
  ...overrides,
});
const device = (overrides: Partial<CdmDevice> = {}): CdmDevice => ({ status, cashUnits: [unit()], exponents: { EUR: -2 }, ...overrides });

const ok: XfsCompletion<unknown> = { ok: true, code: 0, name: 'WFS_SUCCESS', requestId: 1, commandCode: 0, data: undefined, origin: 'service' };

function call(payload: JsonObject | undefined, data: unknown): CommandCall<CdmCapabilities, CdmDevice> {
  return {
    name: 'fixture', payload, major: 2, connectionId: 1, enums,
    device: { version, capabilities: caps, status: device(), exchangeActive: false },
    execute: async () => ({ ...ok, data }),
    getInfo: async () => ({ ...ok, data }),
    failure: () => ({ completionCode: 'internalError' }),
    refresh: async () => undefined,
    statusRead: async () => undefined,
    warn: (message) => warnings.push(message),
  };
}

function event(name: string, data: unknown): XfsEvent {
  return { kind: 'service', eventId: cdm.events[name]?.code ?? 0, name, requestId: 0, data } as XfsEvent;
}

t.test('money crosses with the currency exponent', async (t) => {
  t.equal(toCash(2000, 'EUR', { EUR: -2 }), 20);
  t.equal(toCash(30, 'EUR', { EUR: -2 }), 0.3, 'no binary noise (0.30000000000000004)');
  t.equal(toCash(150, 'ITL', { ITL: 2 }), 15000);
  t.equal(toCash(20, 'USD', {}), 20, 'no exponent known: 0');
  t.equal(toMinimumUnits(0.3, 'EUR', { EUR: -2 }), 30);
  t.equal(toMinimumUnits(20.05, 'EUR', { EUR: -2 }), 2005);
  t.equal(toMinimumUnits(0.005, 'EUR', { EUR: -2 }), undefined, 'below the minimum dispense unit');
  t.equal(toMinimumUnits(15000, 'ITL', { ITL: 2 }), 150);
  t.equal(toMinimumUnits(15050, 'ITL', { ITL: 2 }), undefined);
  t.equal(toMinimumUnits(5e12, 'EUR', { EUR: -2 }), undefined, 'beyond a 3.x ULONG');
  t.equal(cashItemOf(unit(), { EUR: -2 }), 'typeEUR20');
  t.equal(cashItemOf(unit({ values: 5 }), { EUR: -2 }), 'typeEUR0D05');
  t.equal(cashItemOf(unit({ values: 1000 }), { EUR: -2 }), 'typeEUR10', 'exponent -2: a value of 1000 cents is a 10 EUR note');
  t.equal(cashItemOf(unit({ values: 10 }), { EUR: 0 }), 'typeEUR10', 'exponent 0: the same note as a value of 10');
  t.equal(toCash(80, 'EUR', { EUR: 0 }), 80);
  t.equal(toMinimumUnits(80, 'EUR', { EUR: 0 }), 80);
  t.equal(toMinimumUnits(80.5, 'EUR', { EUR: 0 }), undefined, 'exponent 0: cents are below the minimum dispense unit');
  t.equal(cashItemOf(unit({ currencyId: '   ' }), {}), undefined, 'no currency, no cash item');
});

t.test('the status and capability builders take every 3.x value of the tables', async (t) => {
  for (const value of [0, 1, 2, 3]) buildStatus(device({ status: { ...status, devicePosition: value, dispenser: value } }), enums);
  for (const value of [0, 1, 2, 3, 4]) buildStatus(device({ status: { ...status, antiFraudModule: value, intermediateStacker: value, positions: [{ ...position, shutter: value, transportStatus: value }] } }), enums);
  buildStatus(device({ status: { ...status, intermediateStacker: 5 } }), enums);
  for (const value of [0, 1, 2, 3]) buildStatus(device({ status: { ...status, positions: [{ ...position, positionStatus: value, transport: value }] } }), enums);
  for (const jammed of [0, 1, 2, 3, 4, 5]) {
    const built = buildStatus(device({ status: { ...status, positions: [{ ...position, shutter: 2, jammedShutterPosition: jammed }] } }), enums);
    t.match((built.cashDispenser as JsonObject).positions, [{ shutter: /^jammed/ }], `jammed shutter position ${jammed}`);
  }
  for (const bit of [1, 2, 4, 64, 128, 2048, 4096]) buildStatus(device({ status: { ...status, positions: [{ ...position, position: bit }] } }), enums);
  const built = buildStatus(device(), enums);
  t.same(built, {
    common: { device: 'online', devicePosition: 'inPosition', powerSaveRecoveryTime: 0, antiFraudModule: 'ok' },
    cashDispenser: { intermediateStacker: 'empty', positions: [{ position: 'outCenter', shutter: 'closed', positionStatus: 'empty', transport: 'ok', transportStatus: 'empty' }] },
    cashManagement: { dispenser: 'ok', acceptor: null },
  });
  for (const type of [0, 1, 2, 3]) buildCapabilities({ ...caps, type }, enums, info, '9.9.9');
  const capabilities = buildCapabilities(caps, enums, info, '9.9.9');
  t.match(capabilities, {
    common: { serviceVersion: 'xfs4iot-gateway 9.9.9 on XFS 3.30 CDM', deviceInformation: [{ modelName: 'M' }] },
    cashDispenser: {
      type: 'selfServiceBill', retractAreas: { retract: true, transport: true, stacker: true, reject: true, itemCassette: true, cashIn: false },
      retractTransportActions: { present: true, retract: true, reject: true, itemCassette: true, cashIn: false },
      positions: { left: true, right: true, center: true, top: true, bottom: true, front: true, rear: true },
      moveItems: { fromCashUnit: true, toCashUnit: true, toTransport: true, toStacker: true },
    },
    cashManagement: { exchangeType: { byHand: true }, itemInfoTypes: { serialNumber: true, signature: true, image: true }, classificationList: true },
  });
});

t.test('cash units: every 3.x type and status; the XFS4IoT counts add up to the 3.x count', async (t) => {
  for (const type of [1, 2, 3, 4, 5, 6, 7, 8, 11, 12]) buildCashUnit(unit({ type }), { EUR: -2 }, enums);
  for (const status of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]) buildCashUnit(unit({ status }), { EUR: -2 }, enums);
  const cassette = buildCashUnit(unit(), { EUR: -2 }, enums) as { cash: { status: { initial: JsonObject; out: Record<string, JsonObject> } } };
  const fit = (counts: JsonObject | undefined) => ((counts?.typeEUR20 as JsonObject | undefined)?.fit as number | undefined) ?? 0;
  const out = cassette.cash.status.out;
  t.equal(fit(cassette.cash.status.initial) - fit(out.presented) - fit(out.rejected) - fit(out.unknown), 90, 'initial - out = ulCount');
  t.match(buildCashUnit(unit({ status: 6 }), { EUR: -2 }, enums), { status: 'missing', cash: { status: { replenishmentStatus: 'ok' } } });
  t.match(buildCashUnit(unit({ status: 4 }), { EUR: -2 }, enums), { status: 'ok', cash: { status: { replenishmentStatus: 'empty' } } });
  const retract = buildCashUnit(unit({ type: 6, currencyId: '   ', values: 0, initialCount: 0, count: 7, maximum: 100 }), {}, enums);
  t.match(retract, { capacity: 100, cash: { capabilities: { types: { cashOutRetract: true } }, configuration: { highThreshold: 100 }, status: { in: { retracted: { unrecognized: 7 } } } } });
});

t.test('information translators and event translators take every 3.x value', async (t) => {
  const mixes = await getMixTypes(call(undefined, [
    { mixNumber: 1, mixType: 1, subType: 1, name: 'a' }, { mixNumber: 2, mixType: 1, subType: 2, name: 'b' },
    { mixNumber: 3, mixType: 1, subType: 3, name: 'c' }, { mixNumber: 7, mixType: 1, subType: 9, name: 'vendor' }, { mixNumber: 20, mixType: 2, subType: 0, name: 'house' },
  ]));
  t.same(mixes.payload, { mixes: {
    mix1: { type: 'algorithm', algorithm: 'minimumBills', name: 'a' }, mix2: { type: 'algorithm', algorithm: 'equalEmptying', name: 'b' },
    mix3: { type: 'algorithm', algorithm: 'maxCashUnits', name: 'c' }, mix7: { type: 'algorithm', algorithm: '9', name: 'vendor' }, mix20: { type: 'table', name: 'house' },
  } });
  for (const presentState of [1, 2, 3]) {
    const done = await getPresentStatus(call({ position: 'outCenter' }, { denomination: { currencyId: 'EUR', amount: 4000, values: [2], cashBox: 0 }, presentState, extra: {} }));
    t.match(done.payload, { denomination: { currencies: { EUR: 40 }, values: { unit2: 2 } } });
  }
  const ctx = { enums, device: { version, capabilities: caps, status: device(), exchangeActive: false } };
  for (const reason of [1, 2, 3, 4, 5, 6, 7]) t.ok(cdmEventTranslators.noteError(event('WFS_EXEE_CDM_NOTEERROR', { reason }), ctx).payload);
  t.same([0, 1, 2, 3].map((shutter) => cdmEventTranslators.shutterStatusChanged(event('WFS_SRVE_CDM_SHUTTERSTATUSCHANGED', { position: 4, shutter }), ctx).payload),
    ['closed', 'open', 'jammed', 'unknown'].map((shutter) => ({ position: 'outCenter', shutter })));
  t.ok(cdmEventTranslators.shutterStatusChanged(event('WFS_SRVE_CDM_SHUTTERSTATUSCHANGED', { position: 4, shutter: 4 }), ctx).warning, 'not supported is no state');
  for (const bit of [0, 1, 2, 4, 64, 128, 2048, 4096]) t.ok(cdmEventTranslators.itemsTaken(event('WFS_SRVE_CDM_ITEMSTAKEN', { position: bit }), ctx).payload);
  t.same(cdmEventTranslators.itemsPresented(event('WFS_SRVE_CDM_ITEMSPRESENTED', undefined), ctx).payload, { position: 'outDefault', additionalBunches: 'unknown' }, 'several positions: the default');
  t.match(cdmEventTranslators.cashUnitThreshold(event('WFS_USRE_CDM_CASHUNITTHRESHOLD', unit()), ctx).payload, { unit2: { id: 'CAS02' } });
});

t.test('unknown or malformed 3.x values warn and leave the property out, never crash', async (t) => {
  const before = warnings.length;
  const built = buildStatus(device({ status: { ...status, dispenser: 9, positions: [{ ...position, shutter: 9, position: 8 }] } }), enums);
  t.match(built, { cashManagement: { dispenser: 'unknown' } });
  t.equal(((built.cashDispenser as JsonObject).positions as JsonObject[])[0].shutter, undefined);
  const ctx = { enums, device: { version, capabilities: caps, status: device(), exchangeActive: false } };
  t.ok(cdmEventTranslators.noteError(event('WFS_EXEE_CDM_NOTEERROR', { reason: 42 }), ctx).warning);
  t.ok(cdmEventTranslators.itemsTaken(event('WFS_SRVE_CDM_ITEMSTAKEN', undefined), ctx).warning);
  t.ok(cdmEventTranslators.cashUnitThreshold(event('WFS_USRE_CDM_CASHUNITTHRESHOLD', undefined), ctx).warning);
  t.match(buildCashUnit(unit({ type: 99, status: 99 }), {}, enums), { status: 'inoperative' });
  t.ok(warnings.length > before, 'warnings were given');
});

t.test('a provider without currency exponents is read with exponent 0; a failed status read fails the read', async (t) => {
  const answers: Record<string, XfsCompletion<unknown>> = {
    WFS_INF_CDM_STATUS: { ...ok, data: status },
    WFS_INF_CDM_CASH_UNIT_INFO: { ...ok, data: { tellerId: 0, units: [unit()] } },
    WFS_INF_CDM_CURRENCY_EXP: { ...ok, ok: false, code: -49, name: 'WFS_ERR_UNSUPP_CATEGORY' },
  };
  const read = await readCdmDevice(async (category) => answers[category]);
  t.ok(read.ok);
  t.same((read.data as CdmDevice).exponents, {});
  answers.WFS_INF_CDM_CASH_UNIT_INFO = { ...ok, ok: false, code: -14, name: 'WFS_ERR_HARDWARE_ERROR' };
  t.equal((await readCdmDevice(async (category) => answers[category])).name, 'WFS_ERR_HARDWARE_ERROR');
});

t.test('dispense and reset events: every storage failure, every destination of found items', async (t) => {
  const ctx = { enums, device: { version, capabilities: caps, status: device(), exchangeActive: false } };
  const failures: Record<number, string> = { 1: 'empty', 2: 'error', 4: 'full', 5: 'locked', 6: 'invalid', 7: 'config', 8: 'notConfigured' };
  for (const [code, name] of Object.entries(failures)) {
    const out = cdmEventTranslators.cashUnitError(event('WFS_EXEE_CDM_CASHUNITERROR', { failure: Number(code), cashUnit: unit() }), ctx);
    t.match(out.payload, { failure: name, unit: { unit2: {} } }, `wFailure ${code}`);
    t.equal(out.storageChanged, true);
  }
  t.same(cdmEventTranslators.cashUnitError(event('WFS_EXEE_CDM_CASHUNITERROR', { failure: 2, cashUnit: null }), ctx).payload, { failure: 'error' }, 'no unit named');
  t.ok(cdmEventTranslators.cashUnitError(event('WFS_EXEE_CDM_CASHUNITERROR', { failure: 3, cashUnit: null }), ctx).warning, 'an unknown failure is a warning');
  t.same(cdmEventTranslators.delayedDispense(event('WFS_EXEE_CDM_DELAYEDDISPENSE', { delay: 1500 }), ctx).payload, { delay: 1500 });
  t.ok(cdmEventTranslators.delayedDispense(event('WFS_EXEE_CDM_DELAYEDDISPENSE', undefined), ctx).warning);
  t.ok(cdmEventTranslators.incompleteDispense(event('WFS_EXEE_CDM_INCOMPLETEDISPENSE', undefined), ctx).warning);
  // 3.30 INCOMPLETERETRACT: per unit the notes went into, by cash item (unrecognized without a currency).
  const reasons: Record<number, string> = { 1: 'retractFailure', 2: 'retractAreaFull', 3: 'foreignItemsDetected', 4: 'invalidBunch' };
  for (const [code, reason] of Object.entries(reasons)) {
    const out = cdmEventTranslators.incompleteRetract(event('WFS_EXEE_CDM_INCOMPLETERETRACT', {
      itemNumbers: [{ currencyId: 'EUR', values: 2000, release: 0, count: 2, number: 1 }, { currencyId: 'EUR', values: 2000, release: 0, count: 1, number: 1 }, { currencyId: '   ', values: 0, release: 0, count: 1, number: 5 }],
      reason: Number(code),
    }), ctx);
    t.same(out.payload, {
      itemNumberList: { unit1: { retracted: { unrecognized: 0, typeEUR20: { fit: 3, unfit: 0, suspect: 0, counterfeit: 0, inked: 0 } } }, unit5: { retracted: { unrecognized: 1 } } },
      reason,
    }, `usReason ${code}`);
    t.equal(out.storageChanged, true);
  }
  t.ok(cdmEventTranslators.incompleteRetract(event('WFS_EXEE_CDM_INCOMPLETERETRACT', { itemNumbers: [], reason: 9 }), ctx).warning, 'an unknown reason is a warning');
  const found = (data: unknown) => cdmEventTranslators.mediaDetected(event('WFS_SRVE_CDM_MEDIADETECTED', data), ctx);
  t.same(found({ number: 1, outputPosition: 0, retractArea: null }).payload, { target: 'singleUnit', unit: 'unit1' });
  t.same(found({ number: 0, outputPosition: 0, retractArea: { area: 1, index: 3 } }).payload, { target: 'retract', index: 3 });
  t.same(found({ number: 0, outputPosition: 0, retractArea: { area: 8, index: 0 } }).payload, { target: 'reject' });
  t.match(found({ number: 0, outputPosition: 0x0040, retractArea: null }).payload, { target: /^out/ }, 'an output position');
  t.ok(found({ number: 0, outputPosition: 0, retractArea: null }).warning, 'nowhere known');
  t.ok(found(undefined).warning);
});

t.test('every enum entry of cdm.json was exercised', async (t) => {
  for (const key of mappingKeys('cdm.json', cdm).filter((k) => k.includes(':enums/'))) t.ok(usage.has(key), `${key} exercised`);
});
