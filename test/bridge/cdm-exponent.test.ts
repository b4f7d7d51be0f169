// Issue 12, item 7, end to end on the simulator with EUR at exponent -2 (3.x amounts and note values
// in cents, as many real dispensers report): amounts are scaled both ways, and a failed
// WFS_INF_CDM_CURRENCY_EXP read (timeout, hardware error) keeps the last table instead of
// silently falling back to exponent 0, which would make the next Dispense ask for 80 cents.
import t from 'tap';
import { codecsFor } from '../../src/legacy-xfs3/codecs.ts';
import type { JsonObject } from '../../src/xfs4iot/backend.ts';
import { shutdownManager, startClassGateway, valueAt, type TestGateway } from './harness.ts';

t.teardown(() => shutdownManager());
const CURRENCY_EXP = codecsFor('CDM').info.get('WFS_INF_CDM_CURRENCY_EXP')?.code ?? 0;
const eur80 = { denomination: { service: { currencies: { EUR: 80 }, mix: 'mix1' } } };
const dispense80 = { denomination: eur80, position: 'outCenter' };

const startCents = (): Promise<TestGateway> => startClassGateway({
  cls: 'CDM', xfs3Version: '3.30', xfs4iotName: 'cashdispenser', validateOutgoing: true,
  prepare: (sim, name) => sim.cdmSetExponent(name, -2),
});

const storage = async (gw: TestGateway): Promise<JsonObject> => (await gw.client.command('Storage.GetStorage')).payload?.storage as JsonObject;

t.test('exponent -2: note values, denominations and dispensed amounts are in euros on the XFS4IoT side', async (t) => {
  const gw = await startCents();
  t.teardown(() => gw.close());
  t.equal(valueAt(await storage(gw), 'unit4.cash.status.out.unknown.typeEUR50.fit'), 0, 'the 5000-cent unit holds typeEUR50 notes');
  const denominated = await gw.client.command('CashDispenser.Denominate', { request: eur80 });
  t.same(denominated.payload?.result, { currencies: { EUR: 80 }, values: { unit2: 1, unit3: 1, unit4: 1 } });
  const odd = await gw.client.command('CashDispenser.Denominate', { request: { denomination: { service: { currencies: { EUR: 80.005 }, mix: 'mix1' } } } });
  t.equal(odd.header.completionCode, 'unsupportedData', 'a fraction of a cent is refused before the device');
  const dispensed = await gw.client.command('CashDispenser.Dispense', dispense80);
  t.same(dispensed.payload?.denomination, { currencies: { EUR: 80 }, values: { unit2: 1, unit3: 1, unit4: 1 } });
  t.equal(gw.sim.notesAtOutput(gw.logicalName), 0, 'in the stacker until presented');
});

for (const failure of ['WFS_ERR_TIMEOUT', 'WFS_ERR_HARDWARE_ERROR']) {
  t.test(`a CURRENCY_EXP read failing with ${failure} keeps the last exponent: the next Dispense is 80 EUR`, async (t) => {
    const gw = await startCents();
    t.teardown(() => gw.close());
    // The status (with cash units and exponents) is read again after every execute command.
    gw.sim.failNextInfo(gw.logicalName, failure, CURRENCY_EXP);
    t.equal((await gw.client.command('CashDispenser.Denominate', { request: eur80 })).header.completionCode ?? null, null);
    const dispensed = await gw.client.command('CashDispenser.Dispense', dispense80);
    t.equal(dispensed.header.completionCode ?? null, null, 'dispensed');
    t.same(dispensed.payload?.denomination, { currencies: { EUR: 80 }, values: { unit2: 1, unit3: 1, unit4: 1 } }, '80 EUR, not 80 cents');
    t.equal(valueAt(await storage(gw), 'unit4.cash.status.out.unknown.typeEUR50.fit'), 1, 'still typeEUR50 (not typeEUR5000)');
  });
}

t.test('a Storage.GetStorage whose CURRENCY_EXP read fails also keeps the last exponent', async (t) => {
  const gw = await startCents();
  t.teardown(() => gw.close());
  gw.sim.failNextInfo(gw.logicalName, 'WFS_ERR_HARDWARE_ERROR', CURRENCY_EXP);
  t.equal(valueAt(await storage(gw), 'unit4.cash.status.out.unknown.typeEUR50.fit'), 0);
});
