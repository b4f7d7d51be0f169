// `xfs4iot-gateway payment-alarms`: lists the transfers parked with an alarm (the host said it
// executed them, but its receipt did not verify) and records an operator's decision on one. The
// gateway's reconcile timer then carries the decision into the IOTP payment log; the gateway may keep
// running (SQLite serialises the two writers).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/load.ts';
import { CLIENT_JOURNAL_FILE } from '../iotp-bridge/embedded.ts';
import { TransferJournal, type AlarmDecision, type JournalRow } from '../xmlx/journal.ts';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const stdio: CliIo = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };


const USAGE = `usage:
  xfs4iot-gateway payment-alarms list [--config <file> | --data-dir <dir> | --journal <file>]
  xfs4iot-gateway payment-alarms settle <TransferId> executed|not-executed|retry --by <operator> --reason <text>
      [--config <file> | --data-dir <dir> | --journal <file>]
  executed      the host confirms it executed the transfer: the receipt received is accepted
  not-executed  the host confirms it did not: the transfer fails (the payment fails; a reversal may be tried again)
  retry         the cause is fixed (e.g. the host's public key configured anew): the gateway settles it again itself
`;

const DECISIONS: readonly AlarmDecision[] = ['executed', 'not-executed', 'retry'];
const MAX_BY = 100;
const MAX_REASON = 1000;

export async function run(args: string[], io: CliIo = stdio): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args, allowPositionals: true,
      options: { config: { type: 'string', short: 'c' }, 'data-dir': { type: 'string' }, journal: { type: 'string' }, by: { type: 'string' }, reason: { type: 'string' }, help: { type: 'boolean' } },
    });
  } catch (error) {
    io.err(`payment-alarms: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    io.out(USAGE);
    return 0;
  }
  const [verb, transferId, decision, ...extra] = positionals;
  if (verb !== 'list' && verb !== 'settle') return usage(io, verb === undefined ? 'name a verb' : `unknown verb '${verb}'`);
  if (verb === 'list' && transferId !== undefined) return usage(io, 'list takes no arguments');
  if (verb === 'settle') {
    if (transferId === undefined || decision === undefined || extra.length > 0) return usage(io, 'settle needs a TransferId and a decision');
    if (!DECISIONS.includes(decision as AlarmDecision)) return usage(io, `decision '${decision}' is not one of ${DECISIONS.join(', ')}`);
    if (!values.by?.trim() || !values.reason?.trim()) return usage(io, 'settle needs --by <operator> and --reason <text>: they are kept with the transfer');
    // Kept on the journal row and printed by list: bounded like any stored text.
    if ((values.by?.length ?? 0) > MAX_BY || (values.reason?.length ?? 0) > MAX_REASON) return usage(io, `--by is at most ${MAX_BY} characters and --reason at most ${MAX_REASON}`);
  }
  const path = journalPath(values, io);
  if (path === undefined) return 2;
  if (!existsSync(path)) {
    io.err(`payment-alarms: no journal at ${path} (has the gateway run with payments on? name another with --data-dir or --journal)\n`);
    return 1;
  }
  const journal = new TransferJournal(path);
  try {
    if (verb === 'list') {
      const rows = journal.alarmed();
      io.out(rows.length === 0 ? `no alarmed transfers in ${path}\n` : `${rows.length} alarmed transfer(s) in ${path}:\n${rows.map(describe).join('')}`);
      return 0;
    }
    const result = await journal.settleAlarm(transferId, decision as AlarmDecision, `by ${values.by?.trim()}: ${values.reason?.trim()}`);
    if (!result.ok) {
      io.err(`payment-alarms: ${result.reason}\n`);
      return 1;
    }
    io.out(`settled ${transferId}: ${result.row.operatorNote ?? ''}\nnow ${result.row.state}${result.row.alarm === null && result.row.state === 'pending' ? ' (the gateway settles it with the host on its next pass)' : ''}\n`);
    return 0;
  } finally {
    journal.close();
  }
}

function usage(io: CliIo, problem: string): number {
  io.err(`payment-alarms: ${problem}\n${USAGE}`);
  return 2;
}

function journalPath(values: { config?: string; 'data-dir'?: string; journal?: string }, io: CliIo): string | undefined {
  if (values.journal !== undefined) return resolve(values.journal);
  if (values['data-dir'] !== undefined) return join(resolve(values['data-dir']), CLIENT_JOURNAL_FILE);
  try {
    return join(resolve(loadConfig(values.config ?? process.env.XFS4IOT_GATEWAY_CONFIG).payments.dataDir), CLIENT_JOURNAL_FILE);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.err(`payment-alarms: configuration error: ${error.message} (or name the data directory with --data-dir)\n`);
    return undefined;
  }
}

function describe(row: JournalRow): string {
  return `  ${row.transferId}  ${row.payer} -> ${row.payee}  ${row.amount.toString()} ${row.currency} (smallest unit)  business key ${row.businessKey}  receipt ${row.receiptXml === null ? 'none' : 'kept (unverified)'}\n`;
}
