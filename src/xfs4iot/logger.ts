// pino logger whose every line passes through a redactor: card data, PIN blocks, keys, what a
// customer typed or a form carried (a text terminal's password fields) and anything that looks like
// a PAN never reach a log in clear.
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

// The second line: what the releases' PinPad, KeyManagement and CardReader payloads carry under other
// names (a PIN offset or PVV is PIN verification data; the JIS and front tracks, the memory chip, card
// images and a contactless transaction's data are card data; tokens and derivation inputs are keys, a
// MAC or signature to verify goes with the data it protects). Printer.PrintRaw's inputData flag is
// redacted too: over-redacting a yes/no costs nothing.
const SENSITIVE_KEY = new RegExp('^(track[1-3]?|tracks|chip|chipData|pan|cardNumber|customerData|xorData|pin|pinBlock|pinblock|key|keys|keyValue|keyBlock|value|data|cryptoData|macKey|kcv|password|secret|token|authenticationData|cardData|rawData|iccData|atr|input|fields'
  + '|offset|pinOffset|pvv|validationData|decTable|inputData|keyToken|keyAcceptData|verificationData|keyCheckValue|track1Front|track1JIS|track3JIS|frontTrack1|memoryChip|frontImage|backImage|dataRead|verifyData)$', 'i');
// 13 to 19 digits, optionally separated: a primary account number inside any string.
const PAN_LIKE = /\d(?:[ -]?\d){12,18}/g;
const MAX_DEPTH = 12;

export const REDACTED = '[redacted]';

/** Returns a copy of `value` with sensitive properties replaced and PAN-like digit runs masked. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(PAN_LIKE, REDACTED);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SENSITIVE_KEY.test(k) && v !== null && v !== undefined ? REDACTED : redact(v, depth + 1);
  }
  return out;
}

export function createLogger(options: LoggerOptions = {}, destination?: DestinationStream): Logger {
  const merged: LoggerOptions = {
    name: 'xfs4iot',
    level: process.env.XFS4IOT_LOG_LEVEL ?? 'info',
    ...options,
    formatters: { ...options.formatters, log: (obj) => redact(obj) as Record<string, unknown> },
  };
  return destination ? pino(merged, destination) : pino(merged);
}

/** A logger that writes nothing (tests and benchmarks that do not look at logs). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
