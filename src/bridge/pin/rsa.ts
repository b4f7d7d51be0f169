// KeyManagement.GenerateRSAKeyPair, ExportRSADeviceSignedItem, ExportRSAIssuerSignedItem and
// GetCertificate, StartKeyExchange on WFS_CMD_PIN_GENERATE_RSA_KEY_PAIR, EXPORT_RSA_EPP_SIGNED_ITEM,
// EXPORT_RSA_ISSUER_SIGNED_ITEM, GET_CERTIFICATE, START_KEY_EXCHANGE (3.10+; a 3.00 pad answers
// WFS_ERR_UNSUPP_COMMAND).
// The tokens map one to one onto the 3.x constants; the exported public key crosses as the 3.x
// device gives it (a PKCS#1 RSAPublicKey, DER), as XFS4IoT asks.
import type { CommandResult } from '../../xfs4iot/backend.ts';
import type { PinCapabilities, PinStatus } from '../../legacy-xfs3/pin/types.ts';
import { toBase64 } from '../binary.ts';
import { compact, success, unsupportedData, type CommandCall } from '../translator.ts';

type PinCall = CommandCall<PinCapabilities, PinStatus>;

/** WFS_PIN_USERSAPRIVATE, WFS_PIN_USERSAPRIVATESIGN */
const RSA_USE = { rsaPrivate: 0x00040000, rsaPrivateSign: 0x10000000 } as const;
/** WFS_PIN_DEFAULT, EXPONENT_1 (2^1 + 1), EXPONENT_4 (2^4 + 1), EXPONENT_16 (2^16 + 1) */
const EXPONENT = { device: 0, exponent1: 1, exponent4: 2, exponent16: 3 } as const;
/** WFS_PIN_EXPORT_EPP_ID, WFS_PIN_EXPORT_PUBLIC_KEY */
const EXPORT_ITEM = { deviceId: 0x1, publicKey: 0x2 } as const;
/** WFS_PIN_SIGN_NA, RSASSA_PKCS1_V1_5, RSASSA_PSS */
const SIGNATURE = { na: 0, rsassaPkcs1V15: 0x1, rsassaPss: 0x2 } as const;

function token<T extends Record<string, number>>(table: T, value: unknown, fallback: keyof T): number {
  return table[(typeof value === 'string' && value in table ? value : fallback) as keyof T];
}

export async function generateRsaKeyPair(call: PinCall): Promise<CommandResult> {
  const p = call.payload ?? {};
  const done = await call.execute('WFS_CMD_PIN_GENERATE_RSA_KEY_PAIR', {
    key: String(p.key), use: token(RSA_USE, p.use, 'rsaPrivate'),
    modulusLength: typeof p.modulusLength === 'number' ? p.modulusLength : 0, exponentValue: token(EXPONENT, p.exponentValue, 'device'),
  });
  return done.ok ? success() : call.failure(done);
}

export async function exportRsaDeviceSignedItem(call: PinCall): Promise<CommandResult> {
  const p = call.payload ?? {};
  const done = await call.execute('WFS_CMD_PIN_EXPORT_RSA_EPP_SIGNED_ITEM', {
    exportItemType: token(EXPORT_ITEM, p.exportItemType, 'deviceId'),
    ...(typeof p.name === 'string' ? { name: p.name } : {}), ...(typeof p.sigKey === 'string' ? { sigKey: p.sigKey } : {}),
    signatureAlgorithm: token(SIGNATURE, p.signatureAlgorithm, 'na'),
  });
  if (!done.ok) return call.failure(done);
  const out = done.data as { value: Buffer | null; selfSignature: Buffer | null; signature: Buffer | null };
  const b64 = (b: Buffer | null): string | undefined => (b ? toBase64(b) : undefined);
  return success(compact({ value: b64(out.value), selfSignature: b64(out.selfSignature), signature: b64(out.signature) }));
}

const SIGNATURE_TOKEN: Record<number, string> = { 0: 'na', 1: 'rsassaPkcs1V15', 2: 'rsassaPss' };

export async function exportRsaIssuerSignedItem(call: PinCall): Promise<CommandResult> {
  const p = call.payload ?? {};
  const done = await call.execute('WFS_CMD_PIN_EXPORT_RSA_ISSUER_SIGNED_ITEM', {
    exportItemType: token(EXPORT_ITEM, p.exportItemType, 'deviceId'), ...(typeof p.name === 'string' ? { name: p.name } : {}),
  });
  if (!done.ok) return call.failure(done);
  const out = done.data as { value: Buffer | null; signatureAlgorithm: number; signature: Buffer | null };
  return success(compact({
    value: out.value ? toBase64(out.value) : undefined, rsaSignatureAlgorithm: SIGNATURE_TOKEN[out.signatureAlgorithm],
    signature: out.signature ? toBase64(out.signature) : undefined,
  }));
}

/** WFS_PIN_PUBLICENCKEY, WFS_PIN_PUBLICVERIFICATIONKEY; 3.x has no host key certificate to give */
const CERTIFICATE = { enckey: 1, verificationkey: 2 } as const;

export async function getCertificate(call: PinCall): Promise<CommandResult> {
  const which = String(call.payload?.getCertificate);
  if (!(which in CERTIFICATE)) return unsupportedData(`GetCertificate: XFS 3.x PIN services give the EPP's enckey and verificationkey certificates only, not ${which}`);
  const done = await call.execute('WFS_CMD_PIN_GET_CERTIFICATE', { certificate: CERTIFICATE[which as keyof typeof CERTIFICATE] });
  if (!done.ok) return call.failure(done);
  const certificate = done.data as Buffer | null;
  return success(certificate ? { certificate: toBase64(certificate) } : undefined);
}

export async function startKeyExchange(call: PinCall): Promise<CommandResult> {
  const done = await call.execute('WFS_CMD_PIN_START_KEY_EXCHANGE', undefined);
  if (!done.ok) return call.failure(done);
  const randomItem = done.data as Buffer | null;
  return success(randomItem ? { randomItem: toBase64(randomItem) } : undefined);
}
