// One client connection: the only place that writes to a WebSocket. It turns frames into commands
// (acknowledge rules of seed 2.4.2 and issue rule 4) and hands accepted ones to its host.
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import type { WebSocket, RawData } from 'ws';
import { decodeCommand, type DecodedCommand, type Rejection } from './decode.ts';
import { encodeAck } from './encode.ts';
import { ERRORS, type ErrorKey } from './errors.ts';
import type { EngineLimits } from './limits.ts';

/** What a connection needs from the service (or publisher endpoint) behind it. */
export interface CommandHost {
  /** Called after the null acknowledge was sent. */
  accept(conn: Connection, command: DecodedCommand): void;
  disconnected(conn: Connection): void;
}

/** Per-connection bookkeeping of a command the host accepted and has not completed. */
export interface ActiveCommand {
  readonly requestId: number;
  readonly name: string;
}

let nextConnectionId = 1;

export class Connection {
  readonly id = nextConnectionId++;
  /** Host and port of the service URIs given to this client (from configuration, never its Host header). */
  readonly authority: string;
  readonly secure: boolean;
  /** From this machine (loopback) or with a client certificate verified against the configured CA. */
  readonly authenticated: boolean;
  lastRequestId = 0;
  readonly active = new Map<number, ActiveCommand>();
  /** Major versions selected with Common.SetVersions. */
  readonly commandMajors = new Map<string, number>();
  readonly eventMajors = new Map<string, number>();
  private consecutiveRejects = 0;
  private closed = false;
  /** ws keeps its TCP socket private; corking it batches an acknowledge and a quick completion into one write. */
  private readonly tcp: Socket | undefined;
  private corked = false;
  private readonly uncork = (): void => {
    this.corked = false;
    this.tcp?.uncork();
  };

  constructor(
    private readonly socket: WebSocket,
    private readonly host: CommandHost,
    private readonly limits: EngineLimits,
    readonly log: Logger,
    info: { authority: string; secure: boolean; authenticated: boolean },
  ) {
    this.authority = info.authority;
    this.secure = info.secure;
    this.authenticated = info.authenticated;
    const tcp = (socket as unknown as { _socket?: Socket })._socket;
    this.tcp = tcp && typeof tcp.cork === 'function' ? tcp : undefined;
    socket.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    socket.on('close', () => this.onClose());
    socket.on('error', (err: Error & { code?: string }) => {
      // ws has already answered protocol faults with the matching close code (1009 for size).
      const code = err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? ERRORS.MESSAGE_TOO_BIG.code : err.code;
      this.log.warn({ err: err.message, code, connection: this.id }, 'websocket error');
    });
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  send(text: string): void {
    if (this.closed) return;
    if (this.socket.bufferedAmount > this.limits.maxBufferedBytes) {
      this.close('SLOW_CONSUMER');
      return;
    }
    if (!this.corked && this.tcp) {
      this.corked = true;
      this.tcp.cork();
      setImmediate(this.uncork);
    }
    this.socket.send(text);
  }

  close(key: ErrorKey): void {
    const entry = ERRORS[key] as { close: number; text: string; code: string };
    this.log.warn({ code: entry.code, connection: this.id }, entry.text);
    this.uncork();
    this.socket.close(entry.close, entry.text);
    // A client that does not read would never finish the closing handshake.
    if (key === 'SLOW_CONSUMER' || key === 'FLOOD') setTimeout(() => this.socket.terminate(), 1000).unref();
    this.onClose();
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.closed) return;
    if (isBinary) {
      this.reject({ ok: false, ack: 'invalidMessage', error: 'BINARY_FRAME' });
      return;
    }
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : data.toString();
    const decoded = decodeCommand(text, this.limits.maxJsonDepth);
    if (!decoded.ok) {
      this.reject(decoded);
      return;
    }
    const { requestId } = decoded;
    if (requestId <= this.lastRequestId) {
      this.reject({ ok: false, ack: 'invalidRequestID', error: this.active.has(requestId) ? 'REQUEST_ID_IN_USE' : 'REQUEST_ID_NOT_INCREASING', name: decoded.name, version: decoded.version, requestId });
      return;
    }
    if (this.active.size >= this.limits.maxPendingPerConnection) {
      // A well-formed command refused for load is not an invalid message: it never counts toward
      // closing the connection (that would drop the commands it has queued).
      this.reject({ ok: false, ack: 'tooManyRequests', error: 'TOO_MANY_REQUESTS', name: decoded.name, version: decoded.version, requestId }, false);
      return;
    }
    this.consecutiveRejects = 0;
    this.lastRequestId = requestId;
    this.send(encodeAck(decoded.name, decoded.version, requestId));
    this.host.accept(this, decoded);
  }

  private reject(r: Rejection, invalid = true): void {
    const entry = ERRORS[r.error];
    this.log.info({ code: entry.code, connection: this.id, name: r.name, requestId: r.requestId, detail: r.detail }, entry.text);
    this.send(encodeAck(r.name ?? '', r.version ?? '1.0', r.requestId, r.ack));
    if (invalid && ++this.consecutiveRejects > this.limits.maxConsecutiveRejects) this.close('FLOOD');
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    this.host.disconnected(this);
  }
}
