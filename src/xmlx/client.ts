// The reliable XML-X client: every transfer is journaled (TransferId + exact bytes) before its first
// send; every retry sends the same bytes; a timeout or dropped connection leaves it "unknown"; the
// host's "already" answer is resolved to the original receipt through a HistoryRequest; after a
// restart, transfers the journal left pending are resolved before new ones are accepted.
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import type { Logger } from 'pino';
import { memoFromText, parseFragment, serializeFragment, serializeXmlx } from './codec.ts';
import { encodeAuth, encodeTransfer } from './codec-encode.ts';
import { Errno, errnoText } from './errors.ts';
import { TransferJournal, type JournalRow } from './journal.ts';
import { createXmlxLogger } from './logger.ts';
import { XmlxTransport } from './transport.ts';
import { verifyReceipt } from './receipt-signature.ts';
import { privateKeyOf, signCanonical, signatureAuth } from './request-signature.ts';
import type { Auth, Balance, Receipt, SingleRequest, XmlxDocument } from './types.ts';
import type {
  HistoryQuery, QueryResult, ReliableXmlxClient, ResolveSummary, RetryPolicy, TransferInstruction, TransferOutcome,
  XmlxClientOptions,
} from './client-api.ts';

const DEFAULT_RETRY: RetryPolicy = { attempts: 5, initialDelayMs: 50, maxDelayMs: 2_000 };

/** Refusals the host may give for reasons unrelated to the transfer itself (so they can change between attempts). */
const TRANSIENT = new Set<number>([Errno.INTERNAL, Errno.LATER, Errno.SERVER_DOWN, Errno.UNKNOWN]);
/**
 * Refusals that depend on our credentials: given to a transfer that may already have been sent, they
 * do not prove it was not executed (the host checks credentials before idempotency), so they leave
 * the outcome unknown.
 */
const CREDENTIAL = new Set<number>([Errno.SECURITY, Errno.UNKNOWN_USER, Errno.NOT_USER, Errno.NOT_AUTHORISED,
  Errno.NOT_AUTHENTICATED, Errno.USER_FROZEN, Errno.USER_NOT_PERMITTED]);

type Attempt =
  | { kind: 'done'; outcome: TransferOutcome }
  | { kind: 'retry'; reason: string };

/**
 * The TransferId of a business key: a SHA-256 digest of namespace, payer and key (128 bits, hex),
 * so the same payment always gets the same id and ids never collide across payers.
 */
export function deriveTransferId(namespace: string, payer: string, businessKey: string): string {
  const digest = createHash('sha256').update(`xmlx-transfer-id\0${namespace}\0${payer}\0${businessKey}`, 'utf8').digest('hex');
  return `T${digest.slice(0, 32)}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class XmlxClient implements ReliableXmlxClient {
  /**
   * Opens (or creates) the journal and starts resolving every transfer a previous process left
   * pending; `transfer()` calls wait for that recovery before sending anything new.
   */
  static async open(options: XmlxClientOptions): Promise<XmlxClient> {
    const client = new XmlxClient(options);
    await client.recovery;
    return client;
  }

  private readonly journal: TransferJournal;
  private readonly transport: XmlxTransport;
  private readonly hostKey: KeyObject | undefined;
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  /** Auth XML for password/token credentials (constant); undefined when requests are signed. */
  private readonly authXml: string | undefined;
  private readonly signingKey: KeyObject | undefined;
  private readonly auth: Auth;
  private readonly logger: Logger;
  private readonly inFlight = new Map<string, Promise<TransferOutcome>>();
  /**
   * Outcomes the host gave that the journal could not store: until they are written, they are
   * reported as unknown and the transfer is never sent again (its refusal or receipt was observed).
   */
  private readonly unrecorded = new Map<string, () => Promise<void>>();
  /** Transfers a previous process left pending; new transfers wait until this is empty. */
  private readonly leftOver = new Set<string>();
  private readonly recovery: Promise<ResolveSummary>;
  private ridCounter = 0;
  private closed = false;

  private constructor(private readonly options: XmlxClientOptions) {
    this.transport = new XmlxTransport(options.hostUrl, 64, options.tls);
    this.hostKey = options.hostPublicKey === undefined ? undefined : createPublicKey(options.hostPublicKey);
    this.journal = new TransferJournal(options.journalPath);
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? 10_000;
    const credentials = options.auth;
    if ('privateKey' in credentials) {
      this.signingKey = privateKeyOf(credentials.privateKey);
      this.auth = { userId: credentials.userId, method: { kind: 'none' } };
      this.authXml = undefined;
    } else {
      this.auth = 'password' in credentials
        ? { userId: credentials.userId, method: { kind: 'password', password: credentials.password } }
        : { userId: credentials.userId, method: { kind: 'token', token: credentials.token } };
      this.authXml = encodeAuth(this.auth);
    }
    this.logger = options.logger ?? createXmlxLogger({ name: 'xmlx-client', level: 'silent' });
    for (const row of this.journal.pending()) this.leftOver.add(row.transferId);
    this.recovery = this.resolvePending();
  }

  transferIdFor(businessKey: string, payer: string): string {
    return deriveTransferId(this.options.idNamespace ?? '', payer, businessKey);
  }

  async transfer(instruction: TransferInstruction): Promise<TransferOutcome> {
    if (this.closed) throw new Error('XmlxClient.transfer() after close()');
    const transferId = this.transferIdFor(instruction.businessKey, instruction.payer);
    const invalid = this.validate(instruction);
    if (invalid) return { status: 'failed', transferId, errno: invalid.errno, text: invalid.text, retryable: false };
    const running = this.inFlight.get(transferId);
    if (running) return running;
    await this.recovery;
    if (!this.journal.get(transferId) && this.leftOver.size > 0) {
      await this.resolvePending();
      if (this.leftOver.size > 0) {
        return {
          status: 'failed', transferId, errno: Errno.LATER, retryable: true,
          text: `not sent: ${this.leftOver.size} transfer(s) from before the restart are still unresolved`,
        };
      }
    }
    return this.track(transferId, () => this.carry(transferId, instruction));
  }

  /** One promise per TransferId: concurrent callers share it, so a payment is never sent twice at once. */
  private track(transferId: string, start: () => Promise<TransferOutcome>): Promise<TransferOutcome> {
    const running = this.inFlight.get(transferId);
    if (running) return running;
    const run = start().finally(() => this.inFlight.delete(transferId));
    this.inFlight.set(transferId, run);
    return run;
  }

  private async carry(transferId: string, instruction: TransferInstruction): Promise<TransferOutcome> {
    const row = this.journal.get(transferId);
    if (row) {
      if (row.payee !== instruction.payee || row.amount !== instruction.amount || row.currency !== instruction.currency
        || row.memo !== (instruction.memo ?? null)) {
        const existing = row.receiptXml !== null ? this.receiptOf(row.receiptXml) : undefined;
        return {
          status: 'failed', transferId, errno: Errno.ALREADY, retryable: false,
          text: 'business key already used for a different payment', ...(existing ? { existingReceipt: existing } : {}),
        };
      }
      const unrecorded = this.unrecorded.get(transferId);
      if (unrecorded) return this.recordAgain(row, unrecorded);
      if (row.state === 'failed' && instruction.resendRefused === true && row.errno !== Errno.ALREADY) {
        if (!(await this.record(row, () => this.journal.reopen(transferId)))) return this.unjournaled(row, 'could not reopen the refused transfer');
        return this.drive({ ...row, state: 'pending' }, true);
      }
      if (row.state !== 'pending' || row.alarm !== null) return this.outcomeOf(row);
      return this.drive(row, true);
    }
    const transferXml = encodeTransfer({
      payee: instruction.payee, payer: instruction.payer, currencyId: instruction.currency, amount: instruction.amount,
      transferId, ...(instruction.memo !== undefined ? { memo: memoFromText(instruction.memo) } : {}),
    });
    // Durable before the first send: drive() starts only after this commit.
    let stored: JournalRow;
    try {
      stored = await this.journal.insert({
        transferId, businessKey: instruction.businessKey, payer: instruction.payer, payee: instruction.payee,
        currency: instruction.currency, amount: instruction.amount, memo: instruction.memo ?? null, transferXml,
      });
    } catch (error) {
      // Not journaled, so not sent: a certain failure the caller may retry.
      this.logger.error({ transferId, err: error instanceof Error ? error.message : String(error) }, 'journal write failed');
      return { status: 'failed', transferId, errno: Errno.INTERNAL, text: 'journal write failed; not sent', retryable: true };
    }
    if (stored.state !== 'pending') return this.outcomeOf(stored);
    // A row journaled earlier by another process sharing the file may have been sent already.
    return this.drive(stored, stored.transferXml !== transferXml);
  }

  /** Retention of the journal: see TransferJournal.pruneResolved (pending and alarmed rows stay). */
  pruneJournal(cutoffMs: number, keep: (businessKey: string) => boolean): number {
    return this.journal.pruneResolved(cutoffMs, keep);
  }

  journaledOutcome(businessKey: string, payer: string): TransferOutcome | undefined {
    const row = this.journal.get(this.transferIdFor(businessKey, payer));
    return row && this.outcomeOf(row);
  }

  async resolvePending(): Promise<ResolveSummary> {
    const pending = this.journal.pending();
    let resolved = 0;
    let unresolved = 0;
    for (const row of pending) {
      const unrecorded = this.unrecorded.get(row.transferId);
      const outcome = await this.track(row.transferId, () => (unrecorded ? this.recordAgain(row, unrecorded) : this.drive(row, true)));
      if (outcome.status !== 'unknown') {
        resolved += 1;
        continue;
      }
      // The host is not answering for this one; the rest of the pass would only wait as long.
      unresolved = pending.length - resolved;
      break;
    }
    for (const id of [...this.leftOver]) if (this.journal.get(id)?.state !== 'pending') this.leftOver.delete(id);
    return { resolved, unresolved };
  }

  async balance(accountId: string, currencyId?: string): Promise<QueryResult<Balance[]>> {
    const result = await this.query({
      kind: 'BalanceRequest', rid: this.nextRid(), auth: this.auth, accountId, ...(currencyId !== undefined ? { currencyId } : {}),
    });
    if (result.status !== 'ok') return result;
    return result.value.kind === 'BalanceResponse' ? { status: 'ok', value: result.value.balances } : this.unexpected(result.value);
  }

  async history(query: HistoryQuery): Promise<QueryResult<Receipt[]>> {
    const result = await this.query({ kind: 'HistoryRequest', rid: this.nextRid(), auth: this.auth, ...query });
    if (result.status !== 'ok') return result;
    return result.value.kind === 'HistoryResponse' ? { status: 'ok', value: result.value.receipts } : this.unexpected(result.value);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([this.recovery, ...this.inFlight.values()]);
    this.transport.close();
    this.journal.close();
  }

  /** Journal state counts (for operators and tests). */
  journalCounts(): Record<'pending' | 'succeeded' | 'failed', number> {
    return this.journal.counts();
  }

  private validate(i: TransferInstruction): { errno: number; text: string } | undefined {
    if (typeof i.amount !== 'bigint' || i.amount < 0n) return { errno: Errno.NAN, text: 'amount must be a non-negative bigint' };
    for (const [name, value] of [['businessKey', i.businessKey], ['payer', i.payer], ['payee', i.payee], ['currency', i.currency]] as const) {
      if (typeof value !== 'string' || value.trim() === '' || value !== value.trim()) {
        return { errno: Errno.CONTENT, text: `${name} must be a non-empty string without surrounding whitespace` };
      }
    }
    return undefined;
  }

  /** Sends the journaled bytes until a certain answer or the retry budget runs out. */
  private async drive(row: JournalRow, maybeSentBefore: boolean): Promise<TransferOutcome> {
    const body = this.transferBody(row);
    let reason = 'not sent';
    let delay = this.retry.initialDelayMs;
    for (let attempt = 1; attempt <= this.retry.attempts; attempt += 1) {
      const step = await this.attempt(row, body, maybeSentBefore || attempt > 1);
      if (step.kind === 'done') return step.outcome;
      reason = step.reason;
      this.logger.warn({ transferId: row.transferId, attempt, reason }, 'transfer outcome unknown; will retry');
      if (attempt < this.retry.attempts) {
        await sleep(Math.min(this.retry.maxDelayMs, delay) * (0.5 + Math.random() / 2));
        delay *= 2;
      }
    }
    return { status: 'unknown', transferId: row.transferId, reason };
  }

  private async attempt(row: JournalRow, body: string, maybeSentBefore: boolean): Promise<Attempt> {
    const exchange = await this.transport.post(body, this.timeoutMs);
    if (!exchange.answered) return { kind: 'retry', reason: exchange.reason };
    const doc = exchange.document;
    if (doc.kind === 'TransferResponse') {
      if (!this.matches(row, doc.receipt)) return { kind: 'retry', reason: 'host answered with a receipt for another transfer' };
      if (!this.authentic(doc.receipt)) return { kind: 'done', outcome: await this.alarm(row, doc.receipt) };
      return { kind: 'done', outcome: await this.succeed(row, doc.receipt, false) };
    }
    if (doc.kind !== 'ErrorResponse') return { kind: 'retry', reason: `host answered <${doc.kind}>` };
    if (doc.errno === Errno.ALREADY) return this.resolveAlready(row);
    if (TRANSIENT.has(doc.errno)) return { kind: 'retry', reason: `host refused for now (errno ${doc.errno})` };
    if (CREDENTIAL.has(doc.errno) && maybeSentBefore) {
      return { kind: 'retry', reason: `host refused our credentials (errno ${doc.errno}); an earlier attempt may have executed` };
    }
    const text = doc.text ?? errnoText(doc.errno);
    // A host may check funds or limits before it checks the TransferId: refused now, yet executed by
    // an earlier copy whose answer was lost. Only its history can tell.
    if (maybeSentBefore) return this.settleRefusal(row, doc.errno, text);
    return { kind: 'done', outcome: await this.refused(row, doc.errno, text) };
  }

  private async refused(row: JournalRow, errno: number, text: string): Promise<TransferOutcome> {
    const write = () => this.journal.markFailed(row.transferId, errno, text, null);
    if (!(await this.record(row, write))) return this.unjournaled(row, `refused (errno ${errno}), but the refusal could not be journaled`, write);
    this.logger.info({ transferId: row.transferId, errno }, 'transfer refused by host');
    return { status: 'failed', transferId: row.transferId, errno, text, retryable: false };
  }

  /** A refusal of a copy that may not be the first: final only once the history shows no earlier execution. */
  private async settleRefusal(row: JournalRow, errno: number, text: string): Promise<Attempt> {
    const found = await this.lookup(row);
    if (found.kind === 'unavailable') return { kind: 'retry', reason: `refused (errno ${errno}) after an earlier send, and the history lookup failed: ${found.reason}` };
    if (found.kind === 'none') return { kind: 'done', outcome: await this.refused(row, errno, text) };
    this.logger.warn({ transferId: row.transferId, errno }, 'a resent transfer was refused, but the host had executed an earlier copy: the receipt stands');
    return this.settleWithReceipt(row, found.receipt);
  }

  /** The host's receipt for this TransferId and payer, if its history has one. */
  private async lookup(row: JournalRow): Promise<{ kind: 'found'; receipt: Receipt } | { kind: 'none' } | { kind: 'unavailable'; reason: string }> {
    const found = await this.history({
      accountId: row.payer, currencyId: row.currency,
      search: { kind: 'search', not: false, tag: 'TransferId', match: { kind: 'exact', value: row.transferId, caseSensitive: true } },
    });
    if (found.status !== 'ok') return { kind: 'unavailable', reason: found.status === 'error' ? found.text : found.reason };
    const receipt = found.value.find((r) => r.operation.kind === 'transfer' && r.operation.transfer.transferId === row.transferId
      && r.operation.transfer.payer === row.payer);
    return receipt ? { kind: 'found', receipt } : { kind: 'none' };
  }

  /** A receipt from the history: this transfer's (succeeded), or another payment's under the same id. */
  private async settleWithReceipt(row: JournalRow, receipt: Receipt): Promise<Attempt> {
    if (!this.authentic(receipt)) return { kind: 'done', outcome: await this.alarm(row, receipt) };
    if (this.matches(row, receipt)) return { kind: 'done', outcome: await this.succeed(row, receipt, true) };
    const text = 'TransferId already used at the host for a different payment';
    const write = () => this.journal.markFailed(row.transferId, Errno.ALREADY, text, serializeFragment('Receipt', receipt));
    if (!(await this.record(row, write))) return { kind: 'done', outcome: this.unjournaled(row, text, write) };
    return { kind: 'done', outcome: { status: 'failed', transferId: row.transferId, errno: Errno.ALREADY, text, retryable: false, existingReceipt: receipt } };
  }

  /** "already": the host executed an earlier copy; fetch that receipt by TransferId. */
  private async resolveAlready(row: JournalRow): Promise<Attempt> {
    const found = await this.lookup(row);
    if (found.kind === 'unavailable') return { kind: 'retry', reason: `already executed, but the receipt lookup failed: ${found.reason}` };
    if (found.kind === 'none') return { kind: 'retry', reason: 'already executed, but the receipt is not in the history yet' };
    return this.settleWithReceipt(row, found.receipt);
  }

  /** The request for a journaled transfer: the same bytes on every attempt, whatever the credentials. */
  private transferBody(row: JournalRow): string {
    const open = `<TransferRequest rid="${row.transferId}">`;
    if (this.authXml !== undefined) return `${open}${this.authXml}${row.transferXml}</TransferRequest>`;
    // Signed: the canonical form is the same request with the Auth reduced to its UserId.
    const bare = encodeAuth(this.auth);
    const canonical = `${open}${bare}${row.transferXml}</TransferRequest>`;
    const signed = encodeAuth({ userId: this.auth.userId, method: { kind: 'signature', signature: signCanonical(canonical, this.signingKey as KeyObject) } });
    return `${open}${signed}${row.transferXml}</TransferRequest>`;
  }

  /** Writes an outcome; false when the journal refused the write (the outcome is then not final). */
  private async record(row: JournalRow, write: () => Promise<void>): Promise<boolean> {
    try {
      await write();
      return true;
    } catch (error) {
      this.logger.error({ transferId: row.transferId, err: error instanceof Error ? error.message : String(error) }, 'journal outcome write failed');
      return false;
    }
  }

  /**
   * An outcome the journal could not take: reported as unknown, and kept so that the next attempt
   * writes it again instead of sending the transfer (a refusal observed must not become a later
   * execution nobody reconciles).
   */
  private unjournaled(row: JournalRow, reason: string, write?: () => Promise<void>): TransferOutcome {
    if (write) this.unrecorded.set(row.transferId, write);
    return { status: 'unknown', transferId: row.transferId, reason: `${reason}; the journal could not record it` };
  }

  private async recordAgain(row: JournalRow, write: () => Promise<void>): Promise<TransferOutcome> {
    if (!(await this.record(row, write))) return this.unjournaled(row, 'outcome known');
    this.unrecorded.delete(row.transferId);
    this.leftOver.delete(row.transferId);
    const stored = this.journal.get(row.transferId);
    return stored ? this.outcomeOf(stored) : { status: 'unknown', transferId: row.transferId, reason: 'journal row missing' };
  }

  /** The host claims execution, but its receipt does not verify: park the row, alarmed, and never resend it. */
  private async alarm(row: JournalRow, receipt: Receipt): Promise<TransferOutcome> {
    const reason = 'the host reports the transfer executed, but its receipt signature does not verify against the configured host key';
    this.logger.error({ transferId: row.transferId, receiptId: receipt.receiptId }, `ALARM: ${reason}; not retried until an operator settles it`);
    await this.record(row, () => this.journal.raiseAlarm(row.transferId, 'receiptSignature', serializeFragment('Receipt', receipt)));
    this.leftOver.delete(row.transferId);
    return { status: 'unknown', transferId: row.transferId, reason, alarm: 'receiptSignature' };
  }

  private authentic(receipt: Receipt): boolean {
    return this.hostKey === undefined || verifyReceipt(receipt, this.hostKey);
  }

  private matches(row: JournalRow, receipt: Receipt): boolean {
    if (receipt.operation.kind !== 'transfer') return false;
    const t = receipt.operation.transfer;
    return t.transferId === row.transferId && t.payer === row.payer && t.payee === row.payee && t.currencyId === row.currency
      && t.amount === row.amount;
  }

  private async succeed(row: JournalRow, receipt: Receipt, duplicate: boolean): Promise<TransferOutcome> {
    const write = () => this.journal.markSucceeded(row.transferId, serializeFragment('Receipt', receipt), duplicate);
    if (!(await this.record(row, write))) return this.unjournaled(row, `executed (receipt ${receipt.receiptId})`, write);
    this.leftOver.delete(row.transferId);
    this.logger.debug({ transferId: row.transferId, receiptId: receipt.receiptId, duplicate }, 'transfer succeeded');
    return { status: 'succeeded', transferId: row.transferId, receipt, duplicate };
  }

  private receiptOf(xml: string): Receipt | undefined {
    const parsed = parseFragment('Receipt', xml);
    return parsed.ok ? parsed.value : undefined;
  }

  private outcomeOf(row: JournalRow): TransferOutcome {
    const receipt = row.receiptXml !== null ? this.receiptOf(row.receiptXml) : undefined;
    if (row.state === 'succeeded' && receipt) return { status: 'succeeded', transferId: row.transferId, receipt, duplicate: row.duplicate };
    if (row.state === 'failed') {
      return {
        status: 'failed', transferId: row.transferId, errno: row.errno ?? Errno.UNKNOWN, text: row.errorText ?? '', retryable: false,
        ...(receipt ? { existingReceipt: receipt } : {}),
      };
    }
    if (row.alarm !== null) {
      return { status: 'unknown', transferId: row.transferId, reason: 'receipt signature does not verify; waiting for an operator', alarm: row.alarm };
    }
    return { status: 'unknown', transferId: row.transferId, reason: 'journaled; outcome not yet known' };
  }

  private nextRid(): string {
    this.ridCounter += 1;
    return `q${this.ridCounter}`;
  }

  private unexpected(doc: XmlxDocument): QueryResult<never> {
    return { status: 'unavailable', reason: `host answered <${doc.kind}>` };
  }

  /** Read-only requests are safe to repeat: retried on anything short of a certain answer. */
  private async query(unsigned: SingleRequest): Promise<QueryResult<XmlxDocument>> {
    const request = this.signingKey ? { ...unsigned, auth: signatureAuth(unsigned, this.auth.userId, this.signingKey) } : unsigned;
    const body = serializeXmlx(request);
    let reason = 'not sent';
    let delay = this.retry.initialDelayMs;
    for (let attempt = 1; attempt <= this.retry.attempts; attempt += 1) {
      const exchange = await this.transport.post(body, this.timeoutMs);
      if (exchange.answered) {
        const doc = exchange.document;
        if (doc.kind !== 'ErrorResponse') return { status: 'ok', value: doc };
        if (!TRANSIENT.has(doc.errno)) return { status: 'error', errno: doc.errno, text: doc.text ?? errnoText(doc.errno) };
        reason = `host refused for now (errno ${doc.errno})`;
      } else {
        reason = exchange.reason;
      }
      if (attempt < this.retry.attempts) {
        await sleep(Math.min(this.retry.maxDelayMs, delay) * (0.5 + Math.random() / 2));
        delay *= 2;
      }
    }
    return { status: 'unavailable', reason };
  }
}
