import t from 'tap';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, parseConfig } from '../../src/config/load.ts';

function rejected(data: unknown): ConfigError {
  try {
    parseConfig(data, 'gateway.json');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('the configuration was accepted');
}

t.test('no configuration: the simulator card reader on loopback with every default', async (t) => {
  const config = loadConfig(undefined);
  t.same(config.services.map((s) => [s.logicalName, s.class, s.xfs4iotName]), [['CardReader1', 'IDC', 'cardreader1']]);
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
  writeFileSync(good, JSON.stringify({ server: { port: 0 }, logging: { level: 'warn' } }));
  t.equal(loadConfig(good).server.port, 0);
});
