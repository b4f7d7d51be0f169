// PinPad.GetPinBlock, Crypto.CryptoData and Crypto.GenerateRandom on WFS_CMD_PIN_GET_PINBLOCK and
// WFS_CMD_PIN_CRYPT (encrypt/decrypt, and its random mode). PIN blocks, data and random numbers
// cross as base64 and are never logged (the logger redacts pinBlock and data).
import type { CommandResult } from '../../xfs4iot/backend.ts';
import type { PinBlockInput, PinCapabilities, PinStatus } from '../../legacy-xfs3/pin/types.ts';
import { fromBase64, toBase64 } from '../binary.ts';
import { commandError, invalidData, isResult, success, unsupportedData, type CommandCall } from '../translator.ts';

type PinCall = CommandCall<PinCapabilities, PinStatus>;

const MODE = { ENCRYPT: 1, DECRYPT: 2, RANDOM: 3 } as const;
const ALG = { DESECB: 0x1, DESCBC: 0x2, TRIDESECB: 0x40, TRIDESCBC: 0x80 } as const;

/** The WFSPINBLOCK of GetPinBlock and SetPinBlockData, or the completion refusing the payload. */
function pinBlockInput(call: PinCall, command: string): PinBlockInput | CommandResult {
  const p = call.payload ?? {};
  const format = String(p.format);
  const bit = call.enums.flagBit('pinFormats', format);
  if (bit === undefined) return commandError('formatNotSupported', `${command}: format ${format} has no XFS 3.x counterpart in WFSPINBLOCK`);
  if ((call.device.capabilities.pinFormats & bit) === 0) return commandError('formatNotSupported', `${command}: this PIN pad does not offer format ${format} (WFSPINCAPS.fwPinFormats)`);
  if (p.cryptoMethod !== undefined && p.cryptoMethod !== 'ecb') {
    // SetPinBlockData's completion has no cryptoMethodNotSupported: the data is refused as unsupported there.
    const reason = `${command}: XFS 3.x PIN blocks are encrypted in ECB, not ${String(p.cryptoMethod)}`;
    return command === 'GetPinBlock' ? commandError('cryptoMethodNotSupported', reason) : unsupportedData(reason);
  }
  return {
    customerData: typeof p.customerData === 'string' ? p.customerData : undefined, xorData: typeof p.xorData === 'string' ? p.xorData : undefined,
    padding: typeof p.padding === 'number' ? p.padding : 0xf, format: bit, key: String(p.key),
    keyEncKey: typeof p.secondEncKey === 'string' ? p.secondEncKey : undefined,
  };
}

export async function getPinBlock(call: PinCall): Promise<CommandResult> {
  const input = pinBlockInput(call, 'GetPinBlock');
  if (isResult(input)) return input;
  const done = await call.execute('WFS_CMD_PIN_GET_PINBLOCK', input);
  if (!done.ok) return call.failure(done);
  return success({ pinBlock: toBase64(done.data as Buffer) });
}

/** 3.20: the PIN block's data before the PIN entry, for EPPs that need it then; GetPinBlock must repeat it. */
export async function setPinBlockData(call: PinCall): Promise<CommandResult> {
  const input = pinBlockInput(call, 'SetPinBlockData');
  if (isResult(input)) return input;
  const done = await call.execute('WFS_CMD_PIN_SET_PINBLOCK_DATA', input);
  return done.ok ? success() : call.failure(done);
}

/** 3.x algorithm for an XFS4IoT crypto method: triple DES when the device has it, else DES. */
function algorithm(caps: PinCapabilities, method: string): number | undefined {
  const cbc = method === 'cbc';
  if (method !== 'ecb' && !cbc) return undefined;
  const tdes = cbc ? ALG.TRIDESCBC : ALG.TRIDESECB;
  const des = cbc ? ALG.DESCBC : ALG.DESECB;
  if (caps.algorithms & tdes) return tdes;
  if (caps.algorithms & des) return des;
  return undefined;
}

export async function cryptoData(call: PinCall): Promise<CommandResult> {
  const p = call.payload ?? {};
  if (p.storedKey !== undefined) return unsupportedData('CryptoData: an IV held in the PIN pad (storedKey) has no XFS 3.x counterpart in this bridge');
  const iv = (p.iv ?? undefined) as { key?: unknown; value?: unknown } | undefined;
  if (iv?.key !== undefined) return unsupportedData('CryptoData: an encrypted IV (iv.key) is not bridged');
  const method = typeof p.cryptoMethod === 'string' ? p.cryptoMethod : 'ecb';
  const alg = algorithm(call.device.capabilities, method);
  if (alg === undefined) return commandError('cryptoMethodNotSupported', `CryptoData: crypto method ${method} is not offered by this PIN pad (WFSPINCAPS.fwAlgorithms)`);
  const data = fromBase64(String(p.data));
  if (!data || data.length === 0) return invalidData('CryptoData: data is not base64 or empty');
  const startValue = typeof iv?.value === 'string' ? fromBase64(iv.value) : undefined;
  if (iv?.value !== undefined && (!startValue || startValue.length !== 8)) return invalidData('CryptoData: iv.value must be 8 bytes (DES block) in base64');
  const done = await call.execute('WFS_CMD_PIN_CRYPT', {
    mode: p.modeOfUse === 'D' ? MODE.DECRYPT : MODE.ENCRYPT, key: String(p.key), algorithm: alg,
    startValue, padding: typeof p.padding === 'number' ? p.padding : 0, data,
  });
  if (!done.ok) return call.failure(done);
  return success({ data: toBase64(done.data as Buffer) });
}

export async function generateRandom(call: PinCall): Promise<CommandResult> {
  const done = await call.execute('WFS_CMD_PIN_CRYPT', { mode: MODE.RANDOM, algorithm: 0, padding: 0 });
  if (!done.ok) return call.failure(done);
  return success({ randomNumber: toBase64(done.data as Buffer) });
}

/** A padding given as a hex byte: a nibble (0x00-0x0F) or the character of one ('0'-'9', 'A'-'F', 'a'-'f'). */
function paddingNibble(text: string): number | undefined {
  const byte = Number.parseInt(text, 16);
  if (byte <= 0x0f) return byte;
  const ch = String.fromCharCode(byte);
  return /^[0-9A-Fa-f]$/.test(ch) ? Number.parseInt(ch, 16) : undefined;
}

/** PinPad.LocalDES on WFS_CMD_PIN_LOCAL_DES: IBM 3624 verification of the PIN entered last, inside the pad. */
export async function localDes(call: PinCall): Promise<CommandResult> {
  const p = call.payload ?? {};
  if (p.keyEncKey !== undefined) return unsupportedData('LocalDES: a PIN verification key sent encrypted (keyEncKey) is not bridged: name a key stored in the pad');
  const padding = typeof p.padding === 'string' ? paddingNibble(p.padding) : 0xf;
  if (padding === undefined) return invalidData(`LocalDES: padding ${String(p.padding)} is not a hexadecimal digit or its character`);
  const validationData = String(p.validationData);
  const maxPin = typeof p.maxPIN === 'number' ? p.maxPIN : 16;
  const valDigits = typeof p.valDigits === 'number' ? p.valDigits : validationData.length;
  if (maxPin < 1 || maxPin > 16 || valDigits > 16) return invalidData('LocalDES: maxPIN must be 1 to 16 and valDigits at most 16 (one DES block of validation data)');
  const done = await call.execute('WFS_CMD_PIN_LOCAL_DES', {
    validationData, ...(typeof p.offset === 'string' ? { offset: p.offset } : {}), padding, maxPin, valDigits,
    noLeadingZero: p.noLeadingZero === true, key: String(p.key), decTable: String(p.decTable),
  });
  return done.ok ? success({ result: done.data === true }) : call.failure(done);
}

/**
 * PinPad.LocalVisa on WFS_CMD_PIN_LOCAL_VISA: VISA PVV verification of the PIN entered last, inside the
 * pad. `pan` holds the eleven rightmost PAN digits (without the check digit) and the PVKI in the 12th
 * place; the pad reads those twelve. Every digit of `pvv` is compared.
 */
export async function localVisa(call: PinCall): Promise<CommandResult> {
  const p = call.payload ?? {};
  if (p.keyEncKey !== undefined) return unsupportedData('LocalVisa: a PIN verification key sent encrypted (keyEncKey) is not bridged: name a key stored in the pad');
  const pvv = String(p.pvv);
  const done = await call.execute('WFS_CMD_PIN_LOCAL_VISA', { pan: String(p.pan), pvv, pvvDigits: pvv.length, key: String(p.key) });
  return done.ok ? success({ result: done.data === true }) : call.failure(done);
}
