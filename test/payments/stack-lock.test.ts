// One payment stack per data directory: a second gateway on the same payments.dataDir would retry and
// settle the first one's payments in flight as interrupted ones. The second start is refused with a
// configuration error naming the key; the lock is the operating system's, so it ends with its holder.
import t from 'tap';
import { join } from 'node:path';
import pino from 'pino';
import { parseConfig } from '../../src/config/load.ts';
import { startPaymentsStack } from '../../src/payments/stack.ts';
import { tempDir } from '../iotp-bridge/fixtures/helpers.ts';

const silent = pino({ level: 'silent' });
const config = (dataDir: string, payments: Record<string, unknown> = {}) =>
  parseConfig({ profile: 'demo', payments: { dataDir, xmlxHost: { port: 0 }, ...payments } }, 'gateway.json', {}).payments;

t.test('a second stack on the same data directory is refused until the first closes', async (t) => {
  const dataDir = join(tempDir(t, 'stack-lock-'), 'data');
  const first = await startPaymentsStack(config(dataDir), silent);
  let firstOpen = true;
  t.teardown(async () => { if (firstOpen) await first.close(); });
  await t.rejects(startPaymentsStack(config(dataDir), silent, { lockWaitMs: 50 }), {
    name: 'ConfigError', key: 'payments.dataDir', problem: /^in use by another gateway process \(.*payments\.lock is locked\): one gateway uses a payment data directory; stop the other one or give this one its own$/,
  });
  t.match(await first.iotp.client.transfer({ businessKey: 'lock-1', payer: 'ALICE', payee: 'MERCHANT', amount: 5n, currency: 'USD' }), { status: 'succeeded' }, 'the first keeps paying');

  await first.close();
  firstOpen = false;
  const next = await startPaymentsStack(config(dataDir), silent, { lockWaitMs: 50 });
  t.teardown(() => next.close());
  t.match(await next.iotp.client.transfer({ businessKey: 'lock-2', payer: 'ALICE', payee: 'MERCHANT', amount: 5n, currency: 'USD' }), { status: 'succeeded' }, 'taken over once the first has closed');
});

t.test('a start refused after the lock was taken lets it go again', async (t) => {
  const dir = tempDir(t, 'stack-lock-');
  const dataDir = join(dir, 'data');
  await t.rejects(startPaymentsStack(config(dataDir, { xmlx: { hostPublicKey: join(dir, 'missing.pem') } }), silent, { lockWaitMs: 50 }), { name: 'ConfigError', key: 'payments.xmlx.hostPublicKey' });
  const stack = await startPaymentsStack(config(dataDir), silent, { lockWaitMs: 50 });
  t.teardown(() => stack.close());
  t.pass('started at once after the refused start');
});

t.test('a data directory that cannot be created names the key', async (t) => {
  const dir = tempDir(t, 'stack-lock-');
  await t.rejects(startPaymentsStack(config(join(dir, '\0bad')), silent), { name: 'ConfigError', key: 'payments.dataDir' });
});
