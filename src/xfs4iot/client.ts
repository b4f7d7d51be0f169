// XFS4IoT client: connect to a service, send commands, receive acknowledge, events and completion,
// follow unsolicited messages. Written against the specification only, so it works with any
// conforming service (it accepts unsolicited messages with or without requestId 0).
import { WebSocket, type ClientOptions } from 'ws';
import type { JsonObject } from './backend.ts';

export interface MessageHeader {
  type: 'command' | 'acknowledge' | 'event' | 'completion' | 'unsolicited';
  name: string;
  version: string;
  requestId?: number;
  timeout?: number;
  status?: string | null;
  completionCode?: string | null;
  errorDescription?: string | null;
}

export interface Message {
  header: MessageHeader;
  payload?: JsonObject | null;
}

export interface CommandOptions {
  /** Command message version; default: the one set with `useVersion`, else "2.0". */
  version?: string;
  /** Header timeout in ms (0 = none). */
  timeout?: number;
  onEvent?: (event: Message) => void;
}

export interface PendingCommand {
  readonly requestId: number;
  /** Resolves with the acknowledge; rejects with `AcknowledgeError` when the service refused the command. */
  readonly acknowledged: Promise<Message>;
  /** Resolves with the completion message (whatever its completionCode). */
  readonly completion: Promise<Message>;
  readonly events: Message[];
}

export class AcknowledgeError extends Error {
  constructor(readonly status: string, readonly acknowledge: Message) {
    super(`command refused: ${status}`);
    this.name = 'AcknowledgeError';
  }
}

interface Pending {
  resolveAck(m: Message): void;
  rejectAck(e: Error): void;
  resolveCompletion(m: Message): void;
  rejectCompletion(e: Error): void;
  events: Message[];
  onEvent?: (event: Message) => void;
}

export type ConnectOptions = Pick<ClientOptions, 'ca' | 'cert' | 'key' | 'rejectUnauthorized' | 'handshakeTimeout' | 'maxPayload' | 'headers'>;

export class Xfs4IotClient {
  private nextRequestId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly unsolicitedListeners = new Set<(m: Message) => void>();
  private readonly versions = new Map<string, string>();
  private closedError: Error | undefined;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      if (!isBinary) this.onMessage(data.toString());
    });
    socket.on('close', (code, reason) => this.failAll(new Error(`connection closed (${code}${reason.length ? ` ${reason.toString()}` : ''})`)));
    socket.on('error', (err) => this.failAll(err));
  }

  static connect(url: string, options: ConnectOptions = {}): Promise<Xfs4IotClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { handshakeTimeout: 5000, ...options });
      socket.once('open', () => {
        socket.removeListener('error', reject);
        resolve(new Xfs4IotClient(socket));
      });
      socket.once('error', reject);
    });
  }

  /** Uses `version` for every later `name` command sent without an explicit version. */
  useVersion(name: string, version: string): void {
    this.versions.set(name, version);
  }

  send(name: string, payload?: JsonObject, options: CommandOptions = {}): PendingCommand {
    const requestId = this.nextRequestId++;
    const header: MessageHeader = { type: 'command', name, version: options.version ?? this.versions.get(name) ?? '2.0', requestId };
    if (options.timeout !== undefined) header.timeout = options.timeout;
    const events: Message[] = [];
    let entry!: Pending;
    const acknowledged = new Promise<Message>((resolveAck, rejectAck) => {
      entry = { resolveAck, rejectAck, resolveCompletion: () => undefined, rejectCompletion: () => undefined, events, onEvent: options.onEvent };
    });
    const completion = new Promise<Message>((resolveCompletion, rejectCompletion) => {
      entry.resolveCompletion = resolveCompletion;
      entry.rejectCompletion = rejectCompletion;
    });
    // A refused command never completes: the completion promise rejects with the same error.
    acknowledged.catch(() => undefined);
    completion.catch(() => undefined);
    if (this.closedError) {
      entry.rejectAck(this.closedError);
      entry.rejectCompletion(this.closedError);
    } else {
      this.pending.set(requestId, entry);
      // The seed forbids an empty payload object: none is sent instead.
      const body = payload === undefined || Object.keys(payload).length === 0 ? { header } : { header, payload };
      this.socket.send(JSON.stringify(body));
    }
    return { requestId, acknowledged, completion, events };
  }

  /** Sends a command and resolves with its completion message. */
  async command(name: string, payload?: JsonObject, options?: CommandOptions): Promise<Message> {
    const pending = this.send(name, payload, options);
    await pending.acknowledged;
    return pending.completion;
  }

  cancel(requestIds?: number[]): Promise<Message> {
    return this.command('Common.Cancel', requestIds ? { requestIds } : undefined);
  }

  setVersions(versions: { commands?: Record<string, number>; events?: Record<string, number> }): Promise<Message> {
    return this.command('Common.SetVersions', versions);
  }

  onUnsolicited(listener: (m: Message) => void): () => void {
    this.unsolicitedListeners.add(listener);
    return () => this.unsolicitedListeners.delete(listener);
  }

  /** Resolves with the next unsolicited message named `name`. */
  nextUnsolicited(name: string): Promise<Message> {
    return new Promise((resolve) => {
      const off = this.onUnsolicited((m) => {
        if (m.header.name === name) {
          off();
          resolve(m);
        }
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.readyState === WebSocket.CLOSED) {
        resolve();
        return;
      }
      this.socket.once('close', () => resolve());
      this.socket.close(1000);
    });
  }

  private onMessage(text: string): void {
    let message: Message;
    try {
      message = JSON.parse(text) as Message;
    } catch {
      return;
    }
    const header = message?.header;
    if (!header || typeof header !== 'object') return;
    // The seed allows both readings for unsolicited messages: no requestId, or requestId 0.
    if (header.type === 'unsolicited') {
      for (const listener of this.unsolicitedListeners) listener(message);
      return;
    }
    const entry = header.requestId === undefined ? undefined : this.pending.get(header.requestId);
    if (!entry) return;
    if (header.type === 'acknowledge') {
      if (header.status) {
        this.pending.delete(header.requestId as number);
        const err = new AcknowledgeError(header.status, message);
        entry.rejectAck(err);
        entry.rejectCompletion(err);
      } else {
        entry.resolveAck(message);
      }
    } else if (header.type === 'event') {
      entry.events.push(message);
      entry.onEvent?.(message);
    } else if (header.type === 'completion') {
      this.pending.delete(header.requestId as number);
      // A completion may arrive for a command whose acknowledge we consider implied.
      entry.resolveAck(message);
      entry.resolveCompletion(message);
    }
  }

  private failAll(err: Error): void {
    this.closedError ??= err;
    for (const entry of this.pending.values()) {
      entry.rejectAck(err);
      entry.rejectCompletion(err);
    }
    this.pending.clear();
  }
}
