// Semantic handling of XML-X requests at the reference host: authentication, authorisation,
// business checks, then one atomic store call. Validation already happened in the codec.
import { loginKeys, type LoginGuard } from './login-guard.ts';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { parseXmlx } from './codec.ts';
import { PasswordCheckCache, verifyToken } from './credentials.ts';
import { REQUEST_SIGNATURE_TYPE, verifyRequestSignature } from './request-signature.ts';
import { Errno, XmlxError, errnoText } from './errors.ts';
import type { FeePolicy, TokenScheme } from './host-api.ts';
import { FEE_ACCOUNT, TOKEN_FLOAT_ACCOUNT } from './entry-row.ts';
import type { LedgerStore, NewEntry, Posting } from './store.ts';
import { nowTicks } from './time.ts';
import type {
  BalanceRequest, ErrorResponse, HistoryRequest, Receipt, Settle, SingleRequest, SingleResponse, Transfer, TransferRequest,
  Withdraw, XmlxResponse,
} from './types.ts';
import type { CodecLimits } from './codec.ts';

/** Largest amount a ledger posting may carry (SQLite integers are signed 64-bit; leave headroom for sums). */
export const MAX_AMOUNT = 2n ** 62n;

export interface HandlerDeps {
  store: LedgerStore;
  fees: FeePolicy;
  tokenSchemes: Map<string, TokenScheme>;
  passwords: PasswordCheckCache;
  /** Back-off and lock-out of failed logins, per user and per address. */
  guard: LoginGuard;
  maxHistoryReceipts: number;
  /** Adds the host's signature to a receipt it hands out (identity when signing is off). */
  sign: (receipt: Receipt) => Promise<Receipt>;
  limits: CodecLimits;
  logger: Logger;
}

export const noFees: FeePolicy = (t) => ({ payerAmount: t.amount, payeeAmount: t.amount });

function fail(errno: number, text?: string, additional?: string): never {
  throw new XmlxError(errno, text, additional);
}

async function authenticate(deps: HandlerDeps, req: SingleRequest, remote: string): Promise<string> {
  const auth = req.auth;
  if (auth.method.kind === 'none') fail(Errno.NOT_AUTHENTICATED, 'this request needs a Password, Token or Signature');
  const keys = loginKeys(deps.guard.policy, auth.userId, remote);
  const wait = deps.guard.lockedFor(keys.map((k) => k.key));
  if (wait > 0) fail(Errno.LATER, `too many failed logins; try again in ${Math.ceil(wait / 1000)} s`);
  try {
    const userId = await checkCredentials(deps, req);
    deps.guard.success(keys[0].key);
    return userId;
  } catch (error) {
    if (error instanceof XmlxError && LOGIN_FAILURES.has(error.errno)) {
      for (const lock of deps.guard.failure(keys)) {
        deps.logger.warn({ key: lock.key, failures: lock.failures, lockMs: lock.lockMs }, 'xmlx login locked after repeated failures');
      }
    }
    throw error;
  }
}

/** Failures that count toward a lock: guessing users and secrets, not malformed requests. */
const LOGIN_FAILURES = new Set<number>([Errno.UNKNOWN_USER, Errno.NOT_AUTHENTICATED]);

async function checkCredentials(deps: HandlerDeps, req: SingleRequest): Promise<string> {
  const auth = req.auth;
  if (auth.method.kind === 'signature' && auth.method.signature.type !== REQUEST_SIGNATURE_TYPE) {
    fail(Errno.NOT_SUPPORTED, `signature type '${auth.method.signature.type ?? ''}' is not supported (use ${REQUEST_SIGNATURE_TYPE})`);
  }
  const user = await deps.store.findUser(auth.userId);
  if (!user) fail(Errno.UNKNOWN_USER);
  if (user.frozen) fail(Errno.USER_FROZEN);
  let ok: boolean;
  switch (auth.method.kind) {
    case 'password':
      ok = user.passwordHash !== null && await deps.passwords.check(user.userId, auth.method.password, user.passwordHash);
      break;
    case 'token':
      ok = user.tokenHash !== null && verifyToken(auth.method.token, user.tokenHash);
      break;
    case 'signature':
      ok = user.publicKey !== null && await verifyRequestSignature(req, user.publicKey);
      break;
    case 'none':
      ok = false;
      break;
  }
  if (!ok) fail(Errno.NOT_AUTHENTICATED, 'wrong password, token or signature');
  if (auth.method.kind === 'signature' && req.kind === 'TransferRequest' && transferIdOf(req) === undefined) {
    fail(Errno.MISSING, 'a signed TransferRequest must carry a TransferId, so that a replay is answered already');
  }
  return user.userId;
}

function transferIdOf(req: TransferRequest): string | undefined {
  const op = req.operation;
  return op.kind === 'transfer' ? op.transfer.transferId : op.kind === 'withdraw' ? op.withdraw.transferId : op.settle.transferId;
}

async function requireAccountUse(deps: HandlerDeps, userId: string, accountId: string): Promise<void> {
  if (accountId.startsWith('@') || !await deps.store.mayUse(userId, accountId)) {
    fail(Errno.NOT_AUTHORISED, `user may not use account '${accountId}'`);
  }
}

async function requireCurrency(deps: HandlerDeps, currencyId: string): Promise<void> {
  if (!await deps.store.currencyExists(currencyId)) fail(Errno.NO_SUCH_CURRENCY, `no such currency '${currencyId}'`);
}

function checkAmount(amount: bigint): void {
  if (amount > MAX_AMOUNT) fail(Errno.LIMIT, `amount above ${MAX_AMOUNT}`);
}

function feesFor(deps: HandlerDeps, transfer: Transfer): { payerAmount: bigint; payeeAmount: bigint } {
  const fee = deps.fees(transfer);
  if (fee.payeeAmount < 0n || fee.payerAmount < fee.payeeAmount || fee.payerAmount > MAX_AMOUNT) {
    fail(Errno.CONFIG, 'fee policy produced inconsistent amounts');
  }
  return fee;
}

function feePostings(payer: string, currencyId: string, payerAmount: bigint, payeeAmount: bigint): Posting[] {
  return [
    { accountId: payer, currencyId, delta: -payerAmount, enforceFloor: true },
    ...(payerAmount !== payeeAmount ? [{ accountId: FEE_ACCOUNT, currencyId, delta: payerAmount - payeeAmount, enforceFloor: false }] : []),
  ];
}

async function transferEntry(deps: HandlerDeps, userId: string, t: Transfer): Promise<NewEntry> {
  checkAmount(t.amount);
  await requireAccountUse(deps, userId, t.payer);
  if (t.payee === t.payer) fail(Errno.CONTENT, 'payer and payee are the same account');
  await requireCurrency(deps, t.currencyId);
  if (t.payee.startsWith('@') || !await deps.store.accountExists(t.payee)) fail(Errno.NO_SUCH_ACCOUNT, `no such payee account '${t.payee}'`);
  const { payerAmount, payeeAmount } = feesFor(deps, t);
  return {
    operation: { kind: 'transfer', transfer: t }, userId, idemAccount: t.payer, transferId: t.transferId ?? null,
    payer: t.payer, payee: t.payee, currencyId: t.currencyId, amount: t.amount, payerAmount, payeeAmount,
    postings: [...feePostings(t.payer, t.currencyId, payerAmount, payeeAmount),
      { accountId: t.payee, currencyId: t.currencyId, delta: payeeAmount, enforceFloor: false }],
  };
}

function schemeFor(deps: HandlerDeps, type: string): TokenScheme {
  const scheme = deps.tokenSchemes.get(type);
  if (!scheme) fail(Errno.NOT_SUPPORTED, `token type '${type}' is not supported (supported: ${[...deps.tokenSchemes.keys()].join(', ')})`);
  return scheme;
}

async function withdrawEntry(deps: HandlerDeps, userId: string, w: Withdraw): Promise<NewEntry> {
  checkAmount(w.amount);
  const scheme = schemeFor(deps, w.valueToken.type);
  await requireAccountUse(deps, userId, w.payer);
  await requireCurrency(deps, w.currencyId);
  const asTransfer: Transfer = { payer: w.payer, payee: TOKEN_FLOAT_ACCOUNT, currencyId: w.currencyId, amount: w.amount, ...(w.feeHint !== undefined ? { feeHint: w.feeHint } : {}) };
  const { payerAmount, payeeAmount } = feesFor(deps, asTransfer);
  const tokenId = randomUUID();
  const data = scheme.mint({ tokenId, currencyId: w.currencyId, amount: payeeAmount });
  return {
    operation: { kind: 'withdraw', withdraw: w }, userId, idemAccount: w.payer, transferId: w.transferId ?? null,
    payer: w.payer, payee: TOKEN_FLOAT_ACCOUNT, currencyId: w.currencyId, amount: w.amount, payerAmount, payeeAmount,
    postings: [...feePostings(w.payer, w.currencyId, payerAmount, payeeAmount),
      { accountId: TOKEN_FLOAT_ACCOUNT, currencyId: w.currencyId, delta: payeeAmount, enforceFloor: false }],
    issuedToken: { tokenId, token: { type: scheme.type, data } },
  };
}

async function settleEntry(deps: HandlerDeps, userId: string, s: Settle): Promise<NewEntry> {
  const value = schemeFor(deps, s.valueToken.type).verify(s.valueToken.data);
  if (!value) fail(Errno.BAD_TOKEN, 'token does not verify');
  if (s.currencyId !== undefined && s.currencyId !== value.currencyId) fail(Errno.BAD_TOKEN, 'CurrencyId does not match the token');
  if (s.amount !== undefined && s.amount !== value.amount) fail(Errno.BAD_TOKEN, 'Amount does not match the token');
  await requireAccountUse(deps, userId, s.payee);
  return {
    operation: { kind: 'settle', settle: s }, userId, idemAccount: s.payee, transferId: s.transferId ?? null,
    payer: TOKEN_FLOAT_ACCOUNT, payee: s.payee, currencyId: value.currencyId, amount: value.amount,
    payerAmount: value.amount, payeeAmount: value.amount,
    postings: [{ accountId: TOKEN_FLOAT_ACCOUNT, currencyId: value.currencyId, delta: -value.amount, enforceFloor: false },
      { accountId: s.payee, currencyId: value.currencyId, delta: value.amount, enforceFloor: false }],
    settledTokenId: value.tokenId,
  };
}

async function handleTransfer(deps: HandlerDeps, userId: string, req: TransferRequest): Promise<SingleResponse> {
  const op = req.operation;
  const entry = op.kind === 'transfer' ? await transferEntry(deps, userId, op.transfer)
    : op.kind === 'withdraw' ? await withdrawEntry(deps, userId, op.withdraw) : await settleEntry(deps, userId, op.settle);
  const result = await deps.store.execute(entry, nowTicks());
  switch (result.status) {
    case 'executed':
      return { kind: 'TransferResponse', ...(req.rid !== undefined ? { rid: req.rid } : {}), receipt: await deps.sign(result.receipt) };
    case 'already':
      return fail(Errno.ALREADY, `TransferId '${entry.transferId}' was already used by account '${entry.idemAccount}'`,
        `original ReceiptId ${result.receiptId}`);
    case 'refused':
      return fail(result.errno, result.text);
  }
}

async function handleBalance(deps: HandlerDeps, userId: string, req: BalanceRequest): Promise<SingleResponse> {
  await requireAccountUse(deps, userId, req.accountId);
  if (req.currencyId !== undefined) await requireCurrency(deps, req.currencyId);
  const time = nowTicks();
  let balances = await deps.store.balances(req.accountId, req.currencyId, time);
  if (req.currencyId !== undefined && balances.length === 0) {
    balances = [{ accountId: req.accountId, currencyId: req.currencyId, total: 0n, time }];
  }
  return { kind: 'BalanceResponse', ...(req.rid !== undefined ? { rid: req.rid } : {}), balances };
}

async function handleHistory(deps: HandlerDeps, userId: string, req: HistoryRequest): Promise<SingleResponse> {
  await requireAccountUse(deps, userId, req.accountId);
  const when = nowTicks();
  const receipts = await deps.store.history({
    accountId: req.accountId, currencyId: req.currencyId, search: req.search, sort: req.sort, limit: deps.maxHistoryReceipts,
  });
  if (receipts === 'too-many') fail(Errno.LIMIT, `more than ${deps.maxHistoryReceipts} receipts match; narrow the search`);
  return {
    kind: 'HistoryResponse', ...(req.rid !== undefined ? { rid: req.rid } : {}), when: when.toString(),
    receipts: await Promise.all(receipts.map(deps.sign)),
  };
}

function errorResponse(error: XmlxError, rid: string | undefined): ErrorResponse {
  return {
    kind: 'ErrorResponse', errno: error.errno, text: error.message || errnoText(error.errno),
    ...(rid !== undefined ? { rid } : {}), ...(error.additional !== undefined ? { additional: error.additional } : {}),
  };
}

async function handleSingle(deps: HandlerDeps, req: SingleRequest, remote: string): Promise<SingleResponse> {
  try {
    const userId = await authenticate(deps, req, remote);
    switch (req.kind) {
      case 'TransferRequest': return await handleTransfer(deps, userId, req);
      case 'BalanceRequest': return await handleBalance(deps, userId, req);
      case 'HistoryRequest': return await handleHistory(deps, userId, req);
    }
  } catch (error) {
    if (error instanceof XmlxError) return errorResponse(error, req.rid);
    throw error;
  }
}

/** One request document in, one response document out. Unexpected failures throw (HTTP 500). */
export async function handleDocument(deps: HandlerDeps, body: Uint8Array, remote = 'local'): Promise<XmlxResponse> {
  const parsed = parseXmlx(body, deps.limits);
  if (!parsed.ok) return parsed.error;
  const doc = parsed.value;
  const rid = doc.rid;
  switch (doc.kind) {
    case 'TransferRequest':
    case 'BalanceRequest':
    case 'HistoryRequest':
      return handleSingle(deps, doc, remote);
    case 'CompositeRequest': {
      const responses: SingleResponse[] = [];
      // In order, one after another: a batch is a sequence, and later items may depend on earlier ones.
      for (const request of doc.requests) responses.push(await handleSingle(deps, request, remote));
      return { kind: 'CompositeResponse', ...(rid !== undefined ? { rid } : {}), responses };
    }
    default:
      return errorResponse(new XmlxError(Errno.UNKNOWN_XMLX, `<${doc.kind}> is a response, not a request`), rid);
  }
}
