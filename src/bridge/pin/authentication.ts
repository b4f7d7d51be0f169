// Crypto.GenerateAuthentication and Crypto.VerifyAuthentication as MACs on WFS_CMD_PIN_CRYPT (triple
// DES MAC, the X9.19 retail MAC, where the pad offers it, else the DES MAC of X9.9), and
// Crypto.Digest on WFS_CMD_PIN_DIGEST. XFS 3.x has no MAC verification: the gateway generates the
// MAC with the same key and compares in constant time. RSA signatures (cryptoMethod) are not
// bridged: the 3.x class signs only inside its key exchange commands.
import { timingSafeEqual } from 'node:crypto';
import type { CommandResult } from '../../xfs4iot/backend.ts';
import type { PinCapabilities, PinStatus } from '../../legacy-xfs3/pin/types.ts';
import { PIN_ALGORITHM } from '../../legacy-xfs3/pin/codec.ts';
import { fromBase64, toBase64 } from '../binary.ts';
import { commandError, invalidData, success, unsupportedData, type CommandCall } from '../translator.ts';

type PinCall = CommandCall<PinCapabilities, PinStatus>;
const MODE_ENCRYPT = 1;
const HASH = { sha1: 0x1, sha256: 0x2 } as const;

/** The MAC of the payload's data, or the completion that says why there is none. */
async function mac(call: PinCall, what: string): Promise<{ mac?: Buffer; failure?: CommandResult }> {
  const p = call.payload ?? {};
  if (p.cryptoMethod !== undefined && p.cryptoMethod !== null) {
    return { failure: commandError('cryptoMethodNotSupported', `${what}: RSA signatures (${String(p.cryptoMethod)}) are not offered through XFS 3.x WFS_CMD_PIN_CRYPT; only MACs are`) };
  }
  if (p.storedKey !== undefined) return { failure: unsupportedData(`${what}: an IV held in the PIN pad (storedKey) has no XFS 3.x counterpart in this bridge`) };
  if (p.compression === '@') return { failure: unsupportedData(`${what}: compression is not bridged`) };
  const iv = (p.iv ?? undefined) as { key?: unknown; value?: unknown } | undefined;
  if (iv?.key !== undefined && iv.key !== null) return { failure: unsupportedData(`${what}: an encrypted IV (iv.key) is not bridged`) };
  const algorithm = (call.device.capabilities.algorithms & PIN_ALGORITHM.TRIDESMAC) !== 0 ? PIN_ALGORITHM.TRIDESMAC
    : (call.device.capabilities.algorithms & PIN_ALGORITHM.DESMAC) !== 0 ? PIN_ALGORITHM.DESMAC : undefined;
  if (algorithm === undefined) return { failure: commandError('algorithmNotSupported', `${what}: this PIN pad offers no MAC algorithm (WFSPINCAPS.fwAlgorithms)`) };
  const data = fromBase64(String(p.data));
  if (!data || data.length === 0) return { failure: invalidData(`${what}: data is not base64 or empty`) };
  const startValue = typeof iv?.value === 'string' ? fromBase64(iv.value) : undefined;
  if (iv?.value !== undefined && iv.value !== null && (!startValue || startValue.length !== 8)) return { failure: invalidData(`${what}: iv.value must be 8 bytes (a DES block) in base64`) };
  const done = await call.execute('WFS_CMD_PIN_CRYPT', {
    mode: MODE_ENCRYPT, key: String(p.key), algorithm, startValue, padding: typeof p.padding === 'number' ? p.padding : 0, data,
  });
  return done.ok ? { mac: done.data as Buffer } : { failure: call.failure(done) };
}

export async function generateAuthentication(call: PinCall): Promise<CommandResult> {
  const { mac: value, failure } = await mac(call, 'GenerateAuthentication');
  if (failure || !value) return failure ?? { completionCode: 'internalError' };
  const length = call.payload?.authenticationDatalength;
  return success({ authenticationData: toBase64(typeof length === 'number' ? value.subarray(0, length) : value) });
}

export async function verifyAuthentication(call: PinCall): Promise<CommandResult> {
  const expected = fromBase64(String(call.payload?.verifyData));
  if (!expected || expected.length < 4 || expected.length > 8) return invalidData('VerifyAuthentication: verifyData must be a MAC of 4 to 8 bytes in base64');
  const { mac: value, failure } = await mac(call, 'VerifyAuthentication');
  if (failure || !value) return failure ?? { completionCode: 'internalError' };
  // A MAC may be sent truncated to its leftmost bytes (X9.19 allows 4).
  return timingSafeEqual(value.subarray(0, expected.length), expected)
    ? success()
    : commandError('macInvalid', 'VerifyAuthentication: the MAC does not match the data');
}

export async function digest(call: PinCall): Promise<CommandResult> {
  const p = call.payload ?? {};
  const hashAlgorithm = HASH[String(p.hashAlgorithm) as keyof typeof HASH];
  const data = fromBase64(String(p.data));
  if (data === undefined || data === null) return invalidData('Digest: data is not base64');
  const done = await call.execute('WFS_CMD_PIN_DIGEST', { hashAlgorithm, data });
  return done.ok ? success({ digest: toBase64(done.data as Buffer) }) : call.failure(done);
}
