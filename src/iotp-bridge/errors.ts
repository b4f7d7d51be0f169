/**
 * The one error registry of the bridge: every ErrorCode of RFC 3867 section 3.1 (Table 2), with its
 * default text (the first sentence the RFC gives) and the severity the bridge uses unless told otherwise.
 */
export type Severity = 'Warning' | 'TransientError' | 'HardError';

interface ErrorCodeDef {
  readonly desc: string;
  readonly severity: Severity;
  /** Codes the RFC marks with an asterisk: local to the API, never sent to the counter party as is. */
  readonly apiOnly?: boolean;
}

export const IOTP_ERROR_CODES = {
  Reserved: { desc: 'Reserved.', severity: 'HardError' },
  XmlNotWellFrmd: { desc: 'XML not well formed.', severity: 'HardError' },
  XmlNotValid: { desc: 'XML not valid.', severity: 'HardError' },
  ElNotValid: { desc: 'Element not valid.', severity: 'HardError', apiOnly: true },
  ElUnexpected: { desc: 'Unexpected element.', severity: 'HardError' },
  ElNotSupp: { desc: 'Element not supported.', severity: 'HardError' },
  ElMissing: { desc: 'Element missing.', severity: 'HardError' },
  ElContIllegal: { desc: 'Element content illegal.', severity: 'HardError' },
  EncapProtErr: { desc: 'Encapsulated protocol error.', severity: 'HardError' },
  AttUnexpected: { desc: 'Unexpected attribute.', severity: 'HardError' },
  AttNotValid: { desc: 'Attribute not valid.', severity: 'HardError', apiOnly: true },
  AttNotSupp: { desc: 'Attribute not supported.', severity: 'HardError' },
  AttMissing: { desc: 'Attribute missing.', severity: 'HardError' },
  AttValIllegal: { desc: 'Attribute value illegal.', severity: 'HardError' },
  AttValNotRecog: { desc: 'Attribute Value Not Recognized.', severity: 'HardError' },
  MsgTooLarge: { desc: 'Message too large.', severity: 'HardError' },
  ElTooLarge: { desc: 'Element too large.', severity: 'HardError' },
  ValueTooSmall: { desc: 'Value too small or early.', severity: 'HardError' },
  ValueTooLarge: { desc: 'Value too large or in the future.', severity: 'HardError' },
  ElInconsistent: { desc: 'Element Inconsistent.', severity: 'HardError' },
  TransportError: { desc: 'Transport Error.', severity: 'TransientError' },
  MsgBeingProc: { desc: 'Message Being Processed.', severity: 'TransientError' },
  SystemBusy: { desc: 'System Busy.', severity: 'TransientError' },
  UnknownError: { desc: 'Unknown Error.', severity: 'HardError' },
  SyntaxError: { desc: 'Syntax Error.', severity: 'HardError', apiOnly: true },
  ReqRefused: { desc: 'Request refused.', severity: 'HardError', apiOnly: true },
  ReqNotSupp: { desc: 'Request not supported.', severity: 'HardError', apiOnly: true },
  BusError: { desc: 'Business Error.', severity: 'HardError', apiOnly: true },
} as const satisfies Record<string, ErrorCodeDef>;

export type IotpErrorCode = keyof typeof IOTP_ERROR_CODES;

/** ErrorLocation as in IOTP; IotpMsgRef, BlkRef and CompRef are left blank on purpose (RFC 3867 section 3). */
export interface ErrorLocation {
  elementType: string;
  attName?: string;
  elementRef?: string;
}

export interface PackagedContent {
  /** The element name as it appears in the API, for example PaySchemePackagedContent. */
  element: string;
  name?: string;
  content: string;
  transform: 'NONE' | 'BASE64';
  /** The decoded payload (after BASE64 when Transform is BASE64). */
  body: string;
}

export interface IotpError {
  code: IotpErrorCode;
  desc: string;
  severity: Severity;
  minRetrySecs?: number;
  locations: ErrorLocation[];
  paySchemeContent?: PackagedContent[];
  swVendorErrorRef?: string;
}

export const DEFAULT_MIN_RETRY_SECS = 2;

export interface IotpErrorOptions {
  detail?: string;
  severity?: Severity;
  minRetrySecs?: number;
  paySchemeContent?: PackagedContent[];
  swVendorErrorRef?: string;
}

/** Builds an ErrorResponse value: the default text of the code, then the specific detail. */
export function iotpError(code: IotpErrorCode, location: ErrorLocation | ErrorLocation[], options: IotpErrorOptions = {}): IotpError {
  const def: ErrorCodeDef = IOTP_ERROR_CODES[code];
  const severity = options.severity ?? def.severity;
  const error: IotpError = {
    code,
    desc: options.detail === undefined ? def.desc : `${def.desc} ${options.detail}`,
    severity,
    locations: Array.isArray(location) ? location : [location],
  };
  if (severity === 'TransientError') error.minRetrySecs = options.minRetrySecs ?? DEFAULT_MIN_RETRY_SECS;
  if (options.paySchemeContent !== undefined) error.paySchemeContent = options.paySchemeContent;
  if (options.swVendorErrorRef !== undefined) error.swVendorErrorRef = options.swVendorErrorRef;
  return error;
}

/** The outcome of one API call: a response element or an ErrorResponse, never both missing. */
export type CallOutcome<T> = { ok: true; value: T } | { ok: false; error: IotpError };

export const ok = <T>(value: T): CallOutcome<T> => ({ ok: true, value });
export const fail = <T = never>(error: IotpError): CallOutcome<T> => ({ ok: false, error });
