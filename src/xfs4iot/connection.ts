// One client connection: the only place that writes to a WebSocket. It turns frames into commands
// (acknowledge rules of seed 2.4.2 and issue rule 4) and hands accepted ones to its host.
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import type { WebSocket, RawData } from 'ws';
import { decodeCommand, type DecodedCommand, type Rejection } from './decode.ts';
import { encodeAck } from './encode.ts';
import { ERRORS, type ErrorKey } from './errors.ts';
import type { EngineLimits } from './limits.ts';
import type { LogLimiter } from './log-limiter.ts';

/** What a connection needs from the service (or publisher endpoint) behind it. */
export interface CommandHost {
  /** Called after the null acknowledge was sent. */
  accept(conn: Connection, command: DecodedCommand): void;
  disconnected(conn: Connection): void;
  /** What the connection reached (a service or discovery), for admission; any identity object. */
  readonly endpoint?: object;
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
  /** When the socket was accepted (admission: idle connections are closed first). */
  readonly openedAt = Date.now();
  /** The client has sent at least one valid command. */
  spoken = false;
  private consecutiveRejects = 0;
  private closed = false;
  /** Messages handed to ws and not yet written to the socket (ws counts bytes only). */
  private unwritten = 0;
  private readonly written = (): void => {
    this.unwritten--;
    // Every message's write callback, not the socket's 'drain': a drain can find new answers already
    // queued below the high-water mark, and then no further drain comes.
    if (this.readingPaused && !this.closed && this.socket.bufferedAmount <= this.limits.readPauseBytes / 2) this.resumeReading();
  };
  /** ws keeps its TCP socket private; corking it batches an acknowledge and a quick completion into one write. */
  private readonly tcp: Socket | undefined;
  private corked = false;
  /** Reading paused because the client is not taking what was sent (back-pressure); the stall timer runs meanwhile. */
  private readingPaused = false;
  private stallTimer: NodeJS.Timeout | undefined;
  private readonly uncork = (): void => {
    this.corked = false;
    this.tcp?.uncork();
  };

  constructor(
    private readonly socket: WebSocket,
    readonly host: CommandHost,
    private readonly limits: EngineLimits,
    readonly log: Logger,
    info: { authority: string; secure: boolean; authenticated: boolean },
    private readonly limiter: LogLimiter,
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
      this.limiter.write('warn', code ?? 'websocket', { err: err.message, code, connection: this.id }, 'websocket error');
    });
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** Bytes queued for this client and not yet taken by the kernel. */
  get bufferedBytes(): number {
    return this.socket.bufferedAmount;
  }

  send(text: string): void {
    if (this.closed) return;
    // Bounded per connection in bytes and messages: a client that does not read is dropped, instead of
    // the gateway buffering for it (32 such clients once grew the process past 1 GB).
    if (this.unwritten >= this.limits.maxBufferedMessages || this.socket.bufferedAmount + text.length > this.limits.maxBufferedBytes) {
      this.close('SLOW_CONSUMER', { bufferedBytes: this.socket.bufferedAmount, bufferedMessages: this.unwritten });
      return;
    }
    if (!this.corked && this.tcp) {
      this.corked = true;
      this.tcp.cork();
      setImmediate(this.uncork);
    }
    this.unwritten++;
    this.socket.send(text, this.written);
    if (!this.readingPaused && this.tcp && this.socket.bufferedAmount > this.limits.readPauseBytes) this.pauseReading();
  }

  /**
   * Stops reading this client's commands until what was sent to it drains: otherwise a client that
   * sends without reading makes the gateway parse, answer and buffer at full speed (32 such clients
   * once held 400 MB of freed-but-kept heap pages). If it does not drain in time, the client is dropped.
   */
  private pauseReading(): void {
    this.readingPaused = true;
    const entry = ERRORS.READING_PAUSED;
    this.limiter.write('info', entry.code, { code: entry.code, connection: this.id, bufferedBytes: this.socket.bufferedAmount }, entry.text);
    this.socket.pause();
    this.stallTimer = setTimeout(() => this.close('SLOW_CONSUMER', {
      bufferedBytes: this.socket.bufferedAmount, bufferedMessages: this.unwritten, stalledMs: this.limits.stalledReaderMs,
    }), this.limits.stalledReaderMs);
    this.stallTimer.unref();
  }

  private resumeReading(): void {
    this.readingPaused = false;
    clearTimeout(this.stallTimer);
    this.socket.resume();
  }

  close(key: ErrorKey, detail?: Record<string, unknown>): void {
    if (this.closed) return;
    const entry = ERRORS[key] as { close: number; text: string; code: string };
    this.limiter.write('warn', entry.code, { code: entry.code, connection: this.id, ...detail }, entry.text);
    this.uncork();
    if (key === 'SLOW_CONSUMER') {
      // Its close frame would wait behind everything it did not read: the socket and what is queued
      // for it are released now (the client sees the connection drop).
      this.socket.close(entry.close, entry.text);
      this.socket.terminate();
    } else {
      this.socket.close(entry.close, entry.text);
      // A client that does not read would never finish the closing handshake.
      if (key === 'FLOOD' || key === 'IDLE_EVICTED') setTimeout(() => this.socket.terminate(), 1000).unref();
    }
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
    this.spoken = true;
    this.lastRequestId = requestId;
    this.send(encodeAck(decoded.name, decoded.version, requestId));
    this.host.accept(this, decoded);
  }

  private reject(r: Rejection, invalid = true): void {
    const entry = ERRORS[r.error];
    this.limiter.write('info', entry.code, { code: entry.code, connection: this.id, name: r.name, requestId: r.requestId, detail: r.detail }, entry.text);
    this.send(encodeAck(r.name ?? '', r.version ?? '1.0', r.requestId, r.ack));
    if (invalid && ++this.consecutiveRejects > this.limits.maxConsecutiveRejects) this.close('FLOOD');
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.stallTimer);
    this.host.disconnected(this);
  }
}
