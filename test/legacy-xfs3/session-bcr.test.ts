// The BCR class through the real FFI path: status and capabilities in the 3.10, 3.20 and 3.30 layouts, READ
// waiting for a presented barcode (symbology filter, binary data, undecodable codes), RESET, the
// guidance light, cancelation and errors.
import t from 'tap';
import type { LegacyXfsManager } from '../../src/legacy-xfs3/manager.ts';
import type { BcrExecuteMap, BcrInfoMap } from '../../src/legacy-xfs3/bcr/types.ts';
import { sim, startManager } from './helpers.ts';

let seq = 0;
function newBcr(version = '3.30'): string {
  const name = `BCR-${process.pid}-${++seq}`;
  sim.addBarcodeReader(name, version);
  return name;
}
const openBcr = (m: LegacyXfsManager, name: string) =>
  m.open<BcrExecuteMap, BcrInfoMap>(name, { low: '3.00', high: '3.30' }, { serviceClass: 'BCR' });
const QR = 48, EAN13 = 5, CODE128 = 24;
const waitScannerOn = async (s: Awaited<ReturnType<typeof openBcr>>) => {
  for (let i = 0; i < 200; i++) {
    if ((await s.getInfo('WFS_INF_BCR_STATUS', undefined)).data!.scanner === 0) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('scanner never turned on');
};

t.test('status and capabilities in the 3.30, 3.20 and 3.10 layouts', async (t) => {
  const { m, done } = await startManager(t);
  // the simulator allocates exactly the negotiated struct with lpszExtra's strings after it, so a
  // 3.20 read of a 3.10 struct would find an anti-fraud value there
  for (const version of ['3.30', '3.20', '3.10']) {
    const s = await openBcr(m, newBcr(version));
    const st = await s.getInfo('WFS_INF_BCR_STATUS', undefined);
    t.ok(st.ok, st.name);
    t.equal(st.data!.device, 0);
    t.equal(st.data!.scanner, 1, 'scanner off while nothing is read');
    t.equal(st.data!.guidLights.length, 32);
    t.equal(st.data!.guidLights[0], 1, 'light off');
    t.equal(st.data!.devicePosition, 3);
    t.equal(st.data!.extra.Model, 'SIM-BCR-1');
    t.equal(st.data!.antiFraudModule, version === '3.10' ? undefined : 0, `${version}: wAntiFraudModule from 3.20 on`);
    const caps = await s.getInfo('WFS_INF_BCR_CAPABILITIES', undefined);
    t.equal(caps.data!.class, 15);
    t.ok(caps.data!.canFilterSymbologies);
    t.same(caps.data!.symbologies, [5, 9, 21, 24, 29, 31, 48, 49]);
    t.equal(caps.data!.guidLights[0], 0x9d);
    t.equal(caps.data!.extra.Model, 'SIM-BCR-1', `${version}: lpszExtra read at its version's offset`);
    t.same(caps.data!.synchronizableCommands, version === '3.30' ? [] : undefined);
    t.equal(caps.data!.antiFraudModule, version === '3.10' ? undefined : false, `${version}: bAntiFraudModule from 3.20 on`);
    await s.close();
  }
  await done();
});

t.test('a 3.0x-only application cannot open the reader (BCR starts at 3.10)', async (t) => {
  const { m, done } = await startManager(t);
  await t.rejects(m.open(newBcr(), { low: '3.00', high: '3.03' }, { serviceClass: 'BCR' }));
  await done();
});

t.test('READ waits for a barcode, filters symbologies, returns binary data', async (t) => {
  const { m, done } = await startManager(t);
  const name = newBcr();
  const s = await openBcr(m, name);
  const pending = s.execute('WFS_CMD_BCR_READ', { symbologies: [QR, EAN13] });
  await waitScannerOn(s);
  sim.bcrPresent(name, CODE128, Buffer.from('IGNORED'));
  const data = Buffer.from([0x68, 0x00, 0xff, 0x0a]);
  sim.bcrPresent(name, QR, data);
  const read = await pending;
  t.ok(read.ok, read.name);
  t.equal(read.data!.length, 1);
  t.equal(read.data![0]!.symbology, QR, 'the Code 128 barcode was ignored');
  t.same([...read.data![0]!.data], [...data], 'binary data including a NUL byte');
  t.equal(read.data![0]!.symbologyName, 'QRCODE');
  t.equal((await s.getInfo('WFS_INF_BCR_STATUS', undefined)).data!.scanner, 1, 'scanner off again');

  const any = s.execute('WFS_CMD_BCR_READ', undefined);
  await waitScannerOn(s);
  sim.bcrPresent(name, CODE128, Buffer.from('ABC-123'));
  const r2 = await any;
  t.equal(r2.data![0]!.data.toString(), 'ABC-123', 'no list: any symbology');

  const bad = s.execute('WFS_CMD_BCR_READ', { symbologies: [] });
  await waitScannerOn(s);
  sim.bcrPresent(name, 0xffff, Buffer.alloc(0));
  const r3 = await bad;
  t.equal(r3.name, 'WFS_ERR_BCR_BARCODEINVALID');
  t.equal(r3.code, -1500);

  const unsupp = await s.execute('WFS_CMD_BCR_READ', { symbologies: [58] });
  t.equal(unsupp.name, 'WFS_ERR_UNSUPP_DATA', 'Korean post is not a symbology of this reader');
  await s.close();
  await done();
});

t.test('cancel a waiting READ; RESET; guidance light; injected errors', async (t) => {
  const { m, done } = await startManager(t);
  const name = newBcr();
  const s = await openBcr(m, name);
  const ac = new AbortController();
  const pending = s.execute('WFS_CMD_BCR_READ', undefined, { signal: ac.signal });
  await waitScannerOn(s);
  ac.abort();
  t.equal((await pending).name, 'WFS_ERR_CANCELED');

  t.ok((await s.execute('WFS_CMD_BCR_SET_GUIDANCE_LIGHT', { guidLight: 0, command: 0x10 })).ok);
  t.equal(sim.bcrGetLight(name), 0x10);
  t.equal((await s.execute('WFS_CMD_BCR_SET_GUIDANCE_LIGHT', { guidLight: 1, command: 0x10 })).name, 'WFS_ERR_BCR_INVALID_PORT');
  t.ok((await s.execute('WFS_CMD_BCR_RESET', undefined)).ok);
  t.equal(sim.bcrGetLight(name), 1, 'reset turns the light off');

  sim.failNext(name, -14);
  t.equal((await s.execute('WFS_CMD_BCR_RESET', undefined)).name, 'WFS_ERR_HARDWARE_ERROR');
  await s.close();
  await done();
});
