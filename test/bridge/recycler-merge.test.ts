// The recycler's pure parts: matching the two sides' units by physical position, renaming ids, and
// merging storage, status and teller totals.
import t from 'tap';
import type { JsonObject } from '../../src/xfs4iot/backend.ts';
import { foreignUnitIds, matchUnits, renameUnits } from '../../src/bridge/recycler/unit-ids.ts';
import { mergeCassette, mergeStorage, total } from '../../src/bridge/recycler/storage-merge.ts';
import { mergeCapabilities, mergeStatus, mergeTellers, worseDevice } from '../../src/bridge/recycler/merge.ts';

t.test('units are matched by physical position; the CIM id wins, dispenser-only units become unitD<n>', async (t) => {
  const ids = matchUnits({ unit1: 'RJ', unit2: 'RC1', unit3: 'RC2', unit4: undefined }, { unit1: 'RC1', unit2: 'RC2', unit3: 'CI' });
  t.same([...ids.fromCdm], [['unit1', 'unitD1'], ['unit2', 'unit1'], ['unit3', 'unit2'], ['unit4', 'unitD4']]);
  t.same([...ids.shared].sort(), ['unit1', 'unit2']);
  t.equal(ids.toCdm.get('unit1'), 'unit2', 'recycler unit1 (RC1) is the CDM unit2');
  t.equal(ids.toCdm.get('unit3'), undefined, 'the cash-in cassette is no dispenser unit');
  // Two CDM units on one position are two cassettes: only the first is the CIM's.
  const doubled = matchUnits({ unit1: 'RC1', unit2: 'RC1' }, { unit7: 'RC1' });
  t.same([...doubled.fromCdm], [['unit1', 'unit7'], ['unit2', 'unitD2']]);
});

t.test('renaming swaps ids in one pass, keys and values, and leaves property names alone', async (t) => {
  const map = new Map([['unit1', 'unit2'], ['unit2', 'unit1']]);
  t.same(renameUnits({ values: { unit1: 3, unit2: 1 }, source: 'unit2', units: ['unit1'], unitAction: 'x' }, map),
    { values: { unit2: 3, unit1: 1 }, source: 'unit1', units: ['unit2'], unitAction: 'x' });
  t.same(foreignUnitIds({ values: { unit1: 1, unit9: 2, unitD3: 1 }, units: [], unitAction: 'unitsomething', target: 'unit8' }, map).sort(), ['unit8', 'unit9', 'unitD3']);
  t.same(foreignUnitIds(undefined, map), []);
});

const counts = (item: string, n: number): JsonObject => ({ unrecognized: 0, [item]: { fit: n, unfit: 0, suspect: 0, counterfeit: 0, inked: 0 } });

function cimRecycler(initial: number, deposited: number, held: number): JsonObject {
  return {
    id: 'RC2', positionName: 'RC2', status: 'ok',
    cash: {
      capabilities: { types: { cashIn: true, cashOut: true, reject: false } },
      configuration: { types: { cashIn: true, cashOut: true, reject: false }, appLockIn: false, appLockOut: false },
      status: { index: 2, initial: counts('typeEUR20', initial), in: { deposited: counts('typeEUR20', deposited) }, out: { unknown: counts('typeEUR20', initial + deposited - held) }, accuracy: 'unknown', replenishmentStatus: 'ok' },
    },
  };
}

function cdmRecycler(presented: number, rejected: number, status = 'ok'): JsonObject {
  return {
    id: 'RC2', positionName: 'RC2', status,
    cash: {
      capabilities: { types: { cashIn: true, cashOut: true, reject: false } },
      configuration: { types: { cashIn: true, cashOut: true, reject: false }, appLockIn: false, appLockOut: true, lowThreshold: 5 },
      status: { index: 3, initial: counts('typeEUR20', 100), in: {}, out: { presented: counts('typeEUR20', presented), rejected: counts('typeEUR20', rejected), unknown: counts('typeEUR20', 0) }, accuracy: 'unknown', replenishmentStatus: 'ok' },
    },
  };
}

t.test('a shared cassette: the CIM unit with the dispenser out counts; initial + in - out is what it holds', async (t) => {
  // 100 at the exchange, 3 deposited, 5 dispensed and presented, 1 rejected: 97 left.
  const merged = mergeCassette(cimRecycler(100, 3, 97), cdmRecycler(5, 1, 'inoperative'));
  const status = (merged.cash as JsonObject).status as JsonObject;
  const out = status.out as JsonObject;
  t.equal(total(out.presented), 5);
  t.equal(total(out.rejected), 1);
  t.equal(total(out.unknown), 0, 'everything that left is accounted for');
  t.equal(total(status.initial) + total((status.in as JsonObject).deposited) - total(out.presented) - total(out.rejected) - total(out.unknown), 97);
  t.equal(merged.status, 'inoperative', 'the worse unit state of the two');
  const configuration = (merged.cash as JsonObject).configuration as JsonObject;
  t.equal(configuration.appLockOut, true, 'the dispenser says whether it may dispense');
  t.equal(configuration.lowThreshold, 5);
  t.same(((out.presented as JsonObject).typeEUR20 as JsonObject).fit, 5, 'counted under the cassette\'s cash item');
  // Notes that left without a word from the dispenser (a count, a test) stay unknown.
  const quiet = mergeCassette(cimRecycler(100, 0, 90), cdmRecycler(5, 1));
  t.equal(total(((quiet.cash as JsonObject).status as JsonObject).out && (((quiet.cash as JsonObject).status as JsonObject).out as JsonObject).unknown), 4);
});

t.test('storage: each cassette once, keyed by recycler ids, dispenser-only units renamed', async (t) => {
  const cdmUnits: JsonObject = { unit1: { id: 'RJ', positionName: 'RJ', status: 'ok' }, unit3: cdmRecycler(2, 0) };
  const cimUnits: JsonObject = { unit2: cimRecycler(100, 0, 98), unit4: { id: 'CI', positionName: 'CI', status: 'ok' } };
  const ids = matchUnits({ unit1: 'RJ', unit3: 'RC2' }, { unit2: 'RC2', unit4: 'CI' });
  const storage = mergeStorage(cdmUnits, cimUnits, ids);
  t.same(Object.keys(storage).sort(), ['unit2', 'unit4', 'unitD1']);
  t.equal(total((((storage.unit2 as JsonObject).cash as JsonObject).status as JsonObject).out && ((((storage.unit2 as JsonObject).cash as JsonObject).status as JsonObject).out as JsonObject).presented), 2);
});

t.test('status: the less usable device state wins; each side speaks for its own interface', async (t) => {
  t.equal(worseDevice('online', 'hardwareError'), 'hardwareError');
  t.equal(worseDevice('busy', 'online'), 'busy');
  t.equal(worseDevice('online', 'somethingNew'), 'somethingNew', 'an unknown state is no better than an error');
  t.equal(worseDevice(undefined, 'online'), 'online');
  const merged = mergeStatus(
    { common: { device: 'online' }, cashDispenser: { intermediateStacker: 'empty' }, cashManagement: { dispenser: 'ok', acceptor: null } },
    { common: { device: 'userError', exchange: 'inactive' }, cashAcceptor: { stackerItems: 'noItems' }, cashManagement: { dispenser: null, acceptor: 'stop' } },
  );
  t.same(merged, {
    common: { device: 'userError', exchange: 'inactive' }, cashDispenser: { intermediateStacker: 'empty' }, cashAcceptor: { stackerItems: 'noItems' },
    cashManagement: { dispenser: 'ok', acceptor: 'stop' },
  });
});

t.test('capabilities: power saving only if both sides can, a cash box if either has one', async (t) => {
  const merged = mergeCapabilities(
    { common: { serviceVersion: 'xfs4iot-gateway 1 on XFS 3.30 CDM', powerSaveControl: true, antiFraudModule: false, deviceInformation: [{ modelName: 'D' }] }, cashDispenser: { type: 'selfServiceBill' }, cashManagement: { cashBox: false, exchangeType: { byHand: true }, classificationList: false } },
    { common: { serviceVersion: 'xfs4iot-gateway 1 on XFS 3.30 CIM', powerSaveControl: false, antiFraudModule: true, deviceInformation: [{ modelName: 'A' }] }, cashAcceptor: { type: 'selfServiceBill' }, cashManagement: { cashBox: true, exchangeType: { byHand: true }, classificationList: true, itemInfoTypes: { serialNumber: true } } },
  );
  t.match(merged.common, { serviceVersion: 'xfs4iot-gateway 1 on XFS 3.30 CDM + XFS 3.30 CIM', powerSaveControl: false, antiFraudModule: true, deviceInformation: [{ modelName: 'D' }, { modelName: 'A' }] });
  t.match(merged.cashManagement, { cashBox: true, exchangeType: { byHand: true }, classificationList: true, itemInfoTypes: { serialNumber: true } });
  t.ok(merged.cashDispenser && merged.cashAcceptor);
});

t.test('tellers: received totals from the acceptor, dispensed totals from the dispenser', async (t) => {
  const cdm: JsonObject[] = [{ tellerID: 0, outputPosition: 'outDefault', tellerTotals: { EUR: { itemsReceived: 0, itemsDispensed: 60, coinsReceived: 0, coinsDispensed: 0, cashBoxReceived: 0, cashBoxDispensed: 0 } } }, { tellerID: 5, tellerTotals: {} }];
  const cim: JsonObject[] = [{ tellerID: 0, inputPosition: 'inCenter', tellerTotals: { EUR: { itemsReceived: 40, itemsDispensed: 0, coinsReceived: 0, coinsDispensed: 0, cashBoxReceived: 0, cashBoxDispensed: 0 } } }, { tellerID: 7, tellerTotals: {} }];
  const merged = mergeTellers(cdm, cim);
  t.same(merged[0], { tellerID: 0, inputPosition: 'inCenter', outputPosition: 'outDefault', tellerTotals: { EUR: { itemsReceived: 40, coinsReceived: 0, cashBoxReceived: 0, itemsDispensed: 60, coinsDispensed: 0, cashBoxDispensed: 0 } } });
  t.same(merged.map((teller) => teller.tellerID), [0, 5, 7], 'a teller only one side knows is kept');
});
