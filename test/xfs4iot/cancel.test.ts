// Rules 7, 8 and 12: header timeout, Common.Cancel (seed 2.5.3) and disconnect.
import t from 'tap';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/xfs4iot/logger.ts';
import { command, RawSocket, startRig } from './fixtures/rig.ts';

t.test('timeout: a queued command completes with timeOut; an executing one too, and the device is aborted', async (t) => {
  const rig = await startRig();
  t.teardown(() => rig.close());
  rig.device.hold('Keyboard.PinEntry');
  const client = await rig.client();
  const first = client.send('Keyboard.PinEntry', { maxLen: 4 }, { timeout: 150 });
  const queued = client.send('Keyboard.PinEntry', { maxLen: 4 }, { timeout: 50 });
  const q = await queued.completion;
  t.equal(q.header.completionCode, 'timeOut', 'queued command timed out');
  t.equal(q.header.errorDescription, undefined, 'no errorDescription with timeOut');
  const f = await first.completion;
  t.equal(f.header.completionCode, 'timeOut', 'executing command timed out');
  t.same(rig.device.aborts, [{ name: 'Keyboard.PinEntry', reason: 'timeout' }], 'the device operation got the abort');
  t.same(rig.device.started, ['Keyboard.PinEntry'], 'the timed-out queued command never ran');
  const noTimeout = client.send('Crypto.GenerateRandom', undefined, { timeout: 0 });
  t.equal((await noTimeout.completion).header.completionCode, undefined, 'timeout 0 means none');
});

t.test('Cancel of all: its completion comes first, queued ones are canceled, executing ones aborted', async (t) => {
  const rig = await startRig();
  t.teardown(() => rig.close());
  rig.device.hold('Keyboard.PinEntry');
  const raw = await RawSocket.open(rig.url);
  t.teardown(() => raw.close());
  raw.send(command('Keyboard.PinEntry', 1, { maxLen: 4 }));
  raw.send(command('Keyboard.PinEntry', 2, { maxLen: 4 }));
  await raw.waitFor(2);
  await rig.device.whenStarted('Keyboard.PinEntry');
  raw.send(command('Common.Cancel', 3));
  const msgs = await raw.waitFor(6);
  const order = msgs.slice(2).map((m) => `${m.header.type}:${m.header.requestId}:${m.header.completionCode ?? 'ok'}`);
  t.same(order.slice(0, 2), ['acknowledge:3:ok', 'completion:3:ok'], 'Cancel acknowledged and completed first, no events');
  t.same(order.slice(2).sort(), ['completion:1:canceled', 'completion:2:canceled']);
  t.same(rig.device.started, ['Keyboard.PinEntry'], 'the queued command never started');
  t.same(rig.device.aborts, [{ name: 'Keyboard.PinEntry', reason: 'cancel' }]);
});

t.test('Cancel of listed ids only; unknown ids have no effect; one connection cannot cancel another', async (t) => {
  const rig = await startRig();
  t.teardown(() => rig.close());
  rig.device.hold('Keyboard.PinEntry', 'Crypto.CryptoData');
  const a = await rig.client();
  const b = await rig.client();
  const pin = a.send('Keyboard.PinEntry', { maxLen: 4 });
  const crypto = a.send('Crypto.CryptoData', { key: 'K' });
  await Promise.all([rig.device.whenStarted('Keyboard.PinEntry'), rig.device.whenStarted('Crypto.CryptoData')]);
  const other = await b.cancel([pin.requestId, crypto.requestId]);
  t.equal(other.header.completionCode, 'commandErrorCode', "b's ids match none of b's commands");
  t.equal(other.payload?.errorCode, 'noMatchingRequestIDs');
  t.same(rig.device.aborts, [], "a's commands untouched by b");
  const mine = await a.cancel([crypto.requestId, 999]);
  t.equal(mine.header.completionCode, undefined, 'a listed id matched');
  t.equal((await crypto.completion).header.completionCode, 'canceled');
  const again = await a.cancel([crypto.requestId]);
  t.equal(again.payload?.errorCode, 'noMatchingRequestIDs', 'a completed command cannot be canceled again');
  rig.device.release('Keyboard.PinEntry');
  t.equal((await pin.completion).header.completionCode, undefined, 'the unlisted command completed normally');
});

t.test('a handler that ignores the cancel request completes as if none was received', async (t) => {
  const { TestDevice } = await import('../../src/xfs4iot/test-device.ts');
  const device = new TestDevice();
  const def = device.definition();
  let finish!: () => void;
  const stubborn = {
    ...def,
    interfaces: [{ name: 'Printer' as const, commands: [{
      name: 'Printer.PrintRaw', versions: [{ version: '2.0' }], execution: { kind: 'device' as const, resources: ['printer'] },
      handler: () => new Promise<{ completionCode: null }>((resolve) => { finish = () => resolve({ completionCode: null }); }),
    }] }],
  };
  const rig = await startRig({ services: [stubborn] }, device);
  t.teardown(() => rig.close());
  const client = await rig.client();
  const print = client.send('Printer.PrintRaw');
  await print.acknowledged;
  const cancel = await client.cancel();
  t.equal(cancel.header.completionCode, undefined);
  finish();
  t.equal((await print.completion).header.completionCode, undefined, 'completed with its own result');
});

t.test('disconnect: queued commands dropped, executing ones aborted, outcome of a running one logged', async (t) => {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } });
  const logger = createLogger({ level: 'debug' }, sink);
  const rig = await startRig({ logger });
  t.teardown(() => rig.close());
  rig.device.hold('Keyboard.PinEntry');
  const raw = await RawSocket.open(rig.url);
  raw.send(command('Keyboard.PinEntry', 1, { maxLen: 4 }));
  raw.send(command('Keyboard.PinEntry', 2, { maxLen: 4 }));
  await raw.waitFor(2);
  await rig.device.whenStarted('Keyboard.PinEntry');
  raw.close();
  await raw.closed();
  while (rig.device.aborts.length === 0) await new Promise((r) => setTimeout(r, 5));
  t.same(rig.device.aborts, [{ name: 'Keyboard.PinEntry', reason: 'disconnect' }]);
  await new Promise((r) => setTimeout(r, 20));
  t.same(rig.device.started, ['Keyboard.PinEntry'], 'the queued command was dropped, never started');
  t.ok(lines.some((l) => l.includes('queued command dropped on disconnect') && l.includes('"requestId":2')));
  t.ok(lines.some((l) => l.includes('outcome of a command whose client no longer waits') && l.includes('"completionCode":"canceled"')),
    'the state-changing command outcome is logged');
  const client = await rig.client();
  rig.device.unhold('Keyboard.PinEntry');
  t.equal((await client.command('Keyboard.PinEntry', { maxLen: 4 })).header.completionCode, undefined, 'the pinpad resource is free again');
  t.equal(rig.device.started.length, 2);
});

t.test('a timeout beyond the timer range does not fire at once', async (t) => {
  const rig = await startRig();
  t.teardown(() => rig.close());
  rig.device.hold('Keyboard.PinEntry');
  const client = await rig.client();
  const pin = client.send('Keyboard.PinEntry', { maxLen: 4 }, { timeout: 3_000_000_000 });
  await rig.device.whenStarted('Keyboard.PinEntry');
  await new Promise((r) => setTimeout(r, 30));
  rig.device.release('Keyboard.PinEntry');
  t.equal((await pin.completion).header.completionCode, undefined);
});

t.test("disconnect: a 'runToCompletion' command is not aborted and its outcome is logged", async (t) => {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } });
  const { TestDevice } = await import('../../src/xfs4iot/test-device.ts');
  const device = new TestDevice();
  const def = device.definition();
  let finish!: () => void;
  let aborted = false;
  const dispenser = {
    ...def,
    interfaces: [{ name: 'CashDispenser' as const, commands: [{
      name: 'CashDispenser.Dispense', versions: [{ version: '2.0' }],
      execution: { kind: 'device' as const, resources: ['dispenser'], onDisconnect: 'runToCompletion' as const },
      handler: (ctx: { signal: AbortSignal }) => new Promise<{ completionCode: null; payload: { items: number } }>((resolve) => {
        ctx.signal.addEventListener('abort', () => { aborted = true; });
        finish = () => resolve({ completionCode: null, payload: { items: 3 } });
      }),
    }] }],
  };
  const rig = await startRig({ services: [dispenser], logger: createLogger({ level: 'info' }, sink) }, device);
  t.teardown(() => rig.close());
  const raw = await RawSocket.open(rig.url);
  raw.send(command('CashDispenser.Dispense', 1));
  await raw.waitFor(1);
  raw.close();
  await raw.closed();
  while (rig.publisher.connectionCount > 0) await new Promise((r) => setTimeout(r, 5));
  finish();
  await new Promise((r) => setTimeout(r, 20));
  t.notOk(aborted, 'the dispense was not interrupted');
  t.ok(lines.some((l) => l.includes('outcome of a command whose client no longer waits') && l.includes('CashDispenser.Dispense') && l.includes('"level":40') && l.includes('"items":3')),
    'the outcome, with its result, is logged as a warning');
});
