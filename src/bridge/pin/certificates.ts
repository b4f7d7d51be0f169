// KeyManagement.LoadCertificate, ReplaceCertificate and StartAuthenticate, and CertificateChangeEvent:
// the three-party (certificate) scheme of remote key loading. LoadCertificate is
// WFS_CMD_PIN_LOAD_CERTIFICATE_EX on 3.30 (the same loadOption and signer as XFS4IoT) and
// WFS_CMD_PIN_LOAD_CERTIFICATE on 3.10 and 3.20, which can only bind a new host certificate signed by
// the CA. Certificates and the EPP's answers cross as the 3.x device takes and gives them (DER PKCS#7).
import type { CommandResult, JsonObject } from '../../xfs4iot/backend.ts';
import { resultName } from '../../legacy-xfs3/errors.ts';
import type { PinCapabilities, PinStatus } from '../../legacy-xfs3/pin/types.ts';
import type { EventTranslator } from '../event-types.ts';
import { fromBase64, toBase64 } from '../binary.ts';
import { compact, invalidData, success, unsupportedData, type CommandCall } from '../translator.ts';

type PinCall = CommandCall<PinCapabilities, PinStatus>;

/** WFS_PIN_LOAD_NEWHOST, REPLACEHOST */
const LOAD_OPTION = { newHost: 1, replaceHost: 2 } as const;
/** WFS_PIN_SIGNER_CERTHOST, CA, HL */
const SIGNER = { certHost: 0x2, ca: 0x8, hl: 0x10 } as const;
/** WFSPINLOADCERTIFICATEEXOUTPUT.dwRSAKeyCheckMode: WFS_PIN_RSA_KCV_NONE, SHA1, SHA256 */
const KEY_CHECK_MODE: Record<number, string> = { 0: 'none', 1: 'sha1', 2: 'sha256' };
const CMD_IMPORT_KEY = 403;
const CMD_INITIALIZATION = 409;

const b64 = (data: Buffer | null | undefined): string | undefined => (data && data.length > 0 ? toBase64(data) : undefined);

/** DER TLV at offset: tag, start of the contents, end; undefined past the buffer. */
function tlv(der: Buffer, at: number): { tag: number; start: number; end: number } | undefined {
  if (at + 2 > der.length) return undefined;
  const first = der[at + 1];
  const lengthBytes = first & 0x80 ? first & 0x7f : 0;
  if (lengthBytes > 3 || at + 2 + lengthBytes > der.length) return undefined;
  const length = lengthBytes ? der.readUIntBE(at + 2, lengthBytes) : first;
  const start = at + 2 + lengthBytes;
  return start + length <= der.length ? { tag: der[at], start, end: start + length } : undefined;
}

const DIGESTS: Record<string, string> = { '2b0e03021a': 'sha1', '608648016503040201': 'sha256' };

/**
 * The digest algorithm of a PKCS#7 DigestedData (RFC 5652 7: ContentInfo, [0] { version,
 * digestAlgorithm, ... }): what the 3.10 form's answer says of its thumbprint, as rsaKeyCheckMode.
 */
export function digestedDataAlgorithm(der: Buffer): string | undefined {
  const info = tlv(der, 0);
  const type = info && tlv(der, info.start);
  const explicit = type && tlv(der, type.end);
  const body = explicit && tlv(der, explicit.start);
  const version = body && tlv(der, body.start);
  const algorithm = version && tlv(der, version.end);
  const oid = algorithm && tlv(der, algorithm.start);
  if (!oid || oid.tag !== 0x06 || der.subarray(type.start, type.end).toString('hex') !== '2a864886f70d010705') return undefined;
  return DIGESTS[der.subarray(oid.start, oid.end).toString('hex')];
}

export async function loadCertificate(call: PinCall): Promise<CommandResult> {
  const p = call.payload ?? {};
  const certificate = fromBase64(String(p.certificateData));
  if (!certificate) return invalidData('LoadCertificate: certificateData is not base64');
  const loadOption = String(p.loadOption ?? 'newHost') as keyof typeof LOAD_OPTION;
  const signer = String(p.signer ?? 'ca') as keyof typeof SIGNER;
  const { major, minor, text } = call.device.version;
  if (major * 100 + minor >= 330) {
    const done = await call.execute('WFS_CMD_PIN_LOAD_CERTIFICATE_EX', { loadOption: LOAD_OPTION[loadOption], signer: SIGNER[signer], certificate });
    if (!done.ok) return call.failure(done);
    const out = done.data as { rsaKeyCheckMode: number; rsaData: Buffer | null };
    const mode = KEY_CHECK_MODE[out.rsaKeyCheckMode];
    if (mode === undefined) call.warn('WFSPINLOADCERTIFICATEEXOUTPUT.dwRSAKeyCheckMode has no XFS4IoT counterpart', { dwRSAKeyCheckMode: out.rsaKeyCheckMode });
    return success(compact({ rsaKeyCheckMode: mode, rsaData: mode === 'none' ? undefined : b64(out.rsaData) }));
  }
  if (loadOption !== 'newHost' || signer !== 'ca') {
    return unsupportedData(`LoadCertificate: before 3.30 XFS 3.x loads only a new host certificate signed by the CA (WFS_CMD_PIN_LOAD_CERTIFICATE), not ${loadOption} signed by ${signer}; this service provider is XFS ${text}`);
  }
  const done = await call.execute('WFS_CMD_PIN_LOAD_CERTIFICATE', { certificate });
  if (!done.ok) return call.failure(done);
  const data = done.data as Buffer | null;
  return success(compact({ rsaKeyCheckMode: data ? digestedDataAlgorithm(data) : undefined, rsaData: b64(data) }));
}

export async function replaceCertificate(call: PinCall): Promise<CommandResult> {
  const certificate = fromBase64(String(call.payload?.replaceCertificate));
  if (!certificate) return invalidData('ReplaceCertificate: replaceCertificate is not base64');
  const done = await call.execute('WFS_CMD_PIN_REPLACE_CERTIFICATE', { certificate });
  if (!done.ok) return call.failure(done);
  return success(compact({ newCertificateData: b64(done.data as Buffer | null) }));
}

/** WFS_PIN_SIGNER_TR34 marks the certHost, ca and hl bits of the same DWORD as their TR-34 variants. */
const TR34 = 0x10000000;

/** WFSPINSTARTAUTHENTICATEOUT.dwSigners as the XFS4IoT signers object. */
export function signersOf(bits: number): JsonObject {
  const has = (bit: number): boolean => (bits & bit) !== 0;
  const tr34 = has(TR34);
  return {
    certHost: has(0x2) && !tr34, sigHost: has(0x4), ca: has(0x8) && !tr34, hl: has(0x10) && !tr34, cbcmac: has(0x20), cmac: has(0x40),
    certHostTr34: has(0x2) && tr34, caTr34: has(0x8) && tr34, hlTr34: has(0x10) && tr34,
    reserved1: has(0x20000000), reserved2: has(0x40000000), reserved3: has(0x80000000),
  };
}

export async function startAuthenticate(call: PinCall): Promise<CommandResult> {
  const command = (call.payload?.command ?? {}) as JsonObject;
  const deleteKey = command.deleteKey as JsonObject | null | undefined;
  const initialization = command.initialization;
  if ((deleteKey == null) === (initialization == null)) return invalidData('StartAuthenticate: command names exactly one of deleteKey and initialization');
  let input: unknown;
  if (deleteKey != null) {
    if (typeof deleteKey.key !== 'string') return unsupportedData('StartAuthenticate: XFS 3.x authenticates the deletion of one named key (WFS_CMD_PIN_IMPORT_KEY), not of all keys');
    input = { commandId: CMD_IMPORT_KEY, input: { key: deleteKey.key } };
  } else {
    input = { commandId: CMD_INITIALIZATION };
  }
  const done = await call.execute('WFS_CMD_PIN_START_AUTHENTICATE', input);
  if (!done.ok) return call.failure(done);
  const out = done.data as { internalResult: number; dataToSign: Buffer | null; signers: number };
  // The authenticated command would fail as it is: its error, as that command's 3.x error.
  if (out.internalResult !== 0) return call.failure({ ...done, ok: false, code: out.internalResult, name: `${resultName(out.internalResult, 'PIN')} (hInternalCmdResult)` });
  return success(compact({ dataToSign: b64(out.dataToSign), signers: out.dataToSign ? signersOf(out.signers) : undefined }));
}

/** WFS_PIN_CERT_SECONDARY: the only change the 3.x event reports. */
const CERT_SECONDARY = 2;

export const certificateChange: EventTranslator<PinCapabilities, PinStatus> = (event) => {
  if (event.data !== CERT_SECONDARY) return { warning: `WFS_SRVE_PIN_CERTIFICATE_CHANGE with ${String(event.data)}, not WFS_PIN_CERT_SECONDARY` };
  // The certificate state in Common.Status moved with it.
  return { payload: { certificateChange: 'secondary' }, refresh: true };
};
