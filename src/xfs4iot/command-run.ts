// One accepted command from acceptance to completion. It is also the handler's CommandContext, so
// the hot path allocates one object per command.
import type { Logger } from 'pino';
import type { AbortReason, CommandContext, JsonObject, VersionedPayload } from './backend.ts';
import type { ActiveCommand, Connection } from './connection.ts';
import type { CommandEntry, CommandVersionEntry } from './registry.ts';

export type RunState = 'queued' | 'executing';

export interface EventSink {
  emitEvent(run: CommandRun, name: string, payload: VersionedPayload): void;
}

export class CommandRun implements CommandContext, ActiveCommand {
  state: RunState = 'queued';
  /** The client has its completion (or will never get one: disconnect). */
  finished = false;
  timer?: NodeJS.Timeout;
  /** The client's header timeout, ms (0 = none). */
  timeoutMs = 0;
  abortReason?: AbortReason;
  /** Created on first use of `signal`: most commands never look at it. */
  private controller?: AbortController;
  readonly major: number;

  constructor(
    readonly conn: Connection,
    readonly requestId: number,
    readonly entry: CommandEntry,
    readonly versionEntry: CommandVersionEntry,
    readonly payload: JsonObject | undefined,
    readonly resources: readonly string[],
    readonly log: Logger,
    private readonly sink: EventSink,
  ) {
    // The release's major: 3 for 2024-03's 2.0/3.0 and 3.0/2.0 pairs alike.
    this.major = Math.max(Number.parseInt(versionEntry.version, 10), Number.parseInt(versionEntry.completionVersion, 10));
  }

  get name(): string {
    return this.entry.def.name;
  }

  get version(): string {
    return this.versionEntry.version;
  }

  get connectionId(): number {
    return this.conn.id;
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.abortReason) this.controller.abort(this.abortReason);
    }
    return this.controller.signal;
  }

  emitEvent(name: string, payload?: VersionedPayload): void {
    this.sink.emitEvent(this, name, payload);
  }

  /** The first abort reason wins; a later `signal` access still sees it. */
  abort(reason: AbortReason): void {
    if (this.abortReason) return;
    this.abortReason = reason;
    this.controller?.abort(reason);
  }
}
