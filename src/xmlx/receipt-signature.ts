// Receipt signatures: Ed25519 over the receipt's canonical form, i.e. the compact serialisation
// this codec produces for the Receipt without its <Signature>. Ed25519 is deterministic, so the
// host signs whenever it hands a receipt out (response or history) and the same receipt always
// carries the same signature; any field changed breaks it. Signing runs on the libuv thread pool.
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { serializeFragment } from './codec.ts';
import type { Receipt } from './types.ts';

export const RECEIPT_SIGNATURE_TYPE = 'ed25519';

/** PKCS#8 DER header of an Ed25519 private key; the 32-byte seed follows. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export function canonicalReceipt(receipt: Receipt): string {
  const unsigned: Receipt = { ...receipt };
  delete unsigned.signature;
  return serializeFragment('Receipt', unsigned);
}

export interface ReceiptSigner {
  /** The receipt with its Signature (computed off the main thread). */
  sign(receipt: Receipt): Promise<Receipt>;
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
