// An in-process device implementing the backend contract: an encrypting PIN pad with a card reader.
// Tests and the benchmark drive it; commands can be held until released to control timing.
import type {
  CommandContext, CommandDefinition, CommandResult, InterfaceDefinition, JsonObject, PayloadSchema,
  ServiceDefinition, ServiceHandle,
} from './backend.ts';
import { StatusStore } from './status-store.ts';

interface Waiter { resolve: () => void }

const READ_RAW_DATA: PayloadSchema = {
  type: 'object',
  properties: { track1: { type: 'boolean' }, track2: { type: 'boolean' }, track3: { type: 'boolean' }, chip: { type: 'boolean' } },
};
const WRITE_RAW_DATA: PayloadSchema = {
  type: 'object',
  required: ['data'],
  properties: {
    data: {
      type: 'array', minItems: 1,
      items: { type: 'object', required: ['destination', 'data'], properties: { destination: { enum: ['track1', 'track2', 'track3'] }, data: { type: 'string' } } },
    },
  },
};
const DATA_ENTRY: PayloadSchema = { type: 'object', properties: { maxLen: { type: 'integer', minimum: 0 }, autoEnd: { type: 'boolean' } } };
const PIN_ENTRY: PayloadSchema = { type: 'object', properties: { minLen: { type: 'integer', minimum: 0 }, maxLen: { type: 'integer', minimum: 0 } } };
const CRYPTO_DATA: PayloadSchema = { type: 'object', required: ['key'], properties: { key: { type: 'string' }, cryptoData: { type: 'string' } } };
const DIGEST: PayloadSchema = { type: 'object', required: ['hashAlgorithm'], properties: { hashAlgorithm: { enum: ['sha1', 'sha256'] }, digestInput: { type: 'string' } } };

/** Fixed answers keyed by command name, used when a test does not hold the command. */
const RESULTS: Record<string, (ctx: CommandContext) => CommandResult> = {
  'CardReader.ReadRawData': () => ({
    completionCode: null,
    payload: { track2: { status: 'ok', data: ';4761739001010010=22122011758928889?' } },
  }),
  'Crypto.GenerateRandom': () => ({ completionCode: null, payload: { randomNumber: '0123456789ABCDEF' } }),
};

export class TestDevice {
  readonly status: StatusStore;
  /** Command names in the order their handlers started. */
  readonly started: string[] = [];
  /** Abort reasons seen by handlers, in order. */
  readonly aborts: { name: string; reason: string }[] = [];
  handle?: ServiceHandle;
  private readonly held = new Set<string>();
  private readonly waiters = new Map<string, Waiter[]>();
  private readonly startWatchers: { name: string; resolve: () => void }[] = [];

  constructor(initialDeviceState = 'online') {
    this.status = new StatusStore({
      common: { device: initialDeviceState, devicePosition: 'inPosition', antiFraudModule: 'ok', exchange: 'inactive', endToEndSecurity: 'notEnforced', persistentDataStore: { remaining: 1000 } },
      cardReader: { media: 'notPresent', security: 'notSupported', chipPower: 'noCard', chipModule: 'ok', magWriteModule: 'ok', frontImageModule: 'notSupported', backImageModule: 'notSupported' },
      keyboard: { autoBeepMode: 'inactive' },
    });
  }

  /** Makes every later execution of these commands wait for `release` (or its abort signal). */
  hold(...names: string[]): void {
    for (const n of names) this.held.add(n);
  }

  /** Lets the oldest waiting execution of `name` complete. */
  release(name: string): void {
    this.waiters.get(name)?.shift()?.resolve();
  }

  /** Stops holding `name` and lets every waiting execution of it complete. */
  unhold(name: string): void {
    this.held.delete(name);
    for (const waiter of this.waiters.get(name)?.splice(0) ?? []) waiter.resolve();
  }

  /** Resolves once `name` has started (immediately if it already has). */
  whenStarted(name: string): Promise<void> {
    if (this.started.includes(name)) return Promise.resolve();
    return new Promise((resolve) => this.startWatchers.push({ name, resolve }));
  }

  definition(name = 'testdevice'): ServiceDefinition {
    return {
      name,
      interfaces: this.interfaces(),
      status: this.status,
      capabilities: (major) => ({
        common: {
          serviceVersion: '1.0.0', powerSaveControl: true, antiFraudModule: true,
          deviceInformation: [{ modelName: 'Test EPP', serialNumber: 'T-0001', revisionNumber: '1', modelDescription: 'in-process test device' }],
          ...(major >= 3 ? { persistentDataStore: { capacity: 1000 } } : {}),
        },
        cardReader: { type: 'motor', readTracks: { track1: true, track2: true, track3: true } },
      }),
      common: {
        powerSaveControl: async (maxRecovery) => {
          this.status.update({ common: { powerSaveRecoveryTime: maxRecovery } });
          return { completionCode: null };
        },
      },
      attach: (handle) => {
        this.handle = handle;
      },
    };
  }

  /** `versions` entries are "command" or "command/completion" versions, e.g. '2.0/3.0'. */
  private command(name: string, resources: string[] | null, payload?: PayloadSchema, versions: string[] = ['2.0']): CommandDefinition {
    return {
      name,
      versions: versions.map((v) => {
        const [version, completionVersion] = v.split('/');
        return { version, ...(completionVersion ? { completionVersion } : {}), ...(payload ? { payload } : {}) };
      }),
      execution: resources ? { kind: 'device', resources } : { kind: 'information' },
      handler: (ctx) => this.run(ctx),
    };
  }

  private interfaces(): InterfaceDefinition[] {
    return [
      {
        name: 'CardReader',
        commands: [
          this.command('CardReader.ReadRawData', ['cardreader'], READ_RAW_DATA, ['2.0', '2.0/3.0']),
          this.command('CardReader.WriteRawData', ['cardreader'], WRITE_RAW_DATA),
          this.command('CardReader.Move', ['cardreader']),
        ],
        events: [
          { name: 'CardReader.InsertCardEvent', kind: 'event', versions: [{ version: '2.0' }] },
          { name: 'CardReader.MediaInsertedEvent', kind: 'event', versions: [{ version: '2.0' }] },
          { name: 'CardReader.MediaRemovedEvent', kind: 'unsolicited', versions: [{ version: '2.0' }] },
        ],
      },
      {
        name: 'Keyboard',
        commands: [this.command('Keyboard.DataEntry', ['pinpad'], DATA_ENTRY), this.command('Keyboard.PinEntry', ['pinpad'], PIN_ENTRY)],
        events: [{ name: 'Keyboard.KeyEvent', kind: 'event', versions: [{ version: '2.0' }] }],
      },
      {
        name: 'Crypto',
        commands: [
          this.command('Crypto.CryptoData', ['encryptor'], CRYPTO_DATA),
          this.command('Crypto.Digest', ['encryptor'], DIGEST),
          this.command('Crypto.GenerateRandom', null),
        ],
      },
    ];
  }

  private async run(ctx: CommandContext): Promise<CommandResult> {
    this.started.push(ctx.name);
    for (let i = this.startWatchers.length - 1; i >= 0; i--) {
      if (this.startWatchers[i].name === ctx.name) this.startWatchers.splice(i, 1)[0].resolve();
    }
    if (ctx.name === 'CardReader.ReadRawData') ctx.emitEvent('CardReader.InsertCardEvent');
    if (this.held.has(ctx.name)) {
      const released = await this.waitForRelease(ctx);
      if (!released) {
        this.aborts.push({ name: ctx.name, reason: String(ctx.signal.reason) });
        return { completionCode: 'canceled' };
      }
    }
    const fixed = RESULTS[ctx.name];
    if (fixed) return fixed(ctx);
    const payload: JsonObject | undefined = ctx.name === 'Keyboard.DataEntry' ? { keys: 0, completion: 'auto' } : undefined;
    return payload ? { completionCode: null, payload } : { completionCode: null };
  }

  private waitForRelease(ctx: CommandContext): Promise<boolean> {
    return new Promise((resolve) => {
      if (ctx.signal.aborted) {
        resolve(false);
        return;
      }
      const list = this.waiters.get(ctx.name) ?? [];
      this.waiters.set(ctx.name, list);
      const waiter: Waiter = {
        resolve: () => {
          ctx.signal.removeEventListener('abort', onAbort);
          resolve(true);
        },
      };
      const onAbort = (): void => {
        const at = list.indexOf(waiter);
        if (at >= 0) list.splice(at, 1);
        resolve(false);
      };
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      list.push(waiter);
    });
  }
}
