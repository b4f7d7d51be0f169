// Rule 14: wss with a configured certificate and key (self-signed, generated here with openssl).
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Xfs4IotClient } from '../../src/xfs4iot/client.ts';
import { discoverServices } from '../../src/xfs4iot/discovery.ts';
import { startPublisher } from '../../src/xfs4iot/publisher.ts';
import { TestDevice } from '../../src/xfs4iot/test-device.ts';

function selfSigned(): { key: Buffer; cert: Buffer } | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'xfs4iot-tls-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const tls = selfSigned();

t.test('wss: a client trusting the certificate works end to end, discovery reports wss URIs', { skip: tls ? false : 'openssl not available' }, async (t) => {
  const creds = tls as { key: Buffer; cert: Buffer };
  const publisher = await startPublisher({ port: 0, tls: creds, host: '127.0.0.1', services: [new TestDevice().definition()] });
  t.teardown(() => publisher.close());
  t.match(publisher.url('testdevice'), /^wss:\/\//);
  const client = await Xfs4IotClient.connect(publisher.url('testdevice'), { ca: creds.cert });
  t.equal((await client.command('Common.Status')).header.completionCode, undefined);
  await client.close();
  const found = await discoverServices('127.0.0.1', { secure: true, ports: [publisher.port], ca: creds.cert });
  t.same(found[0].services, [`wss://127.0.0.1:${publisher.port}/xfs4iot/v1.0/testdevice`]);
  await t.rejects(Xfs4IotClient.connect(publisher.url('testdevice')), 'a client that does not trust the certificate is refused');
  await t.rejects(Xfs4IotClient.connect(publisher.url('testdevice').replace('wss:', 'ws:')), 'plain ws is not served on a wss port');
});

t.test('wss may bind a non-loopback address without allowInsecure', { skip: tls ? false : 'openssl not available' }, async (t) => {
  const publisher = await startPublisher({ port: 0, tls: tls as { key: Buffer; cert: Buffer }, host: '0.0.0.0', services: [] });
  t.ok(publisher.port > 0);
  await publisher.close();
});
