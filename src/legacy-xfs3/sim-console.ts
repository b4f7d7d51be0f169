// A console for developers to play the customer and the device while the gateway runs on the
// simulator: insert a card, take it, take the notes, inject an error, hang, delay, lose the
// connection. `attachSimulatorConsole(stdin, stdout)` wires it into a running gateway (the
// simulator lives in the gateway's process); run this file directly for a standalone demo that
// opens CardReader1 and CashDispenser1 and prints their events:
//   node --import tsx src/legacy-xfs3/sim-console.ts
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { SimulatorControl } from './simulator-control.ts';
import { SIM_VERBS, SimVerbError, parseWords, runVerb, validateParams } from './sim-verbs.ts';

export const CONSOLE_HELP = [
  ...[...SIM_VERBS.values()].map((verb) => verb.usage),
  'add <service> IDC|CDM|CIM|PIN [3.30]  add a simulated logical service',
  'stats                             allocation and request counters',
  'help',
].join('\n');

/** Runs one console line against the simulator; returns the text to print. Never throws. */
export function runConsoleCommand(line: string, sim: SimulatorControl): string {
  const [cmd, name, ...rest] = line.trim().split(/\s+/);
  try {
    switch (cmd) {
      case undefined: case '': return '';
      case 'help': return CONSOLE_HELP;
      case 'stats':
        return `live results ${sim.liveResults()}, total results ${sim.totalResults()}, invalid frees ${sim.invalidFrees()}, ` +
          `undelivered ${sim.undelivered()}, open handles ${sim.openHandles()}`;
    }
    const verb = SIM_VERBS.get(cmd);
    if (!verb && cmd !== 'add') return `unknown command '${cmd}' (try help)`;
    if (!name) return `${cmd}: a logical service name is required (try help)`;
    // Console only: the gateway publishes the services of its configuration, never one added here.
    if (!verb) { sim.addService(name, rest[0] === 'CDM' ? 'CDM' : rest[0] === 'CIM' ? 'CIM' : rest[0] === 'PIN' ? 'PIN' : 'IDC', rest[1] ?? '3.30'); return `${name} added`; }
    return runVerb(sim, verb, name, validateParams(verb, parseWords(verb, rest)));
  } catch (e) {
    const next = e instanceof SimVerbError && e.next ? ` (next: ${e.next})` : '';
    const message = (e as Error).message;
    // Usage problems read 'port: ...', as before; what the device or simulator refused, 'error: ...'.
    return `${message.startsWith(`${cmd}: `) ? '' : 'error: '}${message}${next}`;
  }
}

export function attachSimulatorConsole(input: Readable, output: Writable, sim = SimulatorControl.load()): () => void {
  const rl = createInterface({ input, terminal: false });
  rl.on('line', (line) => {
    const text = runConsoleCommand(line, sim);
    if (text) output.write(`${text}\n`);
  });
  return () => rl.close();
}

async function demo(): Promise<void> {
  const { LegacyXfsManager } = await import('./manager.ts');
  const { simulatorLibraries } = await import('./simulator-control.ts');
  const m = await LegacyXfsManager.start({ ...simulatorLibraries(), appId: 'sim-console' });
  for (const [name, cls] of [['CardReader1', 'IDC'], ['CashDispenser1', 'CDM']] as const) {
    const s = await m.open(name, { low: '3.00', high: '3.30' }, { serviceClass: cls });
    s.on('event', (e) => process.stdout.write(`[${name}] ${e.name}${e.data === undefined ? '' : ` ${JSON.stringify(e.data)}`}\n`));
    s.on('state', (st) => process.stdout.write(`[${name}] ${st}\n`));
    if (cls === 'IDC') {
      const loop = async (): Promise<void> => {
        for (;;) {
          const r = await s.execute('WFS_CMD_IDC_READ_RAW_DATA', { sources: 0x0f });
          process.stdout.write(`[${name}] READ_RAW_DATA ${r.name}${r.ok ? ` (${(r.data as unknown[]).length} sources)` : ''}\n`);
          if (r.ok) await s.execute('WFS_CMD_IDC_EJECT_CARD', undefined);
          if (s.state === 'closed') return;
          if (!r.ok) await new Promise((res) => setTimeout(res, 1000));
        }
      };
      void loop();
    }
  }
  process.stdout.write(`simulator console: CardReader1 waits for a card. Try: insert CardReader1 track2=;4761739001010010=10122011143878089? atr=3B6800000073C84000009000\n${CONSOLE_HELP}\n`);
  const detach = attachSimulatorConsole(process.stdin, process.stdout);
  process.stdin.once('end', () => { detach(); void m.shutdown().then(() => process.exit(0)); });
}

if (import.meta.url === `file://${process.argv[1]}`) await demo();
