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

export function journalView(journal: OperationsJournal, logicalName: string): JournalView {
  return {
    lastInterrupted: (commands) => journal.lastInterrupted(logicalName, commands),
    lastBefore: (command, beforeId) => journal.lastBefore(logicalName, command, beforeId),
  };
}

export function journaledExecute(
  journal: OperationsJournal, journaled: ReadonlySet<string>, log: Logger,
  context: Omit<OperationStart, 'xfs3Command' | 'input'>, execute: Execute,
): Execute {
  return async (command, data) => {
    if (!journaled.has(command)) return execute(command, data);
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
    try {
      // Nobody saw how it ended (watchdog, provider lost, pump dead): interrupted, never "failed".
      if (completion.outcomeUnknown === true) journal.interrupt(id, completion.detail ?? completion.name);
      else journal.end(id, completion.name, completion.data);
    } catch (error) {
      log.error({ code: ERRORS.JOURNAL_UNAVAILABLE.code, operation: id, err: (error as Error).message }, `${ERRORS.JOURNAL_UNAVAILABLE.text}: the outcome of ${command} (${completion.name}) is not recorded`);
    }
    return completion;
  };
}
