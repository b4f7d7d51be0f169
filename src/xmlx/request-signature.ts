// Signature authentication: <Auth><UserId>u</UserId><Signature type="ed25519">base64</Signature>
// signs the request's canonical form, i.e. this codec's compact serialisation of the request with
// the Auth reduced to its UserId. Ed25519 is deterministic, so a retried request keeps its bytes.
// A captured request can be replayed, so the host only accepts signed TransferRequests that carry
// a TransferId: a replay is then answered "already".
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { serializeXmlx } from './codec.ts';
import type { Auth, SingleRequest } from './types.ts';

export const REQUEST_SIGNATURE_TYPE = 'ed25519';

export function canonicalRequest(request: SingleRequest): string {
  return serializeXmlx({ ...request, auth: { userId: request.auth.userId, method: { kind: 'none' } } });
}

/** The Ed25519 Signature element content for a canonical request string. */
export function signCanonical(canonical: string, privateKey: KeyObject): { type: string; data: string } {
  return { type: REQUEST_SIGNATURE_TYPE, data: sign(null, Buffer.from(canonical, 'utf8'), privateKey).toString('base64') };
}

/** The Auth that signs `request` (whose own auth is ignored) as `userId` with an Ed25519 private key. */
export function signatureAuth(request: SingleRequest, userId: string, privateKey: KeyObject): Auth {
  const canonical = canonicalRequest({ ...request, auth: { userId, method: { kind: 'none' } } });
  return { userId, method: { kind: 'signature', signature: signCanonical(canonical, privateKey) } };
}

/** Verifies a request's Signature auth against the user's public key (on the libuv thread pool). */
export function verifyRequestSignature(request: SingleRequest, publicKeyPem: string): Promise<boolean> {
  const method = request.auth.method;
  if (method.kind !== 'signature' || method.signature.type !== REQUEST_SIGNATURE_TYPE) return Promise.resolve(false);
  let key: KeyObject;
  try {
    key = createPublicKey(publicKeyPem);
  } catch {
    return Promise.resolve(false);
  }
  const signature = Buffer.from(method.signature.data, 'base64');
  return new Promise((resolve) => {
    verify(null, Buffer.from(canonicalRequest(request), 'utf8'), key, signature, (error, ok) => resolve(!error && ok));
  });
}

export function privateKeyOf(pem: string): KeyObject {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new TypeError('signature authentication needs an Ed25519 private key');
  return key;
}
