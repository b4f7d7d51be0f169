// The one registry of XML-X error numbers. Numbers below 300 are the public xml-x.org list; the
// 320-range entries are this project's application errors (the public list left the "already"
// number unassigned, so we chose 320 and document it in the README).

export const Errno = {
  UNKNOWN: -1,
  GOOD: 0,
  INTERNAL: 1,
  CONFIG: 2,
  LATER: 3,
  SECURITY: 4,
  BAD_XML: 10,
  EMPTY_XML: 11,
  ROOT: 12,
  UNKNOWN_XMLX: 20,
  TOO_MANY: 21,
  MISSING: 22,
  CONTENT: 23,
  UNKNOWN_TAG: 24,
  VERSION: 25,
  NAN: 26,
  NAT: 27,
  DUPLICATE_ATTRIBUTE: 33,
  UNKNOWN_ATTRIBUTE: 34,
  BAD_ATTRIBUTE: 35,
  NOT_SUPPORTED: 40,
  SERVER_DOWN: 61,
  UNKNOWN_USER: 300,
  NOT_USER: 301,
  NOT_AUTHORISED: 303,
  NOT_AUTHENTICATED: 304,
  NO_SUCH_TARGET_USER: 305,
  USER_FROZEN: 310,
  USER_NOT_PERMITTED: 311,
  /** The TransferId was already used within the paying account: the first copy was executed. */
  ALREADY: 320,
  INSUFFICIENT_FUNDS: 321,
  NO_SUCH_ACCOUNT: 322,
  NO_SUCH_CURRENCY: 323,
  BAD_TOKEN: 324,
  TOKEN_SPENT: 325,
  LIMIT: 326,
} as const;

export type ErrnoName = keyof typeof Errno;
export type ErrnoValue = (typeof Errno)[ErrnoName];

const standardText: Record<number, string> = {
  [-1]: 'unknown error',
  0: 'good',
  1: 'internal server error',
  2: 'server configuration error',
  3: 'try again later',
  4: 'security violation',
  10: 'badly formed XML',
  11: 'empty XML document',
  12: 'document must have exactly one root element',
  20: 'unknown XML-X request',
  21: 'too many elements',
  22: 'required element missing',
  23: 'invalid content',
  24: 'unknown tag',
  25: 'unsupported version',
  26: 'not a number',
  27: 'not a time',
  33: 'duplicate attribute',
  34: 'unknown attribute',
  35: 'bad attribute value',
  40: 'not supported',
  61: 'server down',
  300: 'unknown user',
  301: 'not a user',
  303: 'not authorised',
  304: 'not authenticated',
  305: 'no such target',
  310: 'user frozen',
  311: 'user not permitted',
  320: 'already: this TransferId was already used by the paying account',
  321: 'insufficient funds',
  322: 'no such account',
  323: 'no such currency',
  324: 'invalid value token',
  325: 'value token already settled',
  326: 'amount beyond the limits of this server',
};

/** The standard text for an errno, used when an ErrorResponse carries no <Text>. */
export function errnoText(errno: number): string {
  return standardText[errno] ?? `error ${errno}`;
}

/**
 * An expected XML-X failure with its protocol errno. Codec and host code throw it internally and
 * turn it into an ErrorResponse (or a failed result) at the boundary; it never escapes as a crash.
 */
export class XmlxError extends Error {
  readonly errno: number;
  readonly additional: string | undefined;

  constructor(errno: number, text?: string, additional?: string) {
    super(text ?? errnoText(errno));
    this.name = 'XmlxError';
    this.errno = errno;
    this.additional = additional;
  }
}
