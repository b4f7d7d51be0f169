// KeyManagement.ImportKey, GetKeyDetail and Initialization on WFS_CMD_PIN_IMPORT_KEY,
// WFS_INF_PIN_KEY_DETAIL and WFS_CMD_PIN_INITIALIZATION. A 3.x key has a name and use bits (fwUse),
// no X9.143 attributes: the keyUse table of pin.json translates in both directions.
import type { CommandResult, JsonObject } from '../../xfs4iot/backend.ts';
import type { PinCapabilities, PinKeyDetail, PinStatus } from '../../legacy-xfs3/pin/types.ts';
import type { EnumTables } from '../enums.ts';
import { fromBase64, toBase64 } from '../binary.ts';
import { commandError, invalidData, success, unsupportedData, type CommandCall } from '../translator.ts';
import { importKeyParts, keptIfVerified } from './secure-entry.ts';

type PinCall = CommandCall<PinCapabilities, PinStatus>;

const WFS_PIN_USECONSTRUCT = 0x0100;

const USAGE_ORDER = ['P0', 'K0', 'D0', 'M0'];
const MODE_OF_USE: Record<string, string> = { P0: 'E', K0: 'B', D0: 'B', M0: 'C' };

function keyUsageOf(enums: EnumTables, use: number): string | undefined {
  return USAGE_ORDER.find((usage) => {
    const bit = enums.flagBit('keyUse', usage);
    return bit !== undefined && (use & bit) !== 0;
  });
}

/**
 * keyBlockInfo from the X9.143 (TR-31) key block header a 3.20+ device reports: usage at 5-6,
 * algorithm 7, mode of use 8, key version number 9-10, exportability 11. The key length is in the
 * key block, not in its header, so it stays 0 as for keys without a header.
 */
function fromKeyBlockHeader(header: string): JsonObject | undefined {
  const m = /^[0-9A-Z]\d{4}([0-9A-Z]{2})([0-9A-Z])([0-9A-Z])([0-9A-Z]{2})([0-9A-Z])/.exec(header);
  if (!m) return undefined;
  return { keyUsage: m[1], algorithm: m[2], modeOfUse: m[3], keyVersionNumber: m[4], exportability: m[5], keyLength: 0 };
}

function keyDetail(enums: EnumTables, key: PinKeyDetail): JsonObject {
  const fromHeader = key.keyBlockHeader ? fromKeyBlockHeader(key.keyBlockHeader) : undefined;
  if (fromHeader) return { loaded: key.loaded ? 'yes' : 'no', keyBlockInfo: fromHeader };
  const usage = keyUsageOf(enums, key.use);
  return {
    loaded: key.loaded ? 'yes' : 'no',
    ...(usage ? { keyBlockInfo: { keyUsage: usage, algorithm: 'T', modeOfUse: MODE_OF_USE[usage], keyVersionNumber: '00', exportability: 'N', keyLength: 0 } } : {}),
  };
}

export async function getKeyDetail(call: PinCall): Promise<CommandResult> {
  const name = typeof call.payload?.keyName === 'string' ? call.payload.keyName : undefined;
  const done = await call.getInfo('WFS_INF_PIN_KEY_DETAIL', name);
  if (!done.ok) return call.failure(done);
  const keyDetails: JsonObject = {};
  for (const key of done.data as PinKeyDetail[]) keyDetails[key.keyName] = keyDetail(call.enums, key);
  return success({ keyDetails });
}

export async function importKey(call: PinCall): Promise<CommandResult> {
  const p = call.payload ?? {};
  const attributes = (p.keyAttributes ?? {}) as JsonObject;
  const usage = typeof attributes.keyUsage === 'string' ? attributes.keyUsage : 'D0';
  const use = call.enums.flagBit('keyUse', usage === 'M1' || usage === 'M3' ? 'M0' : usage);
  if (use === undefined) return unsupportedData(`ImportKey: key usage ${usage} has no XFS 3.x PIN counterpart (P0, K0, D0, M0)`);
  if (attributes.algorithm !== undefined && attributes.algorithm !== 'T' && attributes.algorithm !== 'D') {
    return commandError('algorithmNotSupported', `ImportKey: algorithm ${String(attributes.algorithm)} (XFS 3.x PIN keys are DES or triple DES)`);
  }
  if (p.verifyKey !== undefined) return unsupportedData('ImportKey: signature verification (verifyKey) has no counterpart in WFS_CMD_PIN_IMPORT_KEY');
  if (p.decryptMethod !== undefined && p.decryptMethod !== 'ecb') return commandError('cryptoMethodNotSupported', `ImportKey: keys are decrypted in ECB, not ${String(p.decryptMethod)}`);
  const key = String(p.key);
  if (typeof p.value !== 'string') return importKeyParts(call, key, use);
  const value = fromBase64(p.value);
  if (!value) return invalidData('ImportKey: value is not base64');
  // A key part (constructing): WFS_PIN_USECONSTRUCT XORs it into the key being built under this name;
  // the answer is the part's own check value. An ImportKey without value and without constructing
  // then makes the parts the key.
  const constructing = p.constructing === true;
  const done = await call.execute('WFS_CMD_PIN_IMPORT_KEY', {
    key, encKey: typeof p.decryptKey === 'string' ? p.decryptKey : undefined, value, use: constructing ? use | WFS_PIN_USECONSTRUCT : use,
  });
  if (!done.ok) return call.failure(done);
  const kcv = done.data as Buffer | null;
  if (constructing) return success({ keyLength: value.length * 8, ...(kcv ? { verificationData: toBase64(kcv) } : {}) });
  const refused = await keptIfVerified(call, key, kcv);
  if (refused) return refused;
  return success({ keyLength: value.length * 8, ...(kcv ? { verificationData: toBase64(kcv) } : {}) });
}

/** One key, or (key absent) every key: 3.x deletes with WFS_CMD_PIN_IMPORT_KEY, fwUse 0 and no value. */
export async function deleteKey(call: PinCall): Promise<CommandResult> {
  if (call.payload?.authentication !== undefined) return unsupportedData('DeleteKey: authenticated deletion has no counterpart in WFS_CMD_PIN_IMPORT_KEY');
  let names: string[];
  if (typeof call.payload?.key === 'string') names = [call.payload.key];
  else {
    const all = await call.getInfo('WFS_INF_PIN_KEY_DETAIL', undefined);
    if (!all.ok) return call.failure(all);
    names = (all.data as PinKeyDetail[]).map((key) => key.keyName);
  }
  for (const key of names) {
    const done = await call.execute('WFS_CMD_PIN_IMPORT_KEY', { key, use: 0 });
    if (!done.ok) return call.failure(done);
  }
  return success();
}

export async function initialization(call: PinCall): Promise<CommandResult> {
  if (call.payload?.authentication !== undefined) {
    return unsupportedData('Initialization: authenticated initialization has no counterpart in WFS_CMD_PIN_INITIALIZATION (its ident/key are device specific)');
  }
  const done = await call.execute('WFS_CMD_PIN_INITIALIZATION', undefined);
  return done.ok ? success() : call.failure(done);
}

const CHIP_ZKA = 0x0001;

/**
 * KeyManagement.DeriveKey on WFS_CMD_PIN_DERIVE_KEY: a key derived from the key generating key and the
 * input data (the ZKA chip card method, the one algorithm both releases and 3.x name). The IV's key
 * may come as iv.key or, as the 2023-2 definitions also spell it, storedKey.
 */
export async function deriveKey(call: PinCall): Promise<CommandResult> {
  const p = call.payload ?? {};
  if ((call.device.capabilities.derivationAlgorithms & CHIP_ZKA) === 0) {
    return commandError('algorithmNotSupported', 'DeriveKey: this PIN pad derives no keys (WFSPINCAPS.fwDerivationAlgorithms)');
  }
  const iv = (p.iv ?? {}) as JsonObject;
  const ivKey = typeof iv.key === 'string' ? iv.key : undefined;
  const stored = typeof p.storedKey === 'string' ? p.storedKey : undefined;
  if (ivKey !== undefined && stored !== undefined && ivKey !== stored) return invalidData('DeriveKey: iv.key and storedKey name different keys for the IV');
  const startValue = typeof iv.value === 'string' ? fromBase64(iv.value) : undefined;
  if (typeof iv.value === 'string' && !startValue) return invalidData('DeriveKey: iv.value is not base64');
  if (startValue !== undefined && startValue.length !== 8) return invalidData(`DeriveKey: iv.value must be one 8-byte DES block (got ${startValue.length} bytes)`);
  const inputData = fromBase64(String(p.inputData));
  if (!inputData) return invalidData('DeriveKey: inputData is not base64');
  if (inputData.length === 0 || inputData.length > 24) return invalidData(`DeriveKey: inputData must be 1 to 24 bytes, a DES key's length once padded (got ${inputData.length})`);
  const done = await call.execute('WFS_CMD_PIN_DERIVE_KEY', {
    algorithm: CHIP_ZKA, key: String(p.key), keyGenKey: String(p.keyGenKey), startValueKey: ivKey ?? stored, startValue,
    padding: typeof p.padding === 'number' ? p.padding : 0, inputData,
  });
  return done.ok ? success() : call.failure(done);
}

const KCV_MODE = { self: 0x1, zero: 0x2 } as const;

export async function generateKcv(call: PinCall): Promise<CommandResult> {
  const mode = String(call.payload?.keyCheckMode);
  const keyCheckMode = KCV_MODE[mode as keyof typeof KCV_MODE];
  if ((call.device.capabilities.keyCheckModes & keyCheckMode) === 0) {
    return commandError('modeNotSupported', `GenerateKCV: this PIN pad does not offer key check mode ${mode} (WFSPINCAPS.fwKeyCheckModes)`);
  }
  const done = await call.execute('WFS_CMD_PIN_GENERATE_KCV', { key: String(call.payload?.key), keyCheckMode });
  return done.ok ? success({ kcv: toBase64(done.data as Buffer) }) : call.failure(done);
}
