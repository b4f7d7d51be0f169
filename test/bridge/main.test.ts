// `npm start` as a user runs it: the compiled gateway (dist/main.js, no TypeScript loader) in a child
// process with a configuration file, in its own working directory (the payments' data/ lands there),
// printing where to connect; configuration and mapping errors stop it with a message naming the file
// and the key/entry. Payments: the IOTP Payment API on the gateway's port, the embedded XML-X host.
import t from 'tap';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Xfs4IotClient } from '../../src/xfs4iot/client.ts';
import { HEAP_FLAGS } from '../../src/main.ts';
import { defaultMappingDir } from '../../src/bridge/mapping-loader.ts';
import { XmlxClient, startXmlxHost } from '../../src/xmlx/index.ts';
import { newClientToken, type XmlElement } from '../../src/iotp-bridge/index.ts';
import { HOUR, isoIn, readAnswer, requestXml, type Answer } from '../iotp-bridge/fixtures/helpers.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
// dist/ brought up to date by the step `npm start` runs first (prestart).
execFileSync(process.execPath, ['scripts/build-js.mjs'], { cwd: root });

interface StartOptions {
  /** Working directory of the child (a temp dir per test: the default payments.dataDir is ./data). */
  cwd: string;
  entry?: string[];
  env?: Record<string, string>;
}

function start(args: string[], options: StartOptions) {
  const [script, ...scriptArgs] = options.entry ?? ['dist/main.js'];
  const entry = [join(root, script), ...scriptArgs];
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  if (!options.env?.IOTP_SCHEME_KEY) delete env.IOTP_SCHEME_KEY;
  const child = spawn(process.execPath, [...entry, ...args], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

function tempDir(t: { teardown(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-main-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function waitFor(run: ReturnType<typeof start>, pattern: RegExp, ms = 20000): Promise<RegExpExecArray | null> {
  const until = Date.now() + ms;
  for (;;) {
    const match = pattern.exec(run.output().stdout);
    if (match || Date.now() > until || run.child.exitCode !== null) return match;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function iotpCall(endpoint: string, token: string, name: string, attrs: Record<string, string>, children: XmlElement[] = []): Promise<Answer> {
  const response = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/xml', authorization: `Bearer ${token}` }, body: requestXml(name, attrs, children) });
  return readAnswer(await response.text());
}

/** Bob pays the demo shop 10.00 USD through the bridge in its Consumer and Payment Handler roles. */
async function payTenDollars(endpoint: string, token: string, id: string): Promise<Answer> {
  const window = { OkFrom: isoIn(-HOUR), OkTo: isoIn(HOUR) };
  const money = { BrandId: 'XMLX', CurrCode: 'USD', Amount: '10.00', PayDirection: 'Debit', ProtocolId: 'XMLX-1.0', ConsumerPayId: `C-${id}`, ...window };
  const order = await iotpCall(endpoint, token, 'StartPaymentConsumer', { ...money, PaymentInstrumentId: 'bob' });
  return iotpCall(endpoint, token, 'StartPaymentPaymentHandler', { ...money, PaymentHandlerPayId: `P-${id}`, MerchantOrgId: 'shop' }, order.body.children);
}

function curlAvailable(): boolean {
  try {
    execFileSync('curl', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

t.test('starts on the simulator, prints the discovery URI, serves a card reader, stops on SIGTERM', async (t) => {
  const dir = tempDir(t);
  const config = join(dir, 'gateway.json');
  writeFileSync(config, JSON.stringify({ profile: 'demo', server: { port: 0 }, logging: { level: 'warn', file: join(dir, 'gateway.log') } }));
  const run = start(['--config', config], { cwd: dir });
  t.teardown(() => run.child.kill('SIGKILL'));
  const until = Date.now() + 20000;
  let match: RegExpMatchArray | null = null;
  while (!match && Date.now() < until) {
    match = /service discovery at (ws:\/\/127\.0\.0\.1:\d+\/xfs4iot\/v1\.0)/.exec(run.output().stdout);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  t.ok(match, `discovery URI printed (${JSON.stringify(run.output())})`);
  if (!match) return;
  t.match(run.output().stdout, /\/cardreader1 +<- XFS 3\.x IDC 'CardReader1'/);
  const client = await Xfs4IotClient.connect(`${match[1]}/cardreader1`);
  const status = await client.command('Common.Status');
  t.equal(status.header.completionCode ?? null, null);
  // The simulated customer has a test card at the slot.
  const read = await client.command('CardReader.ReadRawData', { track2: true }, { timeout: 5000 });
  t.equal(read.header.completionCode ?? null, null, 'a card was read');
  t.ok(typeof (read.payload?.track2 as { data?: string } | undefined)?.data === 'string');
  await client.close();

  // Payments with every default: the IOTP Payment API on the gateway's own port, the embedded host.
  const gatewayPort = new URL(match[1]).port;
  const stdout = run.output().stdout;
  const endpoint = /payments: IOTP Payment API \(RFC 3867\) +POST (http:\/\/127\.0\.0\.1:(\d+)\/iotp)\n/.exec(stdout);
  t.ok(endpoint, `IOTP endpoint printed (${stdout})`);
  const hostLine = /XML-X payment host +(http:\/\/127\.0\.0\.1:\d+\/xmlx) \(embedded, demo accounts\)/.exec(stdout);
  t.ok(hostLine, 'embedded host URL printed');
  if (!endpoint || !hostLine) return;
  t.equal(endpoint[2], gatewayPort, 'IOTP is served on the gateway port');
  t.match(stdout, `CallBacks (server-sent events)  GET ${endpoint[1]}/events`);
  t.match(stdout, 'IOTP scheme key: DEMO KEY, FOR TRYING OUT ONLY: set payments.iotp.schemeKey or IOTP_SCHEME_KEY');
  t.match(stdout, `data directory  ${join(dir, 'data')}`);
  t.match(stdout, /^profile: DEMO /m, 'the demo profile says so');
  const credentialsFile = join(dir, 'data', 'demo-credentials.json');
  t.match(stdout, `IOTP client token (demo profile, regenerated at every start): ${credentialsFile}`);
  t.equal(statSync(credentialsFile).mode & 0o077, 0, 'the demo token is readable by its owner only');
  const token = (JSON.parse(readFileSync(credentialsFile, 'utf8')) as { authorization: string }).authorization.replace(/^Bearer /, '');
  const anonymous = await fetch(endpoint[1], { method: 'POST', body: requestXml('InquirePendingPayment') });
  t.equal(anonymous.status, 401, 'even the demo refuses callers without the token');

  // The printed example, pasted as a user would.
  const example = /^try: (curl .*)$/m.exec(stdout);
  t.ok(example, 'curl example printed');
  if (example && curlAvailable()) {
    const answer = readAnswer(execFileSync('sh', ['-c', example[1]], { encoding: 'utf8' }));
    t.equal(answer.body.name, 'FindAcceptedPaymentBrandResponse', 'the example call answers');
    t.same(answer.body.children.map((item) => item.attrs.BrandId), ['XMLX']);
  }

  const events = new AbortController();
  const stream = await fetch(`${endpoint[1]}/events`, { signal: events.signal, headers: { authorization: `Bearer ${token}` } });
  t.equal(stream.status, 200);
  t.match(stream.headers.get('content-type') ?? '', /^text\/event-stream/);
  t.teardown(() => events.abort());

  // A real payment: the bridge's reliable client reaches the embedded host with the demo credentials.
  const paid = await payTenDollars(endpoint[1], token, 'main-1');
  t.equal(paid.error, undefined, 'no IOTP error');
  t.equal(paid.body.attrs.ContStatus, 'End', 'paid');
  t.match(paid.body.children.map((c) => c.attrs.Name), ['XmlxReceipt']);
  const bob = await XmlxClient.open({ hostUrl: hostLine[1], journalPath: join(dir, 'bob-journal.db'), auth: { userId: 'bob', password: 'bob-demo' } });
  const balance = await bob.balance('BOB', 'USD');
  await bob.close();
  t.same(balance.status === 'ok' ? balance.value.map((b) => b.total) : balance, [4_000n], 'the host is reachable and holds the payment');
  for (const file of ['xmlx-host.db', 'iotp-payment-log.db', 'iotp-xmlx-journal.db']) t.ok(existsSync(join(dir, 'data', file)), `data/${file} in the working directory`);

  // The CallBack stream is still open: shutdown ends it instead of waiting for it.
  run.child.kill('SIGTERM');
  t.equal(await run.exited, 0, 'clean exit');
  // logging.file gateway.log is written as a rotated series: gateway.1.log, ...
  const logFiles = readdirSync(dir).filter((f) => /^gateway\.\d+\.log$/.test(f));
  t.same(logFiles, ['gateway.1.log'], 'one file of the series so far');
  const log = logFiles.map((f) => readFileSync(join(dir, f), 'utf8')).join('');
  t.notMatch(log, /4761739001010119/, 'no PAN in the log file');
  t.notMatch(log, /gateway-demo/, 'no host password in the log file');
  t.match(log, /IOTP scheme key: the public demo key is in use/, 'the demo key is also in the log');
});

t.test('an external XML-X host: no embedded host, the key from IOTP_SCHEME_KEY, payments land on that host', async (t) => {
  const dir = tempDir(t);
  const host = await startXmlxHost({ dbPath: join(dir, 'external-host.db'), port: 0, logger: false });
  t.teardown(() => host.close());
  const config = join(dir, 'gateway.json');
  const atm = newClientToken('atm-17');
  writeFileSync(join(dir, 'host-receipts.pem'), host.receiptPublicKey);
  writeFileSync(config, JSON.stringify({
    server: { port: 0 },
    logging: { level: 'warn', file: join(dir, 'gateway.log') },
    payments: {
      dataDir: 'payments', xmlxHost: { url: host.url }, xmlx: { userId: 'gateway', password: 'gateway-demo', hostPublicKey: join(dir, 'host-receipts.pem') },
      iotp: {
        prefix: '/pay/iotp', clients: [atm.entry], roles: ['Consumer', 'PaymentHandler'], instruments: [{ id: 'bob', name: 'Bob', account: 'BOB', currencies: ['USD'] }],
        merchants: { shop: 'MERCHANT' },
      },
    },
  }));
  const run = start(['--config', config], { cwd: dir, env: { IOTP_SCHEME_KEY: 'scheme-key-from-the-environment' } });
  t.teardown(() => run.child.kill('SIGKILL'));
  const endpoint = await waitFor(run, /POST (http:\/\/127\.0\.0\.1:\d+\/pay\/iotp)\n/);
  t.ok(endpoint, `IOTP endpoint printed (${JSON.stringify(run.output())})`);
  if (!endpoint) return;
  t.match(run.output().stdout, `XML-X payment host  ${host.url} (external)`);
  t.match(run.output().stdout, 'IOTP scheme key: from IOTP_SCHEME_KEY');
  t.notMatch(run.output().stdout, /profile: DEMO/, 'a configuration file runs the production profile');
  t.match(run.output().stdout, 'IOTP clients: atm-17');
  const paid = await payTenDollars(endpoint[1], atm.token, 'external-1');
  t.equal(paid.body.attrs.ContStatus, 'End', 'paid');
  t.equal(host.store.balanceOf('BOB', 'USD'), 4_000n, 'the external host executed it');
  t.equal(host.store.balanceOf('MERCHANT', 'USD'), 1_000n);
  t.notOk(existsSync(join(dir, 'payments', 'xmlx-host.db')), 'no embedded host database');
  t.ok(existsSync(join(dir, 'payments', 'iotp-payment-log.db')), 'payment log under payments.dataDir');
  run.child.kill('SIGTERM');
  t.equal(await run.exited, 0, 'clean exit');
});

t.test('payments.enabled false: no IOTP route, no payment host, no payment data', async (t) => {
  const dir = tempDir(t);
  const config = join(dir, 'gateway.json');
  writeFileSync(config, JSON.stringify({ server: { port: 0 }, logging: { level: 'silent' }, payments: { enabled: false } }));
  const run = start(['--config', config], { cwd: dir });
  t.teardown(() => run.child.kill('SIGKILL'));
  const match = await waitFor(run, /service discovery at ws:\/\/127\.0\.0\.1:(\d+)\//);
  t.ok(match, 'started');
  if (!match) return;
  await waitFor(run, /^simulator: /m);
  t.notMatch(run.output().stdout, /payments:|curl/);
  const response = await fetch(`http://127.0.0.1:${match[1]}/iotp`, { method: 'POST', body: requestXml('InquirePendingPayment') });
  t.equal(response.status, 404);
  // data/ holds what the dispenser needs (its operations journal, the simulator's notes), nothing of payments.
  t.same(readdirSync(join(dir, 'data')).filter((f) => !f.startsWith('operations-journal.db')).sort(), ['simulator']);
  run.child.kill('SIGTERM');
  t.equal(await run.exited, 0, 'clean exit');
});

t.test('payment start-up errors name the key and stop start-up', async (t) => {
  const dir = tempDir(t);
  const config = join(dir, 'gateway.json');
  writeFileSync(config, JSON.stringify({ server: { port: 0 }, logging: { level: 'silent' }, payments: { xmlxHost: { embedded: false } } }));
  const missingUrl = start(['--config', config], { cwd: dir });
  t.equal(await missingUrl.exited, 2);
  t.match(missingUrl.output().stderr, `configuration error: ${config}: payments.xmlxHost.url: is required`);

  // The embedded host's port taken by someone else.
  const occupant = await startXmlxHost({ dbPath: join(dir, 'occupant.db'), port: 0, logger: false });
  t.teardown(() => occupant.close());
  writeFileSync(config, JSON.stringify({ profile: 'demo', server: { port: 0 }, logging: { level: 'silent' }, payments: { xmlxHost: { port: Number(new URL(occupant.url).port) } } }));
  const taken = start(['--config', config], { cwd: dir });
  t.equal(await taken.exited, 2);
  t.match(taken.output().stderr, `configuration error: ${config}: payments.xmlxHost.port: EADDRINUSE`);

  writeFileSync(config, JSON.stringify({ profile: 'demo', server: { port: 0 }, logging: { level: 'silent' } }));
  const envKey = start(['--config', config], { cwd: dir, env: { IOTP_SCHEME_KEY: 'short' } });
  t.equal(await envKey.exited, 2);
  t.match(envKey.output().stderr, 'configuration error: environment: IOTP_SCHEME_KEY: must NOT have fewer than 16 characters');
});

t.test('a second gateway on the same operations journal stops before its payment stack starts', async (t) => {
  const first = tempDir(t);
  const second = tempDir(t);
  const journal = join(first, 'data', 'operations-journal.db');
  const config = join(first, 'gateway.json');
  writeFileSync(config, JSON.stringify({ profile: 'demo', server: { port: 0 }, logging: { level: 'silent' }, operationsJournal: { path: journal }, payments: { xmlxHost: { port: 0 } } }));
  const running = start(['--config', config], { cwd: first });
  t.teardown(() => running.child.kill('SIGKILL'));
  t.ok(await waitFor(running, /service discovery at ws:\/\//), 'the first gateway runs');
  // Another working directory: a payment stack it started would leave its data/ there.
  const refused = start(['--config', config], { cwd: second });
  t.equal(await refused.exited, 2);
  t.match(refused.output().stderr, `configuration error: ${config}: operationsJournal.path: in use by another gateway process`);
  t.notMatch(refused.output().stderr + refused.output().stdout, /at .*\.js:\d+/, 'no stack trace');
  t.notOk(existsSync(join(second, 'data')), 'no payment host, payment log or simulator state of its own');
  t.equal(running.child.exitCode, null, 'the first keeps running');
});

t.test('a second gateway on the same payment data directory stops with an error naming payments.dataDir', async (t) => {
  const first = tempDir(t);
  const second = tempDir(t);
  const dataDir = join(first, 'payments');
  // Each its own operations journal (in its working directory): only the payment data is shared.
  const config = join(first, 'gateway.json');
  writeFileSync(config, JSON.stringify({ profile: 'demo', server: { port: 0 }, logging: { level: 'silent' }, payments: { dataDir, xmlxHost: { port: 0 } } }));
  const running = start(['--config', config], { cwd: first });
  t.teardown(() => running.child.kill('SIGKILL'));
  t.ok(await waitFor(running, /service discovery at ws:\/\//), 'the first gateway runs');
  const refused = start(['--config', config], { cwd: second });
  t.equal(await refused.exited, 2);
  t.match(refused.output().stderr, `configuration error: ${config}: payments.dataDir: in use by another gateway process (${join(dataDir, 'payments.lock')} is locked)`);
  t.notMatch(refused.output().stderr + refused.output().stdout, /at .*\.js:\d+/, 'no stack trace');
  t.equal(running.child.exitCode, null, 'the first keeps running');
});

t.test('a configuration error names the key and stops start-up', async (t) => {
  const dir = tempDir(t);
  const config = join(dir, 'gateway.json');
  writeFileSync(config, JSON.stringify({ services: [{ logicalName: 'CardReader1', class: 'IDC', xfs4iotName: 'Card Reader' }] }));
  // Through the installed command this time: bin/ -> dist/cli.js -> start.
  const run = start(['--config', config], { cwd: dir, entry: ['bin/xfs4iot-gateway.mjs', 'start'] });
  t.equal(await run.exited, 2);
  t.match(run.output().stderr, `configuration error: ${config}: services[0].xfs4iotName: must match pattern`);
});

t.test('dist/main.js reached through a symlink and a space in the path still starts (an installed release)', async (t) => {
  const dir = tempDir(t);
  symlinkSync(root, join(dir, 'release link'), 'dir');
  const config = join(dir, 'gateway.json');
  writeFileSync(config, JSON.stringify({ services: [{ logicalName: 'CardReader1', class: 'IDC', xfs4iotName: 'Card Reader' }] }));
  const run = spawnSync(process.execPath, [join(dir, 'release link', 'dist', 'main.js'), '--config', config], { cwd: dir, encoding: 'utf8', timeout: 60000 });
  t.equal(run.status, 2, 'main ran (and stopped on the configuration error) instead of exiting silently');
  t.match(run.stderr, `configuration error: ${config}: services[0].xfs4iotName: must match pattern`);
});

t.test('a TLS file that cannot be read names its key', async (t) => {
  const dir = tempDir(t);
  const config = join(dir, 'gateway.json');
  writeFileSync(config, JSON.stringify({ server: { port: 0, tls: { cert: join(dir, 'missing-cert.pem'), key: join(dir, 'missing-key.pem') } }, logging: { level: 'silent' }, payments: { enabled: false } }));
  const run = start(['--config', config], { cwd: dir });
  t.equal(await run.exited, 2);
  t.match(run.output().stderr, `configuration error: ${config}: server.tls.cert: cannot read ${join(dir, 'missing-cert.pem')} (ENOENT)`);
});

t.test('a broken mapping file names file, entry and problem and stops start-up', async (t) => {
  const dir = tempDir(t);
  cpSync(defaultMappingDir, join(dir, 'mappings'), { recursive: true });
  const idcFile = join(dir, 'mappings', 'idc.json');
  const idc = JSON.parse(readFileSync(idcFile, 'utf8')) as { commands: Record<string, { translator: string }> };
  idc.commands['CardReader.ChipIO'].translator = 'Chip IO';
  writeFileSync(idcFile, JSON.stringify(idc));
  const config = join(dir, 'gateway.json');
  writeFileSync(config, JSON.stringify({ server: { port: 0 }, logging: { level: 'silent' }, payments: { enabled: false } }));
  const run = start(['--config', config, '--mappings', join(dir, 'mappings')], { cwd: dir });
  t.equal(await run.exited, 2);
  t.match(run.output().stderr, /mapping error: .*idc\.json: commands\['CardReader\.ChipIO'\]\.translator: must match pattern/);
});

t.test('an exposed or unbindable server address: one line naming the key, exit 2, no stack trace', async (t) => {
  const dir = tempDir(t);
  const config = join(dir, 'gateway.json');
  for (const [server, key] of [
    [{ host: '0.0.0.0', port: 0 }, 'server.host'],
    [{ host: '::', port: 0 }, 'server.host'],
    [{ host: '192.0.2.77', port: 0, allowPlainRemote: true }, 'server.host'],
  ] as const) {
    writeFileSync(config, JSON.stringify({ server, logging: { level: 'silent' }, payments: { enabled: false } }));
    const run = start(['--config', config], { cwd: dir });
    t.equal(await run.exited, 2, `${JSON.stringify(server)}: exit 2`);
    const { stderr } = run.output();
    t.match(stderr, `configuration error: ${config}: ${key}: `, JSON.stringify(server));
    t.notMatch(stderr, /\n\s+at /, 'no stack trace');
    t.equal(stderr.trim().split('\n').length, 1, 'one line');
  }
});

t.test('a native FFI module built for another platform is reported as such, with what to do, and no stack trace', async (t) => {
  const dir = tempDir(t);
  const hooks = join(root, 'test', 'fixtures', 'broken-koffi', 'register.mjs');
  const run = spawnSync(process.execPath, ['--import', hooks, join(root, 'bin', 'xfs4iot-gateway.mjs'), 'start'], { cwd: dir, encoding: 'utf8', timeout: 60000 });
  t.equal(run.status, 3, 'exit code 3');
  t.match(run.stderr, `the native FFI module (koffi) could not be loaded for ${process.platform}-${process.arch}`);
  t.match(run.stderr, 'wrong ELF class', 'with the loader\'s own reason');
  t.match(run.stderr, 'npm ci --omit=dev', 'and what to do');
  t.notMatch(run.stderr, /\n\s+at /, 'no stack trace');
  t.notMatch(run.stderr, /configuration error/, 'not blamed on the configuration');
});

t.test('the heap flags the start-up warning names are the ones npm start and the README service command use', async (t) => {
  const start = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  for (const flag of HEAP_FLAGS) {
    t.ok(start.split(/\s+/).includes(flag), `npm start passes ${flag}`);
    t.ok(readme.includes(`node ${HEAP_FLAGS.join(' ')} bin/xfs4iot-gateway.mjs start`), 'the README service command passes the same flags');
  }
});
