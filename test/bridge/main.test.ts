// `npm start` as a user runs it: the compiled gateway (dist/main.js, no TypeScript loader) in a child
// process with a configuration file, printing where to connect; configuration and mapping errors stop
// it with a message naming the file and the key/entry.
import t from 'tap';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Xfs4IotClient } from '../../src/xfs4iot/client.ts';
import { defaultMappingDir } from '../../src/bridge/mapping-loader.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
// dist/ brought up to date by the step `npm start` runs first (prestart).
execFileSync(process.execPath, ['scripts/build-js.mjs'], { cwd: root });

function start(args: string[], entry = ['dist/main.js']) {
  const child = spawn(process.execPath, [...entry, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
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

t.test('starts on the simulator, prints the discovery URI, serves a card reader, stops on SIGTERM', async (t) => {
  const dir = tempDir(t);
  const config = join(dir, 'gateway.json');
  writeFileSync(config, JSON.stringify({ server: { port: 0 }, logging: { level: 'warn', file: join(dir, 'gateway.log') } }));
  const run = start(['--config', config]);
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
  run.child.kill('SIGTERM');
  t.equal(await run.exited, 0, 'clean exit');
  t.notMatch(readFileSync(join(dir, 'gateway.log'), 'utf8'), /4761739001010119/, 'no PAN in the log file');
});

t.test('a configuration error names the key and stops start-up', async (t) => {
  const dir = tempDir(t);
  const config = join(dir, 'gateway.json');
  writeFileSync(config, JSON.stringify({ services: [{ logicalName: 'CardReader1', class: 'IDC', xfs4iotName: 'Card Reader' }] }));
  // Through the installed command this time: bin/ -> dist/cli.js -> start.
  const run = start(['--config', config], ['bin/xfs4iot-gateway.mjs', 'start']);
  t.equal(await run.exited, 2);
  t.match(run.output().stderr, `configuration error: ${config}: services[0].xfs4iotName: must match pattern`);
});

t.test('a TLS file that cannot be read names its key', async (t) => {
  const dir = tempDir(t);
  const config = join(dir, 'gateway.json');
  writeFileSync(config, JSON.stringify({ server: { port: 0, tls: { cert: join(dir, 'missing-cert.pem'), key: join(dir, 'missing-key.pem') } }, logging: { level: 'silent' } }));
  const run = start(['--config', config]);
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
  writeFileSync(config, JSON.stringify({ server: { port: 0 }, logging: { level: 'silent' } }));
  const run = start(['--config', config, '--mappings', join(dir, 'mappings')]);
  t.equal(await run.exited, 2);
  t.match(run.output().stderr, /mapping error: .*idc\.json: commands\['CardReader\.ChipIO'\]\.translator: must match pattern/);
});
