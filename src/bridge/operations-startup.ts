// Opening the operations journal at start-up: movements a previous process left open are marked
// interrupted and named at error level (request, client, amounts, position), so that an ATM team
// reading the log after a crash sees which dispense or present nobody saw end; old entries are pruned.
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import { ConfigError } from '../config/load.ts';
import { ERRORS } from '../xfs4iot/errors.ts';
import { OperationsJournal } from './operations-journal.ts';
import { InUseError } from '../storage/writer-lock.ts';

export interface OperationsJournalConfig {
  path: string;
  retentionDays: number;
}

export function openOperationsJournal(config: OperationsJournalConfig, log: Logger): OperationsJournal {
  let journal: OperationsJournal;
  try {
    journal = new OperationsJournal(resolve(config.path));
  } catch (error) {
    if (error instanceof InUseError) {
      throw new ConfigError('configuration', 'operationsJournal.path', `${error.message}: one gateway writes a journal; stop the other one or give this one its own path`);
    }
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError('configuration', 'operationsJournal.path', `cannot be opened (${code ?? (error as Error).message})`);
  }
  if (journal.damagedSteps > 0) {
    // Usually the line a crash cut while it was being written: its flush never returned, so its 3.x call was never sent.
    log.warn({ code: ERRORS.JOURNAL_STEPS_DAMAGED.code, lines: journal.damagedSteps, file: `${journal.path}.steps` },
      `${ERRORS.JOURNAL_STEPS_DAMAGED.text}: a step cut by a crash was never acted on; more than one line means damage to the file`);
  }
  for (const op of journal.interruptOpen()) {
    log.error({
      code: ERRORS.MOVEMENT_INTERRUPTED.code, operation: op.id, service: op.service, logicalName: op.logicalName, command: op.command,
      xfs3Command: op.xfs3Command, connection: op.connection, requestId: op.requestId, request: op.request, startedAt: new Date(op.startedMs).toISOString(),
    }, `${ERRORS.MOVEMENT_INTERRUPTED.text}: ${op.command} (${op.xfs3Command}) on ${op.logicalName}; ask the device (CashDispenser.GetPresentStatus, Common.Status) before acting`);
  }
  const pruned = journal.prune(config.retentionDays * 86_400_000);
  if (pruned > 0) log.info({ pruned, retentionDays: config.retentionDays }, 'operations journal: old entries deleted');
  return journal;
}
