// Every value of every enum table of the mapping files through the IDC translators and builders, with
// decoded 3.x structures as fixtures (the simulator produces only some values; the end-to-end test
// covers the FFI path). Ends by checking that no enum entry or system event was left unexercised, and
// that unknown or malformed 3.x values give a warning, never a crash.
import t from 'tap';
import type { JsonObject } from '../../src/xfs4iot/backend.ts';
import type { IdcCapabilities, IdcCardData, IdcEmvClessTxOutput, IdcEmvClessUi, IdcStatus } from '../../src/legacy-xfs3/idc/types.ts';
import type { XfsCompletion, XfsEvent, XfsVersionInfo } from '../../src/legacy-xfs3/types.ts';
import { loadMappings } from '../../src/bridge/mapping-loader.ts';
import { MappingUsage, mappingKeys } from '../../src/bridge/usage.ts';
import { EnumTables } from '../../src/bridge/enums.ts';
import { SystemEvents } from '../../src/bridge/system-events.ts';
import { buildCapabilities, buildStatus, buildStorage } from '../../src/bridge/idc/status.ts';
import { readRawData } from '../../src/bridge/idc/read-write.ts';
import { reset } from '../../src/bridge/idc/card-movement.ts';
import { queryIfmIdentifier } from '../../src/bridge/idc/chip.ts';
import { emvClessPerformTransaction } from '../../src/bridge/idc/emv-cless.ts';
import { idcEventTranslators } from '../../src/bridge/idc/events.ts';
import type { CommandCall } from '../../src/bridge/translator.ts';

const mappings = loadMappings();
const idc = mappings.classes.get('IDC')!;
const usage = new MappingUsage();
const warnings: string[] = [];
const enums = new EnumTables([{ file: 'generic.json', tables: mappings.generic.enums }, { file: 'idc.json', tables: idc.enums }], usage,
  (message, details) => warnings.push(`${message} ${JSON.stringify(details)}`));
const genericEnums = enums;

const version = { major: 3, minor: 30, word: 0x1e03, text: '3.30' };
const info: XfsVersionInfo = { version, low: version, high: version, description: 'fixture', systemStatus: '' };

const status: IdcStatus = {
  device: 0, media: 2, retainBin: 1, security: 1, cards: 3, chipPower: 5, extra: {},
  chipModule: 1, magReadModule: 1, magWriteModule: 1, frontImageModule: 1, backImageModule: 1,
  devicePosition: 0, powerSaveRecoveryTime: 0, parkingStationMedia: [], antiFraudModule: 1,
};
const caps: IdcCapabilities = {
  class: 2, type: 1, compound: false, readTracks: 0, writeTracks: 0, chipProtocols: 0, cards: 50, secType: 1,
  powerOnOption: 1, powerOffOption: 1, fluxSensorProgrammable: false, readWriteAccessFollowingEject: false,
  writeMode: 0, chipPower: 0, extra: { ModelName: 'X' },
};

const keysOf = (table: string) => Object.keys(idc.enums[table]?.values ?? idc.enums[table]?.flags ?? mappings.generic.enums[table]?.values ?? {});

function call(payload: JsonObject | undefined, data: unknown): CommandCall<IdcCapabilities, IdcStatus> {
  const done: XfsCompletion<unknown> = { ok: true, code: 0, name: 'WFS_SUCCESS', requestId: 1, commandCode: 0, data, origin: 'service' };
  return {
    name: 'fixture', payload, major: 2, connectionId: 1, enums,
    device: { version, capabilities: { ...caps, ejectPosition: 3 }, status, exchangeActive: false },
    execute: async (_command, input) => ({ ...done, data: data ?? input }),
    getInfo: async () => done,
    failure: () => ({ completionCode: 'internalError' }),
    refresh: async () => undefined,
    statusRead: async () => undefined,
    warn: (message) => warnings.push(message),
  };
}

function event(eventId: number, data: unknown, kind: XfsEvent['kind'] = 'service'): XfsEvent {
  return { kind, eventId, name: `E${eventId}`, requestId: 0, hService: 1, code: 0, data, timestamp: '' };
}

t.test('status fields through every value of their tables', async (t) => {
  for (const v of keysOf('fwDevice')) {
    const out = buildStatus({ ...status, device: Number(v) }, genericEnums, false);
    t.equal((out.common as JsonObject).device, mappings.generic.enums.fwDevice.values![v], `fwDevice ${v}`);
  }
  const fields: Array<[string, keyof IdcStatus, 'common' | 'cardReader', string]> = [
    ['fwMedia', 'media', 'cardReader', 'media'],
    ['fwSecurity', 'security', 'cardReader', 'security'],
    ['fwChipPower', 'chipPower', 'cardReader', 'chipPower'],
    ['moduleStatus', 'chipModule', 'cardReader', 'chipModule'],
    ['wDevicePosition', 'devicePosition', 'common', 'devicePosition'],
    ['wAntiFraudModule', 'antiFraudModule', 'common', 'antiFraudModule'],
  ];
  for (const [table, field, part, property] of fields) {
    for (const v of keysOf(table)) {
      const out = buildStatus({ ...status, [field]: Number(v) }, enums, false);
      t.same((out[part] as JsonObject)[property], idc.enums[table].values![v], `${table} ${v} -> ${part}.${property}`);
    }
  }
  t.equal((buildStatus({ ...status, media: 3 }, enums, false).cardReader as JsonObject).media, 'jammed');
  t.equal((buildStatus(status, enums, true).common as JsonObject).exchange, 'active');
});

t.test('retain bin states as storage unit status and replenishment status', async (t) => {
  for (const v of keysOf('fwRetainBin')) {
    const units = buildStorage({ ...status, retainBin: Number(v) }, caps, enums);
    const mapped = idc.enums.fwRetainBin.values![v] as [string, string] | null;
    if (mapped === null) t.same(units, {}, `fwRetainBin ${v}: no retain unit`);
    else t.match(units.unit1, { status: mapped[0], card: { status: { replenishmentStatus: mapped[1], count: 3 } } }, `fwRetainBin ${v}`);
  }
  const parked = buildStorage({ ...status, parkingStationMedia: [1, 2] }, { ...caps, parkingStations: 2 }, enums);
  t.match(parked, { unitPark1: { card: { status: { count: 1 } } }, unitPark2: { card: { status: { count: 0 } } } });
});

t.test('capabilities through every value and flag', async (t) => {
  for (const v of keysOf('fwType')) t.equal((buildCapabilities({ ...caps, type: Number(v) }, enums, info, '0').cardReader as JsonObject).type, idc.enums.fwType.values![v]);
  for (const v of keysOf('fwSecType')) t.same((buildCapabilities({ ...caps, secType: Number(v) }, enums, info, '0').cardReader as JsonObject).securityType, idc.enums.fwSecType.values![v]);
  for (const v of keysOf('powerOption')) {
    const reader = buildCapabilities({ ...caps, powerOnOption: Number(v), powerOffOption: Number(v) }, enums, info, '0').cardReader as JsonObject;
    t.same([reader.powerOnOption, reader.powerOffOption], [idc.enums.powerOption.values![v], idc.enums.powerOption.values![v]]);
  }
  const all = 0xffff;
  const reader = buildCapabilities({ ...caps, readTracks: all & ~0x78, writeTracks: all, chipProtocols: 0x7f, writeMode: 0xe, chipPower: 0xe, memoryChipProtocols: [1, 2], ejectPosition: 3 }, enums, info, '0').cardReader as JsonObject;
  t.match(reader, {
    readTracks: { track1: true, watermark: true, frontTrack1: true, frontImage: true, backImage: true, track1JIS: true, track3JIS: true, ddi: true },
    writeTracks: { track1: true, track2: true, track3: true, frontTrack1: true, track1JIS: true, track3JIS: true },
    chipProtocols: { chipT0: true, chipT1: true, chipProtocolNotRequired: true, chipTypeAPart3: true, chipTypeAPart4: true, chipTypeB: true, chipTypeNFC: true },
    writeMode: { loco: true, hico: true, auto: true },
    chipPower: { cold: true, warm: true, off: true },
    memoryChipProtocols: { siemens4442: true, gpm896: true },
    positions: { exit: true, transport: true },
  });
  t.equal((buildCapabilities({ ...caps, readTracks: 0 }, enums, info, '0').cardReader as JsonObject).readTracks, null, 'no tracks: null (not supported)');
});

t.test('card data of every source, status and security level', async (t) => {
  const sources = Object.entries(idc.enums.dataSource.flags!).filter(([name]) => name !== 'fluxInactive');
  const items: IdcCardData[] = sources.map(([, bit]) => ({ dataSource: bit, status: 0, data: Buffer.from('1'), writeMethod: 0 }));
  for (const v of keysOf('cardDataStatus')) items.push({ dataSource: 1, status: Number(v), data: Buffer.alloc(0), writeMethod: 0 });
  const payload = Object.fromEntries(Object.keys(idc.enums.dataSource.flags!).map((name) => [name, true]));
  const result = await readRawData(call(payload, items));
  t.equal(result.completionCode, null);
  t.match(result.payload, { track2: { data: 'MQ==' }, chip: [{ data: 'MQ==' }], frontImage: 'MQ==', memoryChip: { data: 'MQ==' }, security: { data: 'readLevel1' } });
  t.equal(result.payload?.track1 && (result.payload.track1 as JsonObject).status, 'dataSourceMissing', 'the last item of a source wins');
  for (const v of keysOf('securityData')) {
    const level = await readRawData(call({ security: true }, [{ dataSource: 0x10, status: 0, data: Buffer.from(v), writeMethod: 0 }]));
    const expected = idc.enums.securityData.values![v];
    t.same(level.payload?.security, expected === null ? { status: 'dataMissing' } : { data: expected }, `security '${v}'`);
  }
});

t.test('Reset to, IFM authorities, contactless outcomes', async (t) => {
  for (const to of keysOf('resetTo')) {
    const sent: unknown[] = [];
    const c = call({ to }, undefined);
    const result = await reset({ ...c, execute: async (command, input) => { sent.push(input); return c.execute(command, input); } });
    t.equal(result.completionCode, null, `Reset ${to}`);
    t.same(sent, [{ action: idc.enums.resetTo.values![to] }]);
  }
  const ifm = await queryIfmIdentifier(call(undefined, keysOf('ifmAuthority').map((v) => ({ authority: Number(v), identifier: `id${v}` }))));
  t.same(ifm.payload, { ifmIdentifiers: { emv: 'id1', europay: 'id2', visa: 'id3', giecb: 'id4' } });

  const ui = (n: number): IdcEmvClessUi => ({ messageId: 1, status: n % 6, holdTime: 0, valueQualifier: n % 2, value: '100', currencyCode: '978', languagePreferenceData: 'de' });
  const outputs: IdcEmvClessTxOutput[] = [];
  for (let n = 0; n < 9; n++) {
    outputs.push({
      dataSource: 8, txOutcome: n, cardholderAction: n % 3, dataRead: Buffer.from([n]),
      outcome: { cvm: n % 5, alternateInterface: n % 2, receipt: true, uiOutcome: ui(n), uiRestart: ui(n + 1), fieldOffHoldTime: 0, cardRemovalTimeoutValue: 0, discretionaryData: Buffer.alloc(0) },
    });
  }
  for (const output of outputs) {
    const result = await emvClessPerformTransaction(call({ data: 'nAEA' }, [output]));
    t.equal(result.completionCode, null);
    t.equal((result.payload?.chip as JsonObject).txOutcome, idc.enums.clessTxOutcome.values![String(output.txOutcome)]);
  }
  const last = await emvClessPerformTransaction(call({ data: 'nAEA' }, [outputs[8]]));
  t.match(last.payload, { chip: { clessOutcome: { uiOutcome: { valueDetails: { qualifier: 'amount', value: '100', currencyCode: 978 } } } } });
});

t.test('event payloads of every table value, malformed event data', async (t) => {
  const ctx = { enums, device: { version, capabilities: caps, status, exchangeActive: false } };
  for (const v of keysOf('cardActionAction')) {
    const outcome = idcEventTranslators.cardAction(event(205, { action: Number(v), position: 1 }), ctx);
    const to = idc.enums.cardActionAction.values![v];
    t.same(outcome.payload, to === null ? undefined : { to, from: 'transport' }, `CARDACTION ${v}`);
  }
  for (const v of keysOf('cardActionPosition')) {
    t.equal((idcEventTranslators.cardAction(event(205, { action: 2, position: Number(v) }), ctx).payload as { from?: unknown } | undefined)?.from, idc.enums.cardActionPosition.values![v]);
  }
  for (const v of keysOf('mediaDetected')) {
    t.same(idcEventTranslators.mediaDetected(event(209, { resetOut: Number(v) }), ctx).payload, { position: idc.enums.mediaDetected.values![v] });
  }
  t.match(idcEventTranslators.retainBinThreshold(event(206, { retainBin: 3 }, 'user'), ctx).payload, { unit1: { card: { status: { replenishmentStatus: 'full' } } } });
  t.same(idcEventTranslators.trackDetected(event(215, { tracks: 0x8085 }, 'execute'), ctx).payload, { track1: true, track2: false, track3: true, watermark: true, frontTrack1: true });

  warnings.length = 0;
  for (const [name, translator] of Object.entries(idcEventTranslators)) {
    for (const data of [undefined, null, {}, { action: 99, position: 99, resetOut: 99, retainBin: 99, position2: 'x' }, 'garbage']) {
      t.doesNotThrow(() => translator(event(299, data), ctx), `${name} with ${JSON.stringify(data)}`);
    }
  }
  t.ok(idcEventTranslators.cardAction(event(205, undefined), ctx).warning, 'CARDACTION without its struct: a warning');
  t.equal(enums.value('fwMedia', 42), undefined, 'an unknown 3.x value is left out');
  t.ok(warnings.some((w) => w.includes('"table":"fwMedia"')), 'and reported once');
});

t.test('system events', async (t) => {
  const system = new SystemEvents(mappings.generic, genericEnums, usage, (message) => warnings.push(message));
  for (const [name, entry] of Object.entries(mappings.generic.systemEvents)) {
    const outcome = system.translate(event(entry.code, { state: 1, action: 0x3f, description: Buffer.from('jam at the throat\0') }, 'system'));
    if (entry.xfs4iot === 'Common.ErrorEvent') t.same(outcome.error, { eventId: entry.eventId, action: 'maintenance', description: 'jam at the throat' }, name);
    else if (entry.xfs4iot === 'Common.StatusChangedEvent') t.same(outcome.statusPatch, { common: { device: 'offline' } }, name);
    else t.same(outcome, {}, `${name}: logged only`);
  }
  for (const [flag, bit] of Object.entries(mappings.generic.enums.errorAction.flags!)) {
    t.equal(system.translate(event(2, { action: bit }, 'system')).error?.action, flag);
  }
  t.same(system.translate(event(77, undefined, 'system')), {}, 'unknown system event: ignored with a warning');
});

t.test('every enum entry and system event of the mappings was exercised', async (t) => {
  const keys = [
    ...mappingKeys('idc.json', idc).filter((key) => key.includes(':enums/')),
    ...mappingKeys('generic.json', { commands: {}, events: {}, errors: {}, enums: mappings.generic.enums }),
    ...Object.keys(mappings.generic.systemEvents).map((name) => `generic.json:systemEvents/${name}`),
  ];
  for (const key of keys) t.ok(usage.has(key), `${key} exercised`);
});
