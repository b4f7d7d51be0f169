// The Windows service's command line and the parts of `xfs4iot-gateway service` that run anywhere.
// The service itself (install, start, serve, stop, uninstall through the Service Control Manager) runs
// under Wine in npm run test:windows (scripts/windows-service.mjs).
import t from 'tap';
import { quoteWindowsArgument, serviceCommandLine } from '../../src/windows-service/command-line.ts';
import { defaultServiceLogFile } from '../../src/windows-service/service-host.ts';
import { run } from '../../src/windows-service/service-cli.ts';
import { HEAP_FLAGS } from '../../src/main.ts';
import { captureStdio } from '../fixtures/capture-stdio.ts';

/** CommandLineToArgvW's reading of a command line (the rules the C runtime shares). */
function argv(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === ' ' || line[i] === '\t') i++;
    if (i >= line.length) break;
    let arg = '';
    let quoted = false;
    for (; i < line.length && (quoted || (line[i] !== ' ' && line[i] !== '\t')); i++) {
      let backslashes = 0;
      while (line[i] === '\\') { backslashes++; i++; }
      if (line[i] === '"') {
        arg += '\\'.repeat(Math.floor(backslashes / 2));
        if (backslashes % 2 === 1) arg += '"';
        else quoted = !quoted;
      } else {
        arg += '\\'.repeat(backslashes);
        if (i < line.length) arg += line[i];
        else break;
      }
    }
    out.push(arg);
  }
  return out;
}

t.test('arguments survive the Windows command line as they were', async (t) => {
  const samples = ['plain', '', 'C:\\Program Files\\xfs4iot-gateway\\node.exe', 'C:\\dir with space\\', 'say "hi"', 'a\\\\"b', 'tab\there', 'trailing\\\\'];
  for (const sample of samples) t.same(argv(quoteWindowsArgument(sample)), [sample], JSON.stringify(sample));
  t.equal(quoteWindowsArgument('C:\\xfs\\node.exe'), 'C:\\xfs\\node.exe', 'no quotes where none are needed');
});

t.test('the service starts node.exe with the heap bound, the launcher and service run', async (t) => {
  const line = serviceCommandLine({ nodeExe: 'C:\\Program Files\\gw\\node.exe', launcher: 'C:\\Program Files\\gw\\bin\\xfs4iot-gateway.mjs', name: 'gw', config: 'C:\\ProgramData\\gw\\gateway.json' });
  t.same(argv(line), ['C:\\Program Files\\gw\\node.exe', ...HEAP_FLAGS, 'C:\\Program Files\\gw\\bin\\xfs4iot-gateway.mjs', 'service', 'run', '--name', 'gw', '--config', 'C:\\ProgramData\\gw\\gateway.json']);
});

t.test('logs of a service without logging.file go under ProgramData', async (t) => {
  t.equal(defaultServiceLogFile('gw', { ProgramData: 'C:\\ProgramData' }).replaceAll('/', '\\'), 'C:\\ProgramData\\gw\\logs\\gateway.log');
  t.match(defaultServiceLogFile('gw', { ALLUSERSPROFILE: 'C:\\users\\Public' }), /users.Public.gw.logs.gateway\.log$/, 'or %ALLUSERSPROFILE% where only that is set (Wine services)');
});

t.test('service is refused clearly off Windows and on bad arguments', async (t) => {
  const results = [await captureStdio(() => run(['status'])), await captureStdio(() => run([])), await captureStdio(() => run(['status', '--bogus']))];
  const stderr = results.map((r) => r.stderr).join('');
  t.same(results.map((r) => r.code), [2, 2, 2], 'usage errors exit 2');
  t.match(stderr, /Windows services exist on Windows only/, 'off Windows: says so and what to do instead');
  t.match(stderr, /usage: xfs4iot-gateway service/, 'the usage is printed');
  t.match(stderr, /bogus/, 'the unknown option is named');
});
