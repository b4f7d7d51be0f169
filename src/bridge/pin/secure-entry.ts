// Keyboard.SecureKeyEntry on WFS_CMD_PIN_SECUREKEY_ENTRY (3.10+): a key part typed on the pad as hex
// digits stays in the EPP (KeyManagement.ImportKey with constructing and no value takes it); only the
// number of digits, the completion and the part's key check value come back. The digits' KeyEvents
// carry no digit, as during PIN entry.
import type { CommandResult } from '../../xfs4iot/backend.ts';
import type { PinCapabilities, PinStatus } from '../../legacy-xfs3/pin/types.ts';
import { fromBase64, toBase64 } from '../binary.ts';
import { commandError, invalidData, success, unsupportedData, type CommandCall } from '../translator.ts';
import { keyMasks, pinEntryRunning } from './keyboard.ts';

type PinCall = CommandCall<PinCapabilities, PinStatus>;

const KEY_LENGTHS: Record<string, number> = { number16: 16, number32: 32, number48: 48, number64: 64 };
/** WFS_PIN_KCVSELF / WFS_PIN_KCVZERO */
const VERIFICATION: Record<string, number> = { self: 1, zero: 2 };

export async function secureKeyEntry(call: PinCall): Promise<CommandResult> {
  const p = call.payload ?? {};
  const keyLen = KEY_LENGTHS[String(p.keyLen)];
  // 3.x takes a single, double or triple length DES key: 64 digits (AES-256) has no counterpart.
  if (keyLen === undefined || keyLen > 48) return commandError('invalidKeyLength', `SecureKeyEntry: keyLen ${String(p.keyLen)} (XFS 3.x enters 16, 32 or 48 digits)`);
  // The 3.x EPP builds DES key parts (one DES key for 16 digits, triple DES for 32 and 48): the
  // method, when given, must be that one.
  const method = p.cryptoMethod;
  if (method !== undefined && method !== (keyLen === 16 ? 'des' : 'tripleDes')) {
    return unsupportedData(`SecureKeyEntry: cryptoMethod ${String(method)} with ${keyLen} digits (XFS 3.x key parts are DES, triple DES from 32 digits)`);
  }
  // Optional in both releases; the KCV of zeros is the one key custodians compare.
  const verificationType = VERIFICATION[String(p.verificationType ?? 'zero')];
  const masks = keyMasks(call, 'SecureKeyEntry', 'noActiveKeys');
  if (!('active' in masks)) return masks;
  pinEntryRunning.add(call.device);
  let done;
  try {
    done = await call.execute('WFS_CMD_PIN_SECUREKEY_ENTRY', {
      keyLen, autoEnd: p.autoEnd === true, activeKeys: masks.active, terminateKeys: masks.terminate,
      activeFdks: masks.activeFdks, terminateFdks: masks.terminateFdks, verificationType,
    });
  } finally {
    pinEntryRunning.delete(call.device);
  }
  if (!done.ok) return call.failure(done);
  const out = done.data as { digits: number; completion: number; kcv: Buffer | null };
  return success({
    digits: out.digits, completion: call.enums.value('wCompletion', out.completion) ?? 'continue',
    ...(out.kcv ? { kcv: toBase64(out.kcv) } : {}),
  });
}

/** WFS_PIN_USESECURECONSTRUCT: the part in the EPP's secure key buffer joins the key under construction. */
const USE_SECURE_CONSTRUCT = 0x0200;

/**
 * KeyManagement.ImportKey without a value: with constructing, the part just entered with
 * SecureKeyEntry is XORed into the key (IMPORT_KEY, fwUse with WFS_PIN_USESECURECONSTRUCT, no
 * value); without it the parts entered so far become the key (fwUse alone, no value), whose check
 * value verificationData is compared with.
 */
export async function importKeyParts(call: PinCall, key: string, use: number): Promise<CommandResult> {
  const p = call.payload ?? {};
  if (p.decryptKey !== undefined) return unsupportedData('ImportKey: a key part entered on the pad is never encrypted (decryptKey needs a value)');
  const constructing = p.constructing === true;
  const done = await call.execute('WFS_CMD_PIN_IMPORT_KEY', { key, use: constructing ? use | USE_SECURE_CONSTRUCT : use });
  if (!done.ok) return call.failure(done);
  if (constructing) return success();
  const kcv = done.data as Buffer | null;
  // Compared after the activation, as for a key with a value.
  const refused = await keptIfVerified(call, key, kcv);
  if (refused) return refused;
  return success(kcv ? { verificationData: toBase64(kcv) } : undefined);
}

/**
 * 3.x loads a key first and reports its check value after: verificationData, when given, is compared
 * then, and a mismatch removes the key just loaded (the refusal is returned; undefined: kept).
 */
export async function keptIfVerified(call: PinCall, key: string, kcv: Buffer | null): Promise<CommandResult | undefined> {
  const given = call.payload?.verificationData;
  if (typeof given !== 'string') return undefined;
  const expected = fromBase64(given);
  if (kcv && expected && expected.length >= kcv.length && kcv.equals(expected.subarray(0, kcv.length))) return undefined;
  await call.execute('WFS_CMD_PIN_IMPORT_KEY', { key, use: 0 });
  return invalidData('ImportKey: the key check value does not match; the key was not kept');
}
