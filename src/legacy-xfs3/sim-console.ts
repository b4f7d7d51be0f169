// A console for developers to play the customer and the device while the gateway runs on the
// simulator: insert a card, take it, take the notes, inject an error, hang, delay, lose the
// connection. `attachSimulatorConsole(stdin, stdout)` wires it into a running gateway (the
// simulator lives in the gateway's process); run this file directly for a standalone demo that
// opens CardReader1 and CashDispenser1 and prints their events:
//   node --import tsx src/legacy-xfs3/sim-console.ts
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { SimulatorControl } from './simulator-control.ts';

const SIU_PORT_TYPES: Record<string, number> = { sensors: 1, doors: 2, indicators: 4, auxiliaries: 8, guidLights: 16 };

export const CONSOLE_HELP = [
  'insert <service> [track1=..] [track2=..] [track3=..] [atr=<hex>] [invalid]   put a card at the slot',
  'take <service>                    take the ejected card (IDC), the presented notes (CDM) or the receipt (PTR)',
  'printed <service> [clear]         what the printer (PTR) printed since the last clear',
  'paper <service> full|low|out [toner full|low|out]   the printer\'s paper (and toner) level',
  'offer <service> [passbook] [reject=<0-8>] [NAME=value;NAME=value]   a document or passbook at the document printer\'s slot\n' +
  '                                  (e.g. offer DocumentPrinter1 CODELINE=<123<456>;AMOUNT=10.00)',
  'fail <service> <error> [command]  next execute completes with a 3.x error (name or number)',
  'hang <service>                    next execute never completes on its own',
  'delay <service> <ms> [infoMs]     device time for every execute (and query)',
  'lose <service> [restoreAfterMs]   the service provider is lost (0 = until restore)',
  'restore <service>                 the service provider is back',
  'add <service> IDC|CDM|PIN [3.30]  add a simulated logical service',
  'chip <service> <hex>              response of the next CHIP_IO',
  'cless <service> <hex> [outcome]   data of the next contactless transaction',
  'count <service> <unit> <count>    set a cash unit count',
  'keys <service> <keys>             the customer presses PIN pad keys: 0-9, E enter, C cancel, L clear, B backspace, H help (e.g. keys PinPad1 1234E)',
  'port <service> <type> <index> [value]  SIU port: read, or set as the hardware would (type sensors|doors|indicators|auxiliaries|guidLights;\n' +
  '                                  e.g. port SIU1 doors 0 2 opens the cabinet door, port SIU1 guidLights 1 reads the PIN pad light)',
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
    if (!name) return `${cmd}: a logical service name is required (try help)`;
    switch (cmd) {
      case 'insert': {
        const kv = Object.fromEntries(rest.filter((r) => r.includes('=')).map((r) => [r.slice(0, r.indexOf('=')), r.slice(r.indexOf('=') + 1)]));
        sim.insertCard(name, { track1: kv.track1, track2: kv.track2, track3: kv.track3, atr: kv.atr, invalid: rest.includes('invalid') });
        return `card at the slot of ${name}`;
      }
      case 'take':
        try { sim.takeCard(name); return `card taken from ${name}`; } catch { /* not a card reader, or no card */ }
        try { sim.takeNotes(name); return `notes taken from ${name}`; } catch { /* not a dispenser, or no notes */ }
        sim.takeMedia(name);
        return `receipt taken from ${name}`;
      case 'printed':
        if (rest[0] === 'clear') { sim.clearPrinterOutput(name); return `output of ${name} cleared`; }
        return sim.printerOutput(name);
      case 'paper': {
        const level = (word: string | undefined): 0 | 1 | 2 => (word === 'out' ? 2 : word === 'low' ? 1 : 0);
        sim.setPrinterSupplies(name, level(rest[0]), level(rest[1] === 'toner' ? rest[2] : 'full'));
        return `${name}: paper ${rest[0] ?? 'full'}${rest[1] === 'toner' ? `, toner ${rest[2] ?? 'full'}` : ''}`;
      }
      case 'offer': {
        const reject = rest.find((r) => r.startsWith('reject='));
        const content = rest.find((r) => r !== 'passbook' && r !== reject) ?? '';
        sim.insertPrinterMedia(name, { passbook: rest.includes('passbook'), content, reject: reject ? Number(reject.slice(7)) : undefined });
        return `${rest.includes('passbook') ? 'passbook' : 'document'} at the slot of ${name}`;
      }
      case 'fail': {
        const err = rest[0];
        if (!err) return 'fail: an error name or number is required';
        sim.failNext(name, /^-?\d+$/.test(err) ? Number(err) : err, Number(rest[1] ?? 0));
        return `next execute of ${name} fails with ${err}`;
      }
      case 'hang': sim.hangNext(name); return `next execute of ${name} hangs`;
      case 'delay': sim.setDelay(name, Number(rest[0] ?? 0), Number(rest[1] ?? 0)); return `device time of ${name}: ${rest[0] ?? 0} ms`;
      case 'lose': sim.loseConnection(name, Number(rest[0] ?? 0)); return `${name} lost`;
      case 'restore': sim.restoreConnection(name); return `${name} restored`;
      case 'add': sim.addService(name, rest[0] === 'CDM' ? 'CDM' : rest[0] === 'PIN' ? 'PIN' : 'IDC', rest[1] ?? '3.30'); return `${name} added`;
      case 'chip': sim.setChipResponse(name, rest[0] ?? '9000'); return 'chip response set';
      case 'cless': sim.setContactlessData(name, rest[0] ?? '', Number(rest[1] ?? 3)); return 'contactless data set';
      case 'count': sim.setCashUnitCount(name, Number(rest[0]), Number(rest[1])); return 'count set';
      case 'keys': sim.pressKeys(name, rest[0] ?? ''); return `${(rest[0] ?? '').length} key(s) pressed on ${name}`;
      case 'port': {
        const type = SIU_PORT_TYPES[rest[0] ?? ''];
        if (!type || !/^\d+$/.test(rest[1] ?? '')) return 'port: <sensors|doors|indicators|auxiliaries|guidLights> <index> [value]';
        if (rest[2] !== undefined) sim.siuSetPort(name, type, Number(rest[1]), Number(rest[2]));
        return `${name} ${rest[0]}[${rest[1]}] = 0x${sim.siuGetPort(name, type, Number(rest[1])).toString(16)}`;
      }
      default: return `unknown command '${cmd}' (try help)`;
    }
  } catch (e) {
    return `error: ${(e as Error).message}`;
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
