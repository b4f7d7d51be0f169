// Off loopback, whoever reaches the port is a stranger: the gateway refuses to start exposed without
// client certificates, and cash moves only for connections from this machine or with a certificate
// the configured CA verifies. Real TLS sockets, the real CDM bridge on the simulator.
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatorControl } from '../../src/legacy-xfs3/simulator-control.ts';
import { Xfs4IotClient } from '../../src/xfs4iot/client.ts';
import { parseConfig, ConfigError } from '../../src/config/load.ts';
import { startGateway } from '../../src/bridge/gateway.ts';
import { LogCapture, sharedManager, shutdownManager } from './harness.ts';

t.teardown(shutdownManager);

/** The first non-loopback IPv4 address of this machine: connections from it are not local. */
const outside = Object.values(networkInterfaces()).flat().find((a) => a !== undefined && a.family === 'IPv4' && !a.internal)?.address;

interface Pki { dir: string; ca: string; cert: string; key: string; clientCert: Buffer; clientKey: Buffer; rogueCert: Buffer; rogueKey: Buffer }

function makePki(ip: string): Pki {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-pki-'));
  const p = (name: string) => join(dir, name);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=test CA', '-keyout', p('ca.key'), '-out', p('ca.pem'));
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=gateway', '-addext', `subjectAltName=IP:${ip},IP:127.0.0.1`,
    '-CA', p('ca.pem'), '-CAkey', p('ca.key'), '-keyout', p('server.key'), '-out', p('server.pem'));
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=atm application', '-CA', p('ca.pem'), '-CAkey', p('ca.key'), '-keyout', p('client.key'), '-out', p('client.pem'));
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=rogue', '-keyout', p('rogue.key'), '-out', p('rogue.pem'));
  return {
    dir, ca: p('ca.pem'), cert: p('server.pem'), key: p('server.key'),
    clientCert: readFileSync(p('client.pem')), clientKey: readFileSync(p('client.key')), rogueCert: readFileSync(p('rogue.pem')), rogueKey: readFileSync(p('rogue.key')),
  };
}


// Cash moves are journaled: into a temporary file, not the working directory's data/.
const journalDir = mkdtempSync(join(tmpdir(), 'exposure-journal-'));
t.teardown(() => rmSync(journalDir, { recursive: true, force: true }));
const JOURNAL = { path: join(journalDir, 'operations.db') };
t.test('exposed without client certificates: one configuration error naming the key, before anything listens', async (t) => {
  const manager = await sharedManager();
  const logger = new LogCapture().logger;
  const base = { services: [{ logicalName: 'CashDispenser1', class: 'CDM', xfs4iotName: 'cashdispenser1' }], payments: { enabled: false }, operationsJournal: JOURNAL };
  const cases: Array<[Record<string, unknown>, string, RegExp]> = [
    [{ host: '0.0.0.0', port: 0 }, 'server.host', /not a loopback address/],
    [{ host: '::', port: 0 }, 'server.host', /not a loopback address/],
    [{ host: '0.0.0.0', port: 0, tls: { cert: '/nonexistent/cert.pem', key: '/nonexistent/key.pem' } }, 'server.tls.ca', /required when server.host/],
    [{ host: '192.0.2.77', port: 0, allowPlainRemote: true }, 'server.host', /not an address of this machine|cannot be bound/],
    [{ host: '127.0.0.1', port: 0, tls: { pfx: '/nonexistent/x.pfx', cert: '/nonexistent/cert.pem' } }, 'server.tls.pfx', /cannot be combined/],
    [{ host: '127.0.0.1', port: 0, tls: { key: '/nonexistent/key.pem' } }, 'server.tls.cert', /is required/],
  ];
  for (const [server, key, problem] of cases) {
    const attempt = async () => startGateway(parseConfig({ ...base, server }), { manager, logger });
    const error = await attempt().then(async (gw) => {
      await gw.close();
      return undefined;
    }, (e: unknown) => e);
    t.ok(error instanceof ConfigError, `${JSON.stringify(server)}: a ConfigError (${String(error)})`);
    if (error instanceof ConfigError) {
      t.equal(error.key, key, `${JSON.stringify(server)}: names ${key}`);
      t.match(error.problem, problem);
    }
  }
});

t.test('a key that does not fit its certificate names server.tls', async (t) => {
  const pki = makePki('127.0.0.1');
  t.teardown(() => rmSync(pki.dir, { recursive: true, force: true }));
  const manager = await sharedManager();
  const config = parseConfig({
    services: [{ logicalName: 'CashDispenser1', class: 'CDM', xfs4iotName: 'cashdispenser1' }], payments: { enabled: false }, operationsJournal: JOURNAL,
    server: { host: '127.0.0.1', port: 0, tls: { cert: pki.cert, key: join(pki.dir, 'rogue.key') } },
  });
  const error = await startGateway(config, { manager, logger: new LogCapture().logger }).then(async (gw) => {
    await gw.close();
    return undefined;
  }, (e: unknown) => e);
  t.ok(error instanceof ConfigError, String(error));
  if (error instanceof ConfigError) t.equal(error.key, 'server.tls');
});

t.test('off loopback with mutual TLS: Dispense and Present only with a certificate the CA verifies', { skip: outside === undefined ? 'this machine has no non-loopback IPv4 address' : false }, async (t) => {
  const ip = outside as string;
  const pki = makePki(ip);
  t.teardown(() => rmSync(pki.dir, { recursive: true, force: true }));
  const sim = SimulatorControl.load();
  const logicalName = `CDM_exposed_${process.pid}`;
  sim.addService(logicalName, 'CDM', '3.30');
  const config = parseConfig({
    services: [{ logicalName, class: 'CDM', xfs4iotName: 'cashdispenser', statusPollMs: 0, openTimeoutMs: 5000 }],
    server: { host: '0.0.0.0', port: 0, tls: { cert: pki.cert, key: pki.key, ca: pki.ca } },
    payments: { enabled: false }, operationsJournal: JOURNAL,
  });
  const log = new LogCapture();
  const gateway = await startGateway(config, { manager: await sharedManager(), logger: log.logger });
  t.teardown(() => gateway.close());
  const url = `wss://${ip}:${gateway.publisher.port}/xfs4iot/v1.0/cashdispenser`;
  const ca = readFileSync(pki.ca);
  const dispense = { denomination: { denomination: { currencies: { EUR: 20 } } }, position: 'outDefault' };

  for (const [label, options] of [
    ['no client certificate', { ca }],
    ['a certificate the CA did not sign', { ca, cert: pki.rogueCert, key: pki.rogueKey }],
  ] as const) {
    const stranger = await Xfs4IotClient.connect(url, options);
    t.equal((await stranger.command('Common.Status')).header.completionCode ?? null, null, `${label}: status may still be read`);
    for (const name of ['CashDispenser.Dispense', 'CashDispenser.Present', 'CashManagement.Retract', 'CashDispenser.Reject']) {
      const refused = await stranger.command(name, name === 'CashDispenser.Dispense' ? dispense : {});
      t.equal(refused.header.completionCode, 'authorizationRequired', `${label}: ${name} refused`);
    }
    await stranger.close();
  }
  t.ok(log.lines.some((l) => l.msg === 'cash command refused: connection not authenticated' && l.name === 'CashDispenser.Dispense'), 'the refusal is logged');

  const trusted = await Xfs4IotClient.connect(url, { ca, cert: pki.clientCert, key: pki.clientKey });
  const dispensed = await trusted.command('CashDispenser.Dispense', dispense, { timeout: 20_000 });
  t.not(dispensed.header.completionCode, 'authorizationRequired', `a certificate the CA signed may dispense (${JSON.stringify(dispensed.header)})`);
  await trusted.close();
});
