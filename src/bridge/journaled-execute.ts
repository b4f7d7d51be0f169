// Puts the operations journal around the 3.x commands that move cash or media: the entry is durable
// before the call, closed with the result after. A journal that cannot be written stops the movement
// (nothing is sent: journal before acting); one that cannot be closed leaves the entry to be reported
// as interrupted at the next start, never as done.
import type { Logger } from 'pino';
import type { XfsCompletion } from '../legacy-xfs3/types.ts';
import { ERRORS } from '../xfs4iot/errors.ts';
import { OperationsJournal, OperationsJournalError, type Operation, type OperationStart } from './operations-journal.ts';

const WFS_ERR_INTERNAL_ERROR = -15;

type Execute = (command: string, data: unknown) => Promise<XfsCompletion<unknown>>;

/** What a translator may read of the journal: its own service's entries. */
export interface JournalView {
  lastInterrupted(xfs3Commands: readonly string[]): Operation | undefined;
  lastBefore(xfs3Command: string, beforeId: number): Operation | undefined;
}

/** One command's journaled execute, and the close of its last entry that may still be due. */
export interface JournaledCommand {
  execute: Execute;
  view: JournalView;
  /** Closes an entry whose close is still due; at the latest before the command's completion goes out. */
  readonly flush: () => void;
}

/** Where the 3.x calls of the command go out: its session (see SessionEvents.sent). */
export interface CallsSent {
  once(event: 'sent', listener: () => void): unknown;
  off(event: 'sent', listener: () => void): unknown;
}

export function journaledCommand(
  journal: OperationsJournal, journaled: ReadonlySet<string>, log: Logger,
  context: Omit<OperationStart, 'xfs3Command' | 'input'>, execute: Execute, sent: CallsSent,
): JournaledCommand {
  let due: (() => void) | undefined;
  let timer: NodeJS.Immediate | undefined;
  const flush = (): void => {
    if (!due) return;
    clearImmediate(timer);
    sent.off('sent', afterSend);
    const close = due;
    due = undefined;
    close();
  };
  // A microtask later: the calls the translator sends in the same step (the notes' levels beside the
  // status read) all go out before the commit, which then runs while the device answers them.
  const afterSend = (): void => queueMicrotask(flush);
  const close = (id: number, command: string, completion: XfsCompletion<unknown>): void => {
    try {
      // Nobody saw how it ended (watchdog, provider lost, pump dead): interrupted, never "failed".
      if (completion.outcomeUnknown === true) journal.interrupt(id, completion.detail ?? completion.name);
      else journal.end(id, completion.name, completion.data);
    } catch (error) {
      log.error({ code: ERRORS.JOURNAL_UNAVAILABLE.code, operation: id, err: (error as Error).message }, `${ERRORS.JOURNAL_UNAVAILABLE.text}: the outcome of ${command} (${completion.name}) is not recorded`);
    }
  };
  const run: Execute = async (command, data) => {
    if (!journaled.has(command)) return execute(command, data);
    // Entries close in the order they began: the previous movement is recorded before the next starts.
    flush();
    let id: number;
    try {
      id = journal.begin({ ...context, xfs3Command: command, input: data });
    } catch (error) {
      if (!(error instanceof OperationsJournalError)) throw error;
      log.error({ code: ERRORS.JOURNAL_UNAVAILABLE.code, command: context.command, xfs3Command: command, err: error.message }, `${ERRORS.JOURNAL_UNAVAILABLE.text}: ${command} not sent`);
      return { ok: false, code: WFS_ERR_INTERNAL_ERROR, name: 'WFS_ERR_INTERNAL_ERROR', requestId: 0, commandCode: 0, data: undefined, origin: 'gateway', detail: `${error.message}: nothing was moved` };
    }
    // Named at info level before it runs: a log that ends here still says what was under way.
    log.info({ code: ERRORS.MOVEMENT_STARTED.code, operation: id, command: context.command, xfs3Command: command, connection: context.connection, requestId: context.requestId, request: context.request }, ERRORS.MOVEMENT_STARTED.text);
    const completion = await execute(command, data);
    // Closed once the command's next 3.x calls are on their way (the notes' levels, the status read),
    // else in the next turn of the event loop: the commit's time (an fsync on an ATM's disk) then passes
    // while the device answers, not before. A crash before the close leaves the entry open, reported as
    // interrupted at the next start, as before; the client's completion waits for the close.
    due = () => close(id, command, completion);
    sent.once('sent', afterSend);
    timer = setImmediate(flush);
    return completion;
  };
  const view: JournalView = {
    lastInterrupted: (commands) => {
      flush();
      return journal.lastInterrupted(context.logicalName, commands);
    },
    lastBefore: (command, beforeId) => {
      flush();
      return journal.lastBefore(context.logicalName, command, beforeId);
    },
  };
  return { execute: run, view, flush };
}
