// The verbs that drive the simulated devices (insert a card, press keys, take the notes, make the
// next command fail...), shared by the developers' console (sim-console.ts), the loopback control
// endpoint (bridge/sim-control.ts) and `xfs4iot-gateway sim`: one parser of console-style words, one
// schema per verb, one executor, one set of error texts that say what to do next.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { SimulatorControl } from './simulator-control.ts';
import type { XfsServiceClass } from './types.ts';

/** Stable codes of the simulator control errors (logged, answered by the endpoint, documented). */
export const SIM_ERRORS = {
  NOT_LOOPBACK: { code: 'SIM-001', status: 403 },
  NOT_LOCAL_HOST: { code: 'SIM-002', status: 403 },
  NOT_JSON: { code: 'SIM-003', status: 415 },
  UNKNOWN_VERB: { code: 'SIM-004', status: 404 },
  UNKNOWN_SERVICE: { code: 'SIM-005', status: 404 },
  WRONG_CLASS: { code: 'SIM-006', status: 400 },
  BAD_PARAMETERS: { code: 'SIM-007', status: 400 },
  DEVICE_STATE: { code: 'SIM-008', status: 409 },
  REFUSED: { code: 'SIM-009', status: 409 },
} as const;

export type SimErrorKey = keyof typeof SIM_ERRORS;

/** A refusal with its stable code and, where there is one, the verb line that gets past it. */
export class SimVerbError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(readonly key: SimErrorKey, message: string, readonly next?: string) {
    super(message);
    this.name = 'SimVerbError';
    this.code = SIM_ERRORS[key].code;
    this.status = SIM_ERRORS[key].status;
  }
}

export type SimParamValue = string | number | boolean;
export type SimParams = Record<string, SimParamValue>;

interface PropertySchema {
  type: 'string' | 'integer' | 'boolean';
  enum?: readonly string[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  default?: SimParamValue;
  description: string;
  /** What to say when the value does not match `pattern` (ajv would quote the regular expression). */
  problem?: string;
}

export interface SimVerb {
  readonly name: string;
  /** Console syntax, as `help` prints it. */
  readonly usage: string;
  /** 3.x classes the verb acts on; undefined: every class. */
  readonly classes?: readonly XfsServiceClass[];
  /** Words taken in this order as these parameters. */
  readonly positional: readonly string[];
  readonly properties: Readonly<Record<string, PropertySchema>>;
  readonly required?: readonly string[];
  /** Runs the verb; `cls` is known to the endpoint (the gateway's configuration), not to the console. */
  run(sim: SimulatorControl, name: string, p: SimParams, cls?: XfsServiceClass): string;
}

const HEX = '^([0-9A-Fa-f]{2})*$';
const HEX_PROBLEM = 'must be hexadecimal, two digits a byte (e.g. 3B68)';
const KEYS = /^[0-9ECLBHD.a-f]+$/;
const track = (n: number): PropertySchema => ({ type: 'string', maxLength: 127, description: `track ${n} data as the reader reads it` });
const level = (what: string): PropertySchema => ({ type: 'string', enum: ['full', 'low', 'out'], default: 'full', description: `${what} level` });
const SIU_PORT_TYPES: Record<string, number> = { sensors: 1, doors: 2, indicators: 4, auxiliaries: 8, guidLights: 16 };
const LEVELS: Record<string, 0 | 1 | 2> = { full: 0, low: 1, out: 2 };

const str = (p: SimParams, key: string): string => String(p[key] ?? '');
const num = (p: SimParams, key: string): number => Number(p[key] ?? 0);

/** Where a card is: in the exit slot, inside the reader, waiting at the slot, or nowhere. */
function cardPlace(sim: SimulatorControl, name: string): 'exit' | 'inside' | 'waiting' | 'none' {
  const { media, cardWaiting } = sim.idcMedia(name);
  if (media === 6) return 'exit';
  if (media === 1) return 'inside';
  return cardWaiting ? 'waiting' : 'none';
}

function insert(sim: SimulatorControl, name: string, p: SimParams): string {
  const place = cardPlace(sim, name);
  if (place === 'exit') throw new SimVerbError('DEVICE_STATE', `a card is in the exit slot of ${name}: take it first`, `take ${name}`);
  if (place === 'inside') {
    throw new SimVerbError('DEVICE_STATE', `a card is inside ${name}: let the application eject it (CardReader.Move {"to":"exit"}) or retain it, then take it`);
  }
  // A card that waits at the slot (the demo card) was never drawn in: the customer swaps it for this one.
  if (place === 'waiting') sim.takeCard(name);
  const card = { track1: p.track1 as string | undefined, track2: p.track2 as string | undefined, track3: p.track3 as string | undefined, atr: p.atr as string | undefined, invalid: p.invalid === true };
  try {
    sim.insertCard(name, card);
  } catch {
    // The reader drew a card in between (a read was waiting): say where it is now.
    throw new SimVerbError('DEVICE_STATE', `${name} has a card (${cardPlace(sim, name)}): take it first`, `take ${name}`);
  }
  return `card at the slot of ${name}${place === 'waiting' ? ' (it replaced the card that waited there)' : ''}`;
}

function take(sim: SimulatorControl, name: string, cls?: XfsServiceClass): string {
  if (cls === 'IDC') {
    const place = cardPlace(sim, name);
    if (place === 'inside') throw new SimVerbError('DEVICE_STATE', `the card is inside ${name}, not in the exit slot: let the application eject it first (CardReader.Move {"to":"exit"})`);
    if (place === 'none') throw new SimVerbError('DEVICE_STATE', `no card to take at ${name}: insert one first`, `insert ${name} track2=...`);
    sim.takeCard(name);
    return `card taken from ${name}`;
  }
  if (cls === 'CDM') {
    if (sim.notesAtOutput(name) <= 0) throw new SimVerbError('DEVICE_STATE', `no notes at the output of ${name}: the application presents them first (CashDispenser.Present)`);
    sim.takeNotes(name);
    return `notes taken from ${name}`;
  }
  if (cls === 'CIM') {
    if (sim.cimItemsAtOutput(name) <= 0) throw new SimVerbError('DEVICE_STATE', `nothing at the output position of ${name}: refused or returned notes lie there after CashAcceptor.CashIn or CashInRollback`);
    sim.cimTakeItems(name);
    return `items taken from the output position of ${name}`;
  }
  if (cls === 'PTR') {
    try { sim.takeMedia(name); } catch { throw new SimVerbError('DEVICE_STATE', `no receipt at the exit of ${name}: the application prints and ejects one first`); }
    return `receipt taken from ${name}`;
  }
  // The console does not know the class: whichever kind of device takes it.
  try { sim.takeCard(name); return `card taken from ${name}`; } catch { /* not a card reader, or no card */ }
  try { sim.takeNotes(name); return `notes taken from ${name}`; } catch { /* not a dispenser, or no notes */ }
  let acceptor = false;
  try { sim.cimItemsAtOutput(name); acceptor = true; } catch { /* not a cash acceptor */ }
  if (acceptor) return take(sim, name, 'CIM');
  sim.takeMedia(name);
  return `receipt taken from ${name}`;
}

/** A cash acceptor's bunch: <count>x<kind>,... */
const CIM_ITEM = '([1-9][0-9]{0,2}x)?([1-7]|(unfit|suspect|counterfeit):[1-7]|unknown)';
const CIM_BUNCH = `^${CIM_ITEM}(,${CIM_ITEM})*$`;
const CIM_BUNCH_PROBLEM = 'must be <count>x<kind>,... with kind a note id 1-7, unfit:<id>, suspect:<id>, counterfeit:<id> or unknown (e.g. 3x3,1xunknown)';
/** WFSCIMCASHINSTATUS.wStatus by value. */
const CASH_IN_STATES: Record<number, string> = { 0: 'ok (ended)', 1: 'rolled back', 2: 'active', 3: 'retracted', 4: 'unknown', 5: 'reset' };

/** The simulated camera unit's cameras by XFS4IoT name (the 3.x WFS_CAM_* index). */
const CAMERAS: Record<string, number> = { room: 0, person: 1, exitSlot: 2 };
/** WFS_TTU_CK_* of the simulated text terminal's command keys. */
const TTU_COMMAND_KEYS: Record<string, number> = { enter: 1, cancel: 2, clear: 3, backspace: 4, fdk01: 24, fdk02: 25, fdk03: 26, fdk04: 27 };

const verbList: SimVerb[] = [
  {
    name: 'insert', classes: ['IDC'], positional: [],
    usage: 'insert <service> [track1=..] [track2=..] [track3=..] [atr=<hex>] [invalid]   put a card at the slot',
    properties: { track1: track(1), track2: track(2), track3: track(3), atr: { type: 'string', pattern: HEX, problem: HEX_PROBLEM, maxLength: 66, description: 'chip ATR as hex (no chip without it)' }, invalid: { type: 'boolean', description: 'a card the reader cannot read' } },
    run: (sim, name, p) => insert(sim, name, p),
  },
  {
    name: 'take', classes: ['IDC', 'CDM', 'CIM', 'PTR'], positional: [], properties: {},
    usage: 'take <service>                    take the ejected card (IDC), the presented notes (CDM), the refused or returned notes (CIM) or the receipt (PTR)',
    run: (sim, name, _p, cls) => take(sim, name, cls),
  },
  {
    name: 'printed', classes: ['PTR'], positional: [],
    usage: 'printed <service> [clear]         what the printer (PTR) printed since the last clear',
    properties: { clear: { type: 'boolean', description: 'forget what was printed so far' } },
    run: (sim, name, p) => {
      if (p.clear === true) { sim.clearPrinterOutput(name); return `output of ${name} cleared`; }
      return sim.printerOutput(name);
    },
  },
  {
    name: 'paper', classes: ['PTR'], positional: ['paper'],
    usage: 'paper <service> full|low|out [toner full|low|out]   the printer\'s paper (and toner) level',
    properties: { paper: level('paper'), toner: level('toner') },
    run: (sim, name, p) => {
      sim.setPrinterSupplies(name, LEVELS[str(p, 'paper')] ?? 0, LEVELS[str(p, 'toner')] ?? 0);
      return `${name}: paper ${str(p, 'paper')}${p.toner === 'full' ? '' : `, toner ${str(p, 'toner')}`}`;
    },
  },
  {
    name: 'offer', classes: ['PTR'], positional: ['content'],
    usage: 'offer <service> [passbook] [reject=<0-8>] [NAME=value;NAME=value]   a document or passbook at the document printer\'s slot\n' +
      '                                  (e.g. offer DocumentPrinter1 CODELINE=<123<456>;AMOUNT=10.00)',
    properties: {
      passbook: { type: 'boolean', description: 'a passbook rather than a document' },
      reject: { type: 'integer', minimum: 0, maximum: 8, description: 'the printer refuses it with this WFS_PTR_REJECT_* reason' },
      content: { type: 'string', maxLength: 1024, description: 'what is written on it: NAME=value;NAME=value' },
    },
    run: (sim, name, p) => {
      sim.insertPrinterMedia(name, { passbook: p.passbook === true, content: str(p, 'content'), reject: p.reject === undefined ? undefined : num(p, 'reject') });
      return `${p.passbook === true ? 'passbook' : 'document'} at the slot of ${name}`;
    },
  },
  {
    name: 'fail', positional: ['error', 'command'], required: ['error'],
    usage: 'fail <service> <error> [command]  next execute completes with a 3.x error (name or number)',
    properties: {
      error: { type: 'string', pattern: '^(-?\\d+|[A-Z][A-Z0-9_]*)$', problem: 'must be a 3.x error name such as WFS_ERR_HARDWARE_ERROR, or a number', maxLength: 64, description: 'a 3.x error name (WFS_ERR_HARDWARE_ERROR) or number' },
      command: { type: 'integer', minimum: 0, default: 0, description: 'only the next execute of this 3.x command code (0: any)' },
    },
    run: (sim, name, p) => {
      const err = str(p, 'error');
      try {
        sim.failNext(name, /^-?\d+$/.test(err) ? Number(err) : err, num(p, 'command'));
      } catch (error) {
        if (!/unknown XFS error name/.test((error as Error).message)) throw error;
        throw new SimVerbError('BAD_PARAMETERS', `unknown XFS error name ${err}: give a 3.x name such as WFS_ERR_HARDWARE_ERROR or WFS_ERR_IDC_MEDIAJAM, or a number`);
      }
      return `next execute of ${name} fails with ${err}`;
    },
  },
  {
    name: 'hang', positional: [], properties: {},
    usage: 'hang <service>                    next execute never completes on its own',
    run: (sim, name) => { sim.hangNext(name); return `next execute of ${name} hangs`; },
  },
  {
    name: 'delay', positional: ['ms', 'infoMs'],
    usage: 'delay <service> <ms> [infoMs]     device time for every execute (and query)',
    properties: {
      ms: { type: 'integer', minimum: 0, maximum: 600000, default: 0, description: 'device time of every execute' },
      infoMs: { type: 'integer', minimum: 0, maximum: 600000, default: 0, description: 'device time of every query' },
    },
    run: (sim, name, p) => { sim.setDelay(name, num(p, 'ms'), num(p, 'infoMs')); return `device time of ${name}: ${num(p, 'ms')} ms`; },
  },
  {
    name: 'lose', positional: ['restoreAfterMs'],
    usage: 'lose <service> [restoreAfterMs]   the service provider is lost (0 = until restore)',
    properties: { restoreAfterMs: { type: 'integer', minimum: 0, default: 0, description: 'back after this long (0: until restore)' } },
    run: (sim, name, p) => { sim.loseConnection(name, num(p, 'restoreAfterMs')); return `${name} lost`; },
  },
  {
    name: 'restore', positional: [], properties: {},
    usage: 'restore <service>                 the service provider is back',
    run: (sim, name) => { sim.restoreConnection(name); return `${name} restored`; },
  },
  {
    name: 'chip', classes: ['IDC'], positional: ['hex'],
    usage: 'chip <service> <hex>              response of the next CHIP_IO',
    properties: { hex: { type: 'string', pattern: HEX, problem: HEX_PROBLEM, maxLength: 1024, default: '9000', description: 'the chip\'s answer as hex' } },
    run: (sim, name, p) => { sim.setChipResponse(name, str(p, 'hex')); return 'chip response set'; },
  },
  {
    name: 'cless', classes: ['IDC'], positional: ['hex', 'outcome'],
    usage: 'cless <service> <hex> [outcome]   data of the next contactless transaction',
    properties: {
      hex: { type: 'string', pattern: HEX, problem: HEX_PROBLEM, maxLength: 1024, default: '', description: 'BER-TLV data as hex' },
      outcome: { type: 'integer', minimum: 0, default: 3, description: 'the kernel\'s transaction outcome' },
    },
    run: (sim, name, p) => { sim.setContactlessData(name, str(p, 'hex'), num(p, 'outcome')); return 'contactless data set'; },
  },
  {
    name: 'count', classes: ['CDM', 'CIM'], positional: ['unit', 'count'], required: ['unit', 'count'],
    usage: 'count <service> <unit> <count>    set a cash unit count (dispenser or cash acceptor)',
    properties: {
      unit: { type: 'integer', minimum: 1, description: 'cash unit number (usNumber)' },
      count: { type: 'integer', minimum: 0, description: 'notes in it' },
    },
    run: (sim, name, p, cls) => {
      if (cls === 'CIM') sim.cimSetUnitCount(name, num(p, 'unit'), num(p, 'count'));
      else if (cls === 'CDM') sim.setCashUnitCount(name, num(p, 'unit'), num(p, 'count'));
      else {
        // The console does not know the class: a dispenser, else a cash acceptor.
        try { sim.setCashUnitCount(name, num(p, 'unit'), num(p, 'count')); } catch { sim.cimSetUnitCount(name, num(p, 'unit'), num(p, 'count')); }
      }
      return 'count set';
    },
  },
  {
    name: 'deposit', classes: ['CIM'], positional: ['items'], required: ['items'],
    usage: 'deposit <service> <items>         the customer lays a bunch at the cash acceptor\'s input: <count>x<kind>,... with kind a note id\n' +
      '                                  (1-7: EUR 5-500), unfit:<id>, suspect:<id>, counterfeit:<id> or unknown (e.g. deposit CashAcceptor1 3x3,1xunfit:2,1xunknown)',
    properties: {
      items: { type: 'string', pattern: CIM_BUNCH, problem: CIM_BUNCH_PROBLEM, maxLength: 512, description: 'the bunch: <count>x<kind>,...' },
    },
    run: (sim, name, p) => {
      sim.cimInsertItems(name, str(p, 'items'));
      return `${sim.cimItemsAtInput(name)} item(s) at the input position of ${name}`;
    },
  },
  {
    name: 'cimfault', classes: ['CIM'], positional: ['jamAfter', 'jamEndAfter'],
    usage: 'cimfault <service> [jamAfter] [jamEndAfter] [noteError=<1-7>]   the next CashIn jams after n notes (hardware error until Reset),\n' +
      '                                  the next CashInEnd fails after n notes (cash unit error), the next CashIn reports a note error (-1: no fault)',
    properties: {
      jamAfter: { type: 'integer', minimum: -1, maximum: 300, default: -1, description: 'the next CASH_IN jams after this many notes' },
      jamEndAfter: { type: 'integer', minimum: -1, maximum: 300, default: -1, description: 'the next CASH_IN_END fails after this many notes' },
      noteError: { type: 'integer', minimum: 1, maximum: 7, description: 'the next CASH_IN raises WFS_EXEE_CIM_NOTEERROR with this reason (1 double note ... 7 short note)' },
    },
    run: (sim, name, p) => {
      sim.cimFault(name, { jamAfter: num(p, 'jamAfter'), jamEndAfter: num(p, 'jamEndAfter') });
      if (p.noteError !== undefined) sim.cimNoteErrorNext(name, num(p, 'noteError'));
      const faults = [
        num(p, 'jamAfter') >= 0 ? `the next CashIn jams after ${num(p, 'jamAfter')} note(s)` : '',
        num(p, 'jamEndAfter') >= 0 ? `the next CashInEnd fails after ${num(p, 'jamEndAfter')} note(s)` : '',
        p.noteError !== undefined ? `the next CashIn reports note error ${num(p, 'noteError')}` : '',
      ].filter(Boolean);
      return `${name}: ${faults.length ? faults.join('; ') : 'no fault'}`;
    },
  },
  {
    name: 'acceptor', classes: ['CIM'], positional: [], properties: {},
    usage: 'acceptor <service>                where the cash acceptor\'s items are: input, escrow, output, and its cash-in status',
    run: (sim, name) => `${name}: ${sim.cimItemsAtInput(name)} at the input, ${sim.cimEscrow(name)} in the escrow, ${sim.cimItemsAtOutput(name)} at the output; ` +
      `cash-in ${CASH_IN_STATES[sim.cimCashInState(name)] ?? 'unknown'}`,
  },
  {
    name: 'shutter', classes: ['CIM'], positional: ['position', 'state'], required: ['position', 'state'],
    usage: 'shutter <service> in|out open|closed|jammed   the cash acceptor moves or jams a shutter itself (3.30: ShutterStatusChanged)',
    properties: {
      position: { type: 'string', enum: ['in', 'out'], description: 'the input or the output position' },
      state: { type: 'string', enum: ['open', 'closed', 'jammed'], description: 'the shutter\'s new state' },
    },
    run: (sim, name, p) => {
      sim.cimShutter(name, p.position === 'in' ? 'in' : 'out', p.state === 'open' ? 'open' : p.state === 'jammed' ? 'jammed' : 'closed');
      return `${name}: ${str(p, 'position')}put shutter ${str(p, 'state')}`;
    },
  },
  {
    name: 'keys', classes: ['PIN'], positional: ['keys'], required: ['keys'],
    usage: 'keys <service> <keys>             the customer presses PIN pad keys: 0-9, E enter, C cancel, L clear, B backspace, H help, a-f hex keys (e.g. keys PinPad1 1234E)',
    properties: { keys: { type: 'string', maxLength: 64, description: 'keys: 0-9, E enter, C cancel, L clear, B backspace, H help, . decimal point, D 00, a-f the hex keys A-F' } },
    run: (sim, name, p) => {
      // Checked here rather than by a pattern: the message names the keys there are.
      if (!KEYS.test(str(p, 'keys'))) throw new SimVerbError('BAD_PARAMETERS', 'unknown key: the PIN pad has 0-9, E enter, C cancel, L clear, B backspace, H help, . decimal point, D 00, a-f hex keys');
      sim.pressKeys(name, str(p, 'keys'));
      return `${str(p, 'keys').length} key(s) pressed on ${name}`;
    },
  },
  {
    name: 'type', classes: ['TTU'], positional: ['keys'], required: ['keys'],
    usage: 'type <service> <keys>             the customer types on the text terminal: characters, command keys as <enter> <cancel> <clear> <backspace> <fdk01>..<fdk04> (e.g. type TextTerminal1 1234<enter>)',
    properties: { keys: { type: 'string', maxLength: 64, description: 'characters (0-9, A-Z, .) and <command key>s' } },
    run: (sim, name, p) => {
      const keys: (string | number)[] = [];
      for (const [, ch, command] of str(p, 'keys').matchAll(/([^<])|<(\w+)>/g)) {
        const code = command === undefined ? undefined : TTU_COMMAND_KEYS[command];
        if (command !== undefined && code === undefined) throw new SimVerbError('BAD_PARAMETERS', `unknown command key <${command}>: the text terminal has ${Object.keys(TTU_COMMAND_KEYS).map((k) => `<${k}>`).join(' ')}`);
        keys.push(code ?? ch);
      }
      try {
        sim.ttuPressKeys(name, keys);
      } catch (error) {
        throw new SimVerbError('BAD_PARAMETERS', `${(error as Error).message.replace(/^simulator: ttuPressKeys: /, '')}: the text terminal has 0-9, A-Z, space and .`);
      }
      return `${keys.length} key(s) typed on ${name}`;
    },
  },
  {
    name: 'screen', classes: ['TTU'], positional: [], properties: {},
    usage: 'screen <service>                  what the text terminal shows',
    run: (sim, name) => sim.ttuScreen(name).map((row) => `|${row}|`).join('\n'),
  },
  {
    name: 'vendor', classes: ['VDM'], positional: ['mode'], required: ['mode'],
    usage: 'vendor <service> enter|exit       a vendor application outside the gateway asks for (or leaves) vendor mode; the registered applications must acknowledge',
    properties: { mode: { type: 'string', enum: ['enter', 'exit'], description: 'enter or leave vendor mode' } },
    run: (sim, name, p) => {
      const enter = p.mode === 'enter';
      try {
        sim.vdmRequest(name, enter);
      } catch (error) {
        throw new SimVerbError('DEVICE_STATE', (error as Error).message.replace(/^simulator: vdmRequest: /, ''), enter ? `vendor ${name} exit` : `vendor ${name} enter`);
      }
      return `${name}: vendor mode ${enter ? 'requested' : 'exit requested'} (state ${['enter pending', 'active', 'exit pending', 'inactive'][sim.vdmState(name)] ?? 'unknown'})`;
    },
  },
  {
    name: 'port', classes: ['SIU'], positional: ['type', 'index', 'value'], required: ['type', 'index'],
    usage: 'port <service> <type> <index> [value]  SIU port: read, or set as the hardware would (type sensors|doors|indicators|auxiliaries|guidLights;\n' +
      '                                  e.g. port SIU1 doors 0 2 opens the cabinet door, port SIU1 guidLights 1 reads the PIN pad light)',
    properties: {
      type: { type: 'string', enum: Object.keys(SIU_PORT_TYPES), description: 'the kind of port' },
      index: { type: 'integer', minimum: 0, description: 'port index (a WFS_SIU_* index)' },
      value: { type: 'integer', minimum: 0, maximum: 0xffff, description: 'new value (absent: only read)' },
    },
    run: (sim, name, p) => {
      const type = SIU_PORT_TYPES[str(p, 'type')] ?? 0;
      let value: number;
      try {
        if (p.value !== undefined) sim.siuSetPort(name, type, num(p, 'index'), num(p, 'value'));
        value = sim.siuGetPort(name, type, num(p, 'index'));
      } catch {
        // The unit's own port list decides which indexes exist.
        throw new SimVerbError('BAD_PARAMETERS', `${name} has no ${str(p, 'type')} port ${num(p, 'index')} (the WFS_SIU_* index of a port the unit has)`);
      }
      return `${name} ${str(p, 'type')}[${num(p, 'index')}] = 0x${value.toString(16)}`;
    },
  },
  {
    name: 'camera', classes: ['CAM'], positional: ['camera', 'state'], required: ['camera'],
    usage: 'camera <service> room|person|exitSlot [ok|inop]   a camera works or fails (Camera.Reset repairs it); without a state: its picture count',
    properties: {
      camera: { type: 'string', enum: Object.keys(CAMERAS), description: 'which camera' },
      state: { type: 'string', enum: ['ok', 'inop'], description: 'works, or is inoperative' },
    },
    run: (sim, name, p) => {
      const camera = CAMERAS[str(p, 'camera')] ?? 0;
      if (p.state !== undefined) sim.camSetCamera(name, camera, p.state === 'inop' ? 2 : 1);
      return `${name} ${str(p, 'camera')} camera${p.state === undefined ? '' : ` ${str(p, 'state')}`}: ${sim.camPictures(name, camera)} picture(s) taken`;
    },
  },
  {
    name: 'medium', classes: ['CAM'], positional: [], properties: {},
    usage: 'medium <service>                  replace the camera unit\'s recording medium (full after 10 pictures)',
    run: (sim, name) => { sim.camClearMedia(name); return `${name}: new recording medium`; },
  },
];

export const SIM_VERBS: ReadonlyMap<string, SimVerb> = new Map(verbList.map((verb) => [verb.name, verb]));

// coerceTypes: the console and the CLI give words ("500", "true"); useDefaults fills the console's defaults.
const ajv = new Ajv({ allErrors: false, strict: true, coerceTypes: true, useDefaults: true });
const schemaOf = (property: PropertySchema) => Object.fromEntries(Object.entries(property).filter(([key]) => key !== 'problem'));
const validators = new Map<string, ValidateFunction>(verbList.map((verb) => [verb.name, ajv.compile({
  type: 'object', additionalProperties: false, required: verb.required ?? [],
  properties: Object.fromEntries(Object.entries(verb.properties).map(([key, property]) => [key, schemaOf(property)])),
})]));

export function unknownVerb(verb: string): SimVerbError {
  return new SimVerbError('UNKNOWN_VERB', `unknown verb '${verb}': known verbs are ${[...SIM_VERBS.keys()].join(', ')}`);
}

export function verbOf(name: string): SimVerb {
  const verb = SIM_VERBS.get(name);
  if (!verb) throw unknownVerb(name);
  return verb;
}

function parameterProblem(verb: SimVerb, error: ErrorObject): string {
  const key = error.instancePath.slice(1);
  const known = Object.keys(verb.properties);
  if (error.keyword === 'additionalProperties') {
    return `unknown parameter '${String(error.params.additionalProperty)}' (${verb.name} takes ${known.length ? known.join(', ') : 'no parameters'})`;
  }
  if (error.keyword === 'required') return `missing parameter '${String(error.params.missingProperty)}'`;
  const property = verb.properties[key];
  if (error.keyword === 'enum') return `${key} must be one of ${(error.params.allowedValues as unknown[]).map(String).join(', ')}`;
  if (error.keyword === 'pattern' && property?.problem) return `${key} ${property.problem}`;
  return `${key} ${error.message ?? 'is invalid'}${property ? ` (${property.description})` : ''}`;
}

/** Checks (and coerces in place: words to numbers and booleans, defaults) the parameters of a verb. */
export function validateParams(verb: SimVerb, params: unknown): SimParams {
  const copy: unknown = params === undefined || params === null ? {} : structuredClone(params);
  if (typeof copy !== 'object' || copy === null || Array.isArray(copy)) {
    throw new SimVerbError('BAD_PARAMETERS', `${verb.name}: the parameters must be a JSON object, e.g. {} (usage: ${verb.usage.split('  ')[0]})`);
  }
  const validate = validators.get(verb.name)!;
  if (!validate(copy)) {
    throw new SimVerbError('BAD_PARAMETERS', `${verb.name}: ${parameterProblem(verb, validate.errors![0])}; usage: ${verb.usage.split('  ')[0]}`);
  }
  return copy as SimParams;
}

/**
 * Console-style words to parameters: `key=value`; a boolean parameter's name alone (`invalid`);
 * a parameter's name followed by its value (`toner out`); any other word is the next positional one.
 */
export function parseWords(verb: SimVerb, words: readonly string[]): SimParams {
  const params: SimParams = {};
  const positional = [...verb.positional];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    const eq = word.indexOf('=');
    const key = eq > 0 ? word.slice(0, eq) : undefined;
    if (key !== undefined && key in verb.properties) {
      params[key] = word.slice(eq + 1);
      const at = positional.indexOf(key);
      if (at >= 0) positional.splice(at, 1);
    } else if (verb.properties[word]?.type === 'boolean') {
      params[word] = true;
    } else if (verb.properties[word] !== undefined && !verb.positional.includes(word) && i + 1 < words.length) {
      params[word] = words[++i]!;
    } else {
      const next = positional.shift();
      if (next === undefined) {
        const known = Object.keys(verb.properties);
        throw new SimVerbError('BAD_PARAMETERS', `${verb.name}: unexpected '${word}' (${verb.name} takes ${known.length ? known.map((k) => (verb.properties[k]?.type === 'boolean' ? k : `${k}=`)).join(', ') : 'no parameters'}); usage: ${verb.usage.split('  ')[0]}`);
      }
      params[next] = word;
    }
  }
  return params;
}

/** Runs a validated verb; a simulator refusal that no verb explains becomes REFUSED. */
export function runVerb(sim: SimulatorControl, verb: SimVerb, name: string, params: SimParams, cls?: XfsServiceClass): string {
  try {
    return verb.run(sim, name, params, cls);
  } catch (error) {
    if (error instanceof SimVerbError) throw error;
    throw new SimVerbError('REFUSED', (error as Error).message);
  }
}
