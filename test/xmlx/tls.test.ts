// TLS between the gateway's reliable client and the host: the host's certificate is verified against
// a configured CA, the client can present its own certificate to a host that requires one, and the
// host refuses plain HTTP off loopback. Real TLS sockets, certificates made here with openssl.
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XmlxClient } from '../../src/xmlx/client.ts';
import { InsecureHostError, startXmlxHost } from '../../src/xmlx/host.ts';
import { tempDir } from './fixtures/helpers.ts';

function pki(dir: string) {
  const p = (name: string) => join(dir, name);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=host CA', '-keyout', p('ca.key'), '-out', p('ca.pem'));
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=xmlx host', '-addext', 'subjectAltName=IP:127.0.0.1',
    '-CA', p('ca.pem'), '-CAkey', p('ca.key'), '-keyout', p('host.key'), '-out', p('host.pem'));
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=atm-17', '-CA', p('ca.pem'), '-CAkey', p('ca.key'), '-keyout', p('client.key'), '-out', p('client.pem'));
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=impostor', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', p('fake.key'), '-out', p('fake.pem'));
  ssl('pkcs12', '-export', '-inkey', p('host.key'), '-in', p('host.pem'), '-out', p('host.pfx'), '-passout', 'pass:pfx-secret');
  const read = (name: string) => readFileSync(p(name));
  return { ca: read('ca.pem'), hostKey: read('host.key'), hostCert: read('host.pem'), clientKey: read('client.key'), clientCert: read('client.pem'), fakeKey: read('fake.key'), fakeCert: read('fake.pem'), pfx: read('host.pfx') };
}

const AUTH = { userId: 'gateway', password: 'gateway-demo' };
const transfer = (key: string) => ({ businessKey: key, payer: 'ALICE', payee: 'MERCHANT', amount: 1n, currency: 'USD' });

t.test('https: the client verifies the host against the configured CA and presents its certificate where required', async (t) => {
  const dir = tempDir(t);
  const certs = pki(dir);
  const host = await startXmlxHost({ dbPath: join(dir, 'host.db'), logger: false, tls: { key: certs.hostKey, cert: certs.hostCert, ca: certs.ca } });
  t.teardown(() => host.close());
  t.match(host.url, /^https:\/\//);
  const open = (name: string, tls: Parameters<typeof XmlxClient.open>[0]['tls']) =>
    XmlxClient.open({ hostUrl: host.url, journalPath: join(dir, `${name}.db`), auth: AUTH, timeoutMs: 3000, retry: { attempts: 1 }, ...(tls ? { tls } : {}) });

  const good = await open('good', { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey });
  t.equal((await good.transfer(transfer('tls-1'))).status, 'succeeded', 'trusted host, client certificate presented');
  await good.close();

  const noClientCert = await open('no-client-cert', { ca: certs.ca });
  t.not((await noClientCert.transfer(transfer('tls-2'))).status, 'succeeded', 'the host refuses a client without a certificate');
  await noClientCert.close();

  const untrusting = await open('untrusting', { cert: certs.clientCert, key: certs.clientKey });
  t.not((await untrusting.transfer(transfer('tls-3'))).status, 'succeeded', 'a host certificate from an unknown CA is not trusted');
  await untrusting.close();
  t.equal(host.store.balanceOf('MERCHANT', 'USD'), 1n, 'only the verified exchange moved money');
});

t.test('an impostor host with a certificate of another CA gets nothing: no password crosses', async (t) => {
  const dir = tempDir(t);
  const certs = pki(dir);
  const impostor = await startXmlxHost({ dbPath: join(dir, 'impostor.db'), logger: false, tls: { key: certs.fakeKey, cert: certs.fakeCert } });
  t.teardown(() => impostor.close());
  const client = await XmlxClient.open({ hostUrl: impostor.url, journalPath: join(dir, 'c.db'), auth: AUTH, timeoutMs: 3000, retry: { attempts: 1 }, tls: { ca: certs.ca } });
  const outcome = await client.transfer(transfer('imp-1'));
  t.not(outcome.status, 'succeeded');
  t.equal(impostor.store.countEntries(), 0, 'the impostor executed nothing (it never saw the request)');
  await client.close();
});

t.test('a PKCS#12 (pfx) certificate serves https too', async (t) => {
  const dir = tempDir(t);
  const certs = pki(dir);
  const host = await startXmlxHost({ dbPath: join(dir, 'host.db'), logger: false, tls: { pfx: certs.pfx, passphrase: 'pfx-secret' } });
  t.teardown(() => host.close());
  const client = await XmlxClient.open({ hostUrl: host.url, journalPath: join(dir, 'c.db'), auth: AUTH, timeoutMs: 3000, tls: { ca: certs.ca } });
  t.equal((await client.transfer(transfer('pfx-1'))).status, 'succeeded');
  await client.close();
});

t.test('plain HTTP off loopback is refused before anything listens, unless the test-only switch says so', async (t) => {
  const dir = tempDir(t);
  await t.rejects(startXmlxHost({ dbPath: join(dir, 'a.db'), logger: false, host: '0.0.0.0' }), InsecureHostError);
  const allowed = await startXmlxHost({ dbPath: join(dir, 'b.db'), logger: false, host: '0.0.0.0', insecureAllowPlainRemote: true });
  await allowed.close();
  t.pass('insecureAllowPlainRemote lets a test network host start');
});
