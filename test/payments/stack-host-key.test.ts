// payments.xmlx.hostPublicKey: receipts of an external host verify against the configured key; a
// missing or unreadable key file is a configuration error naming the key, never a silent "trust all".
import t from 'tap';
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { parseConfig } from '../../src/config/load.ts';
import { startPaymentsStack } from '../../src/payments/stack.ts';
import { startXmlxHost } from '../../src/xmlx/index.ts';
import { tempDir } from '../iotp-bridge/fixtures/helpers.ts';

const silent = pino({ level: 'silent' });

t.test('an external host: the configured key decides whether its receipts are believed', async (t) => {
  const dir = tempDir(t, 'stack-key-');
  const host = await startXmlxHost({ dbPath: join(dir, 'host.db'), port: 0, logger: false });
  t.teardown(() => host.close());
  const files = {
    right: join(dir, 'right.pem'), wrong: join(dir, 'wrong.pem'), garbage: join(dir, 'garbage.pem'), missing: join(dir, 'missing.pem'),
  };
  writeFileSync(files.right, host.receiptPublicKey);
  writeFileSync(files.wrong, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
  writeFileSync(files.garbage, 'not a key');
  const config = (key: string, dataDir: string) => parseConfig({
    profile: 'demo',
    payments: { dataDir, xmlxHost: { url: host.url }, xmlx: { userId: 'gateway', password: 'gateway-demo', hostPublicKey: key } },
  }, 'gateway.json', {}).payments;

  await t.rejects(startPaymentsStack(config(files.missing, join(dir, 'a')), silent), { name: 'ConfigError', key: 'payments.xmlx.hostPublicKey', problem: /cannot read .*missing\.pem \(ENOENT\)/ });
  await t.rejects(startPaymentsStack(config(files.garbage, join(dir, 'b')), silent), { name: 'ConfigError', key: 'payments.xmlx.hostPublicKey', problem: /holds no PEM public key/ });

  const trusted = await startPaymentsStack(config(files.right, join(dir, 'c')), silent);
  t.teardown(() => trusted.close());
  t.match(await trusted.iotp.client.transfer({ businessKey: 'k-1', payer: 'ALICE', payee: 'MERCHANT', amount: 5n, currency: 'USD' }), { status: 'succeeded' }, 'the right key: receipt verified');
  const distrusting = await startPaymentsStack(config(files.wrong, join(dir, 'd')), silent);
  t.teardown(() => distrusting.close());
  t.match(await distrusting.iotp.client.transfer({ businessKey: 'k-2', payer: 'ALICE', payee: 'MERCHANT', amount: 5n, currency: 'USD' }), { status: 'unknown', alarm: 'receiptSignature' }, 'another key: parked for an operator');
});
