// Receipt signatures: Ed25519 over the receipt's canonical form (below), a byte-exact rule over the
// receipt's field values rather than over any serialisation, so that a host whose serialiser quotes,
// escapes, orders or indents differently signs the same bytes this client verifies. Ed25519 is
// deterministic, so the host signs whenever it hands a receipt out (response or history) and the same
// receipt always carries the same signature; any field changed breaks it. Signing runs on the libuv
// thread pool.
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { memoText } from './codec.ts';
import type { Operation, Receipt } from './types.ts';

export const RECEIPT_SIGNATURE_TYPE = 'ed25519';

/** PKCS#8 DER header of an Ed25519 private key; the 32-byte seed follows. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** The version line every canonical receipt starts with; a change of the rule changes it. */
export const CANONICAL_RECEIPT_VERSION = 'XMLX-RECEIPT-C14N-1';

function operationFields(op: Operation): Array<[string, string | bigint | undefined]> {
  switch (op.kind) {
    case 'transfer': {
      const t = op.transfer;
      return [['Operation', 'Transfer'], ['Payee', t.payee], ['PayeeName', t.payeeName], ['Payer', t.payer], ['PayerName', t.payerName],
        ['CurrencyId', t.currencyId], ['Amount', t.amount], ['TransferId', t.transferId], ['Memo', memoOf(t.memo)], ['FeeHint', t.feeHint]];
    }
    case 'withdraw': {
      const w = op.withdraw;
      return [['Operation', 'Withdraw'], ['Payer', w.payer], ['PayerName', w.payerName], ['CurrencyId', w.currencyId], ['Amount', w.amount],
        ['ValueTokenType', w.valueToken.type], ['ValueToken', w.valueToken.data], ['Payee', w.payee], ['PayeeName', w.payeeName]];
    }
    case 'settle': {
      const x = op.settle;
      return [['Operation', 'Settle'], ['Payee', x.payee], ['PayeeName', x.payeeName], ['CurrencyId', x.currencyId], ['ValueTokenType', x.valueToken.type],
        ['ValueToken', x.valueToken.data], ['Amount', x.amount], ['TransferId', x.transferId], ['Memo', memoOf(x.memo)], ['FeeHint', x.feeHint]];
    }
  }
}

/** A Memo by its characters (entities and CDATA decoded, markup left out): how a serialiser escapes it does not count. */
function memoOf(memo: string | undefined): string | undefined {
  return memo === undefined ? undefined : (memoText(memo) ?? memo).trim();
}

/**
 * The bytes a receipt signature covers (documented in src/xmlx/README.md): the version line, then one
 * line per present field in this fixed order, `Name=<length>:<value>\n`, the length counted in UTF-8
 * bytes so that no value can forge a line. Numbers are decimal without leading zeros; text values are
 * the decoded characters (after XML parsing), trimmed as the codec trims them.
 */
export function canonicalReceipt(receipt: Receipt): string {
  const fields: Array<[string, string | bigint | undefined]> = [
    ['ReceiptId', receipt.receiptId], ['Time', receipt.time], ['UserId', receipt.userId], ['UserName', receipt.userName],
    ...operationFields(receipt.operation),
    ['PayeeAmount', receipt.payeeAmount], ['PayerAmount', receipt.payerAmount],
    ['ResultTokenType', receipt.valueToken?.type], ['ResultToken', receipt.valueToken?.data],
  ];
  let out = `${CANONICAL_RECEIPT_VERSION}\n`;
  for (const [name, value] of fields) {
    if (value === undefined) continue;
    const text = typeof value === 'bigint' ? value.toString() : value;
    out += `${name}=${Buffer.byteLength(text, 'utf8')}:${text}\n`;
  }
  return out;
}

export interface ReceiptSigner {
  /** The receipt with its Signature (computed off the main thread). */
  sign: (receipt: Receipt) => Promise<Receipt>;
  /** SPKI PEM of the public key, for clients to verify with. */
  publicKeyPem: string;
}

/** A signer from a 32-byte secret seed (kept in the host database). */
export function receiptSigner(seed: Buffer): ReceiptSigner {
  if (seed.length !== 32) throw new RangeError('an Ed25519 seed is 32 bytes');
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  return {
    publicKeyPem,
    sign: (receipt) => new Promise<Receipt>((resolve, reject) => {
      sign(null, Buffer.from(canonicalReceipt(receipt), 'utf8'), privateKey, (error, signature) => {
        if (error) reject(error);
        else resolve({ ...receipt, signature: { type: RECEIPT_SIGNATURE_TYPE, data: signature.toString('base64') } });
      });
    }),
  };
}

/** True when the receipt carries a valid Ed25519 signature by this key. */
export function verifyReceipt(receipt: Receipt, publicKey: string | KeyObject): boolean {
  const signature = receipt.signature;
  if (!signature || signature.type !== RECEIPT_SIGNATURE_TYPE) return false;
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  try {
    return verify(null, Buffer.from(canonicalReceipt(receipt), 'utf8'), key, Buffer.from(signature.data, 'base64'));
  } catch {
    return false;
  }
}
