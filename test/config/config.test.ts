import t from 'tap';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, parseConfig } from '../../src/config/load.ts';
import { DEMO_SCHEME_KEY } from '../../src/config/payments.ts';

function rejected(data: unknown): ConfigError {
  try {
    parseConfig(data, 'gateway.json', {});
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('the configuration was accepted');
}

t.test('no configuration: the simulator card reader on loopback with every default', async (t) => {
  const config = loadConfig(undefined);
  t.same(config.services.map((s) => [s.logicalName, s.class, s.xfs4iotName]), [['CardReader1', 'IDC', 'cardreader1'], ['CashDispenser1', 'CDM', 'cashdispenser1'], ['CashAcceptor1', 'CIM', 'cashacceptor1'], ['ReceiptPrinter1', 'PTR', 'receiptprinter1'], ['SIU1', 'SIU', 'siu1'], ['PinPad1', 'PIN', 'pinpad1'], ['BarcodeReader1', 'BCR', 'barcodereader1'], ['Camera1', 'CAM', 'camera1'], ['TextTerminal1', 'TTU', 'textterminal1'], ['VendorMode1', 'VDM', 'vendormode1'], ['RecyclerDispenser1', 'CDM', 'recycler1']]);
  t.equal(config.services.at(-1)?.cashInLogicalName, 'RecyclerAcceptor1', 'the simulated recycler: its CDM and CIM as one service');
  t.equal(config.server.host, '127.0.0.1');
  t.equal(config.server.port, undefined, 'the port sequence is used');
  t.equal(config.xfsManager.library, undefined, 'the bundled simulator is used');
  t.equal(config.logging.level, 'info');
  t.equal(config.limits.maxPendingPerConnection, 32);
});

t.test('errors name the key', async (t) => {
  const cases: Array<[unknown, string, RegExp]> = [
    [{ services: [{ logicalName: 'A', class: 'IDC', xfs4iotName: 'CardReader' }] }, 'services[0].xfs4iotName', /pattern/],
    [{ services: [{ logicalName: 'A', class: 'XYZ', xfs4iotName: 'a' }] }, 'services[0].class', /one of IDC/],
    [{ services: [{ logicalName: 'A', class: 'IDC' }] }, 'services[0].xfs4iotName', /required/],
    [{ services: [] }, 'services', /fewer than 1/],
    [{ server: { port: 70000 } }, 'server.port', /<= 65535/],
    [{ server: { tls: { cert: 'c.pem' } } }, 'server.tls.key', /required/],
    [{ limits: { maxConnections: 0 } }, 'limits.maxConnections', />= 1/],
    [{ logging: { level: 'loud' } }, 'logging.level', /one of/],
    [{ xfsManager: { libary: 'msxfs.dll' } }, 'xfsManager.libary', /unknown key/],
    [{ services: [{ logicalName: 'A', class: 'IDC', xfs4iotName: 'a' }, { logicalName: 'B', class: 'IDC', xfs4iotName: 'a' }] }, 'services[1].xfs4iotName', /used twice/],
    [{ services: [{ logicalName: 'A', class: 'IDC', xfs4iotName: 'a', versions: { low: '3.30', high: '3.00' } }] }, 'services[0].versions', /low is above high/],
  ];
  for (const [data, key, problem] of cases) {
    const error = rejected(data);
    t.equal(error.key, key, key);
    t.match(error.problem, problem, `${key}: problem`);
    t.ok(error.message.startsWith(`gateway.json: ${key}: `), `${key}: message`);
  }
});

t.test('a file that cannot be read or parsed is named', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'config-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const broken = join(dir, 'broken.json');
  writeFileSync(broken, '{ "server": ');
  t.throws(() => loadConfig(broken), { name: 'ConfigError', file: broken, problem: /not valid JSON/ });
  t.throws(() => loadConfig(join(dir, 'missing.json')), { name: 'ConfigError', problem: /cannot be read \(ENOENT\)/ });
  const good = join(dir, 'good.json');
  writeFileSync(good, JSON.stringify({ profile: 'demo', server: { port: 0 }, logging: { level: 'warn' } }));
  t.equal(loadConfig(good).server.port, 0);
});

t.test('"$comment" members annotate a configuration file anywhere; any other unknown key is still an error', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'config-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const commented = join(dir, 'commented.json');
  writeFileSync(commented, JSON.stringify({
    $comment: 'ATM 0042', profile: 'demo',
    server: { $comment: 'loopback only', port: 0 },
    services: [{ $comment: 'the motorised reader', logicalName: 'IDC1', class: 'IDC', xfs4iotName: 'cardreader1' }],
  }));
  const config = loadConfig(commented);
  t.equal(config.server.port, 0);
  t.equal(config.services[0].logicalName, 'IDC1');
  const typo = join(dir, 'typo.json');
  writeFileSync(typo, JSON.stringify({ profile: 'demo', server: { $coment: 'x', port: 0 } }));
  t.throws(() => loadConfig(typo), { name: 'ConfigError', key: /server/ }, 'a misspelt $comment is an unknown key');
});

t.test('payments: defaults are the embedded demo host, the demo user and the demo scheme key', async (t) => {
  const { payments } = parseConfig({ profile: 'demo' }, 'gateway.json', {});
  t.same(payments, {
    profile: 'demo',
    enabled: true,
    dataDir: 'data',
    retentionDays: 400,
    xmlxHost: { embedded: true, host: '127.0.0.1', port: 0, store: 'sqlite' },
    xmlx: { userId: 'gateway', password: 'gateway-demo' },
    iotp: {
      prefix: '/iotp', schemeKey: DEMO_SCHEME_KEY, schemeKeySource: 'demo', clients: [], roles: ['Consumer', 'PaymentHandler', 'Merchant'],
      instruments: [
        { id: 'alice', name: 'Alice (demo account)', account: 'ALICE', currencies: ['USD', 'EUR', 'JPY'] },
        { id: 'bob', name: 'Bob (demo account)', account: 'BOB', currencies: ['USD'] },
      ],
      payerAccounts: [], merchants: { shop: 'MERCHANT' }, callbackOrigins: [],
    },
  });
  t.match(DEMO_SCHEME_KEY, /demo/, 'the demo key says what it is');
});

t.test('payments: the scheme key comes from the configuration, else IOTP_SCHEME_KEY', async (t) => {
  const fromEnv = parseConfig({ profile: 'demo' }, 'gateway.json', { IOTP_SCHEME_KEY: 'key-from-the-environment' }).payments.iotp;
  t.same([fromEnv.schemeKey, fromEnv.schemeKeySource], ['key-from-the-environment', 'env']);
  const fromFile = parseConfig({ profile: 'demo', payments: { iotp: { schemeKey: 'key-from-the-config-file' } } }, 'gateway.json', { IOTP_SCHEME_KEY: 'key-from-the-environment' }).payments.iotp;
  t.same([fromFile.schemeKey, fromFile.schemeKeySource], ['key-from-the-config-file', 'config']);
  t.throws(() => parseConfig({ profile: 'demo' }, 'gateway.json', { IOTP_SCHEME_KEY: 'too-short' }), { name: 'ConfigError', file: 'environment', key: 'IOTP_SCHEME_KEY', problem: /fewer than 16/ });
});

t.test('payments: an external host URL means no embedded host and needs credentials', async (t) => {
  const external = parseConfig({ profile: 'demo', payments: { xmlxHost: { url: 'https://host.example/xmlx' }, xmlx: { userId: 'atm-17', password: 'secret-of-atm-17' } } }, 'gateway.json', {}).payments;
  t.same(external.xmlxHost, { embedded: false, host: '127.0.0.1', port: 0, url: 'https://host.example/xmlx', store: 'sqlite' });
  t.same(external.xmlx, { userId: 'atm-17', password: 'secret-of-atm-17' });
  const disabled = parseConfig({ payments: { enabled: false, xmlxHost: { embedded: false } } }, 'gateway.json', {}).payments;
  t.equal(disabled.enabled, false, 'a disabled payments section needs no host');
});

t.test('payments: the embedded host on PostgreSQL, its connection string from the file or XMLX_POSTGRES_URL', async (t) => {
  const fromFile = parseConfig({ profile: 'demo', payments: { xmlxHost: { store: 'postgres', postgres: { url: 'postgres://xmlx:pw@db:5432/ledger', poolSize: 4 } } } }, 'gateway.json', {}).payments;
  t.same(fromFile.xmlxHost, { embedded: true, host: '127.0.0.1', port: 0, store: 'postgres', postgres: { url: 'postgres://xmlx:pw@db:5432/ledger', poolSize: 4 } });
  const fromEnv = parseConfig({ profile: 'demo', payments: { xmlxHost: { store: 'postgres' } } }, 'gateway.json', { XMLX_POSTGRES_URL: 'postgresql://db/ledger' }).payments;
  t.same(fromEnv.xmlxHost.postgres, { url: 'postgresql://db/ledger', poolSize: 10 });
  t.throws(() => parseConfig({ profile: 'demo', payments: { xmlxHost: { store: 'postgres' } } }, 'gateway.json', { XMLX_POSTGRES_URL: 'db:5432' }),
    { name: 'ConfigError', file: 'environment', key: 'XMLX_POSTGRES_URL', problem: /postgres:\/\// });
});

t.test('payments: errors name the key', async (t) => {
  const cases: Array<[unknown, string, RegExp]> = [
    [{ payments: { enabled: 'yes' } }, 'payments.enabled', /boolean/],
    [{ payments: { dataDir: '' } }, 'payments.dataDir', /fewer than 1/],
    [{ payments: { xmlxHost: { port: 70000 } } }, 'payments.xmlxHost.port', /<= 65535/],
    [{ payments: { xmlxHost: { url: 'ftp://host/xmlx' } } }, 'payments.xmlxHost.url', /pattern/],
    [{ payments: { xmlxHost: { embedded: false } } }, 'payments.xmlxHost.url', /required when payments\.xmlxHost\.embedded is false/],
    [{ payments: { xmlxHost: { embedded: true, url: 'http://host/xmlx' } } }, 'payments.xmlxHost.embedded', /cannot be true/],
    [{ payments: { xmlxHost: { url: 'http://host/xmlx' } } }, 'payments.xmlx.userId', /required for an external host/],
    [{ payments: { xmlxHost: { url: 'http://host/xmlx' }, xmlx: { userId: 'atm' } } }, 'payments.xmlx.password', /required for an external host/],
    [{ payments: { xmlx: { userId: 'atm' } } }, 'payments.xmlx.password', /required with payments\.xmlx\.userId/],
    [{ payments: { xmlx: { passwd: 'x' } } }, 'payments.xmlx.passwd', /unknown key/],
    [{ payments: { iotp: { prefix: 'iotp' } } }, 'payments.iotp.prefix', /pattern/],
    [{ payments: { iotp: { prefix: '/xfs4iot/v1.0/iotp' } } }, 'payments.iotp.prefix', /must not be below \/xfs4iot/],
    [{ payments: { iotp: { schemeKey: 'short' } } }, 'payments.iotp.schemeKey', /fewer than 16/],
    [{ payments: { embeded: true } }, 'payments.embeded', /unknown key/],
    [{ payments: { xmlxHost: { store: 'mysql' } } }, 'payments.xmlxHost.store', /one of sqlite, postgres/],
    [{ payments: { xmlxHost: { store: 'postgres' } } }, 'payments.xmlxHost.postgres.url', /required when payments\.xmlxHost\.store is postgres \(or XMLX_POSTGRES_URL\)/],
    [{ payments: { xmlxHost: { store: 'postgres', postgres: { url: 'mysql://u:secret@db/x' } } } }, 'payments.xmlxHost.postgres.url', /pattern/],
    [{ payments: { xmlxHost: { store: 'postgres', postgres: { url: 'postgres://u:secret@db/x', poolSize: 0 } } } }, 'payments.xmlxHost.postgres.poolSize', />= 1/],
    [{ payments: { xmlxHost: { store: 'postgres', url: 'https://h/xmlx', postgres: { url: 'postgres://u:secret@db/x' } }, xmlx: { userId: 'a', password: 'secret-b' } } },
      'payments.xmlxHost.store', /embedded host only/],
  ];
  for (const [data, key, problem] of cases) {
    const error = rejected({ profile: 'demo', ...(data as object) });
    t.equal(error.key, key, key);
    t.match(error.problem, problem, `${key}: problem`);
    t.ok(error.message.startsWith(`gateway.json: ${key}: `), `${key}: message`);
    t.notMatch(error.message, /gateway-demo|secret/, `${key}: no password in the message`);
  }
});

t.test('production profile (every configuration file): no built-in secret; each missing guard is named', async (t) => {
  const entry = { id: 'atm-17', tokenSha256: 'a'.repeat(64) };
  const complete = {
    payments: {
      xmlxHost: { url: 'https://host.example/xmlx' }, xmlx: { userId: 'atm-17', password: 'secret-of-atm-17', hostPublicKey: '/etc/xfs4iot/host-receipts.pem' },
      iotp: { schemeKey: 'a-real-scheme-key-of-the-bank', clients: [entry], merchants: { shop: 'MERCHANT' } },
    },
  };
  const ok = parseConfig(complete, 'gateway.json', {});
  t.equal(ok.profile, 'production', 'a configuration file without profile is production');
  t.same(ok.payments.iotp.roles, ['PaymentHandler']);
  t.same(ok.payments.iotp.instruments, [], 'no demo instrument');
  t.equal(loadConfig(undefined, {}).profile, 'demo', 'npm start without a file runs the demo profile');
  const without = (path: string[]): unknown => {
    const copy = structuredClone(complete) as Record<string, unknown>;
    let at = copy;
    for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
    delete at[path.at(-1) ?? ''];
    return copy;
  };
  const cases: Array<[unknown, string, RegExp]> = [
    [without(['payments', 'xmlxHost', 'url']), 'payments.xmlxHost.url', /required in the production profile/],
    [without(['payments', 'iotp', 'schemeKey']), 'payments.iotp.schemeKey', /required in the production profile/],
    [without(['payments', 'iotp', 'clients']), 'payments.iotp.clients', /at least one client/],
    [without(['payments', 'iotp', 'merchants']), 'payments.iotp.merchants', /merchant account/],
    [without(['payments', 'xmlx', 'password']), 'payments.xmlx.password', /required/],
    [without(['payments', 'xmlx', 'hostPublicKey']), 'payments.xmlx.hostPublicKey', /required for an external host in the production profile/],
    [{ ...complete, payments: { ...complete.payments, iotp: { ...complete.payments.iotp, roles: ['Consumer'] } } }, 'payments.iotp.instruments', /at least one instrument/],
    [{ ...complete, payments: { ...complete.payments, iotp: { ...complete.payments.iotp, clients: [entry, entry] } } }, 'payments.iotp.clients[1].id', /used twice/],
    [{ ...complete, payments: { ...complete.payments, iotp: { ...complete.payments.iotp, clients: [{ id: 'atm-17', tokenSha256: 'secret' }] } } }, 'payments.iotp.clients[0].tokenSha256', /pattern/],
    [{ ...complete, profile: 'test' }, 'profile', /one of demo, production/],
    [{ ...complete, payments: { ...complete.payments, xmlxHost: { url: 'http://host.example/xmlx' } } }, 'payments.xmlxHost.url', /must be https/],
  ];
  for (const [data, key, problem] of cases) {
    t.throws(() => parseConfig(data, 'gateway.json', {}), { name: 'ConfigError', key, problem }, key);
  }
  t.throws(() => parseConfig(without(['payments', 'iotp', 'schemeKey']), 'gateway.json', {}), { name: 'ConfigError', problem: /demo key is public/ }, 'the demo key is never used in production');
  t.equal(parseConfig(without(['payments', 'iotp', 'schemeKey']), 'gateway.json', { IOTP_SCHEME_KEY: 'a-real-key-from-the-environment' }).payments.iotp.schemeKeySource, 'env');
  const loopback = { ...complete, payments: { ...complete.payments, xmlxHost: { url: 'http://127.0.0.1:8700/xmlx' } } };
  t.equal(parseConfig(loopback, 'gateway.json', {}).payments.xmlxHost.url, 'http://127.0.0.1:8700/xmlx', 'plain http to a host on this machine is allowed');
});

t.test('a recycler pairs a CDM with the CIM named by cashInLogicalName', async (t) => {
  const config = parseConfig({ services: [{ logicalName: 'RecyclerDispenser1', class: 'CDM', xfs4iotName: 'recycler1', cashInLogicalName: 'RecyclerAcceptor1' }], payments: { enabled: false } }, 'gateway.json', {});
  t.equal(config.services[0].cashInLogicalName, 'RecyclerAcceptor1');
  const notCdm = rejected({ services: [{ logicalName: 'CashAcceptor1', class: 'CIM', xfs4iotName: 'acceptor', cashInLogicalName: 'Other' }] });
  t.match(notCdm, { key: 'services[0].cashInLogicalName', problem: /pairs a CIM with a CDM.*class CIM/ });
  const twice = rejected({
    services: [
      { logicalName: 'CashAcceptor1', class: 'CIM', xfs4iotName: 'cashacceptor1' },
      { logicalName: 'CashDispenser1', class: 'CDM', xfs4iotName: 'recycler1', cashInLogicalName: 'CashAcceptor1' },
    ],
  });
  t.match(twice, { key: 'services[1].cashInLogicalName', problem: /'CashAcceptor1' is bridged twice/ });
  const empty = rejected({ services: [{ logicalName: 'CashDispenser1', class: 'CDM', xfs4iotName: 'recycler1', cashInLogicalName: '' }] });
  t.match(empty, { key: 'services[0].cashInLogicalName' });
});

t.test('cryptoSession is a PIN pad setting', async (t) => {
  const config = parseConfig({ services: [{ logicalName: 'PinPad1', class: 'PIN', xfs4iotName: 'pinpad1', cryptoSession: false }], payments: { enabled: false } }, 'gateway.json', {});
  t.equal(config.services[0].cryptoSession, false);
  t.match(rejected({ services: [{ logicalName: 'CardReader1', class: 'IDC', xfs4iotName: 'cardreader1', cryptoSession: true }] }),
    { key: 'services[0].cryptoSession', problem: /PIN pad setting.*class IDC/ });
  t.match(rejected({ services: [{ logicalName: 'PinPad1', class: 'PIN', xfs4iotName: 'pinpad1', cryptoSession: 'yes' }] }), { key: 'services[0].cryptoSession' });
});
