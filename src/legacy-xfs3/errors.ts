// One registry of XFS 3.x result codes: generic codes (0..-59) and class-specific ones
// (-(class offset + n)), so every completion carries both the number and its name.
import type { XfsServiceClass } from './types.ts';

const GENERIC = [
  'WFS_SUCCESS', 'WFS_ERR_ALREADY_STARTED', 'WFS_ERR_API_VER_TOO_HIGH', 'WFS_ERR_API_VER_TOO_LOW',
  'WFS_ERR_CANCELED', 'WFS_ERR_CFG_INVALID_HKEY', 'WFS_ERR_CFG_INVALID_NAME', 'WFS_ERR_CFG_INVALID_SUBKEY',
  'WFS_ERR_CFG_INVALID_VALUE', 'WFS_ERR_CFG_KEY_NOT_EMPTY', 'WFS_ERR_CFG_NAME_TOO_LONG',
  'WFS_ERR_CFG_NO_MORE_ITEMS', 'WFS_ERR_CFG_VALUE_TOO_LONG', 'WFS_ERR_DEV_NOT_READY', 'WFS_ERR_HARDWARE_ERROR',
  'WFS_ERR_INTERNAL_ERROR', 'WFS_ERR_INVALID_ADDRESS', 'WFS_ERR_INVALID_APP_HANDLE', 'WFS_ERR_INVALID_BUFFER',
  'WFS_ERR_INVALID_CATEGORY', 'WFS_ERR_INVALID_COMMAND', 'WFS_ERR_INVALID_EVENT_CLASS',
  'WFS_ERR_INVALID_HSERVICE', 'WFS_ERR_INVALID_HPROVIDER', 'WFS_ERR_INVALID_HWND', 'WFS_ERR_INVALID_HWNDREG',
  'WFS_ERR_INVALID_POINTER', 'WFS_ERR_INVALID_REQ_ID', 'WFS_ERR_INVALID_RESULT', 'WFS_ERR_INVALID_SERVPROV',
  'WFS_ERR_INVALID_TIMER', 'WFS_ERR_INVALID_TRACELEVEL', 'WFS_ERR_LOCKED', 'WFS_ERR_NO_BLOCKING_CALL',
  'WFS_ERR_NO_SERVPROV', 'WFS_ERR_NO_SUCH_THREAD', 'WFS_ERR_NO_TIMER', 'WFS_ERR_NOT_LOCKED',
  'WFS_ERR_NOT_OK_TO_UNLOAD', 'WFS_ERR_NOT_STARTED', 'WFS_ERR_NOT_REGISTERED', 'WFS_ERR_OP_IN_PROGRESS',
  'WFS_ERR_OUT_OF_MEMORY', 'WFS_ERR_SERVICE_NOT_FOUND', 'WFS_ERR_SPI_VER_TOO_HIGH', 'WFS_ERR_SPI_VER_TOO_LOW',
  'WFS_ERR_SRVC_VER_TOO_HIGH', 'WFS_ERR_SRVC_VER_TOO_LOW', 'WFS_ERR_TIMEOUT', 'WFS_ERR_UNSUPP_CATEGORY',
  'WFS_ERR_UNSUPP_COMMAND', 'WFS_ERR_VERSION_ERROR_IN_SRVC', 'WFS_ERR_INVALID_DATA', 'WFS_ERR_SOFTWARE_ERROR',
  'WFS_ERR_CONNECTION_LOST', 'WFS_ERR_USER_ERROR', 'WFS_ERR_UNSUPP_DATA', 'WFS_ERR_FRAUD_ATTEMPT',
  'WFS_ERR_SEQUENCE_ERROR', 'WFS_ERR_AUTH_REQUIRED',
];

/** Class-specific codes as [n, name]: the code is -(classOffset + n). */
const IDC: [number, string][] = [
  [0, 'MEDIAJAM'], [1, 'NOMEDIA'], [2, 'MEDIARETAINED'], [3, 'RETAINBINFULL'], [4, 'INVALIDDATA'],
  [5, 'INVALIDMEDIA'], [6, 'FORMNOTFOUND'], [7, 'FORMINVALID'], [8, 'DATASYNTAX'], [9, 'SHUTTERFAIL'],
  [10, 'SECURITYFAIL'], [11, 'PROTOCOLNOTSUPP'], [12, 'ATRNOTOBTAINED'], [13, 'INVALIDKEY'], [14, 'WRITE_METHOD'],
  [15, 'CHIPPOWERNOTSUPP'], [16, 'CARDTOOSHORT'], [17, 'CARDTOOLONG'], [18, 'INVALID_PORT'],
  [19, 'POWERSAVETOOSHORT'], [20, 'POWERSAVEMEDIAPRESENT'], [21, 'CARDPRESENT'], [22, 'POSITIONINVALID'],
  [23, 'INVALIDTERMINALDATA'], [24, 'INVALIDAIDDATA'], [25, 'INVALIDKEYDATA'], [26, 'READERNOTCONFIGURED'],
  [27, 'TRANSACTIONNOTINITIATED'], [28, 'COMMANDUNSUPP'], [29, 'SYNCHRONIZEUNSUPP'],
];

const CDM: [number, string][] = [
  [0, 'INVALIDCURRENCY'], [1, 'INVALIDTELLERID'], [2, 'CASHUNITERROR'], [3, 'INVALIDDENOMINATION'],
  [4, 'INVALIDMIXNUMBER'], [5, 'NOCURRENCYMIX'], [6, 'NOTDISPENSABLE'], [7, 'TOOMANYITEMS'], [8, 'UNSUPPOSITION'],
  [10, 'SAFEDOOROPEN'], [12, 'SHUTTERNOTOPEN'], [13, 'SHUTTEROPEN'], [14, 'SHUTTERCLOSED'],
  [15, 'INVALIDCASHUNIT'], [16, 'NOITEMS'], [17, 'EXCHANGEACTIVE'], [18, 'NOEXCHANGEACTIVE'],
  [19, 'SHUTTERNOTCLOSED'], [20, 'PRERRORNOITEMS'], [21, 'PRERRORITEMS'], [22, 'PRERRORUNKNOWN'],
  [23, 'ITEMSTAKEN'], [27, 'INVALIDMIXTABLE'], [28, 'OUTPUTPOS_NOT_EMPTY'], [29, 'INVALIDRETRACTPOSITION'],
  [30, 'NOTRETRACTAREA'], [33, 'NOCASHBOXPRESENT'], [34, 'AMOUNTNOTINMIXTABLE'], [35, 'ITEMSNOTTAKEN'],
  [36, 'ITEMSLEFT'], [37, 'INVALID_PORT'], [38, 'POWERSAVETOOSHORT'], [39, 'POWERSAVEMEDIAPRESENT'],
  [40, 'POSITION_NOT_EMPTY'], [41, 'INCOMPLETERETRACT'], [42, 'COMMANDUNSUPP'], [43, 'SYNCHRONIZEUNSUPP'],
];

const SIU: [number, string][] = [
  [1, 'INVALID_PORT'], [2, 'SYNTAX'], [3, 'PORT_ERROR'], [4, 'POWERSAVETOOSHORT'], [5, 'COMMANDUNSUPP'], [6, 'SYNCHRONIZEUNSUPP'],
];

export const CLASS_OFFSET: Record<XfsServiceClass, number> = {
  IDC: 200, CDM: 300, CIM: 1300, PIN: 400, PTR: 100, SIU: 800, TTU: 700, BCR: 1500, CAM: 1000, VDM: 900,
};

const byClass = new Map<XfsServiceClass, Map<number, string>>();
function register(cls: XfsServiceClass, list: [number, string][]): void {
  const m = new Map<number, string>();
  for (const [n, name] of list) m.set(-(CLASS_OFFSET[cls] + n), `WFS_ERR_${cls}_${name}`);
  byClass.set(cls, m);
}
register('IDC', IDC);
register('CDM', CDM);
register('SIU', SIU);

/** Name of a 3.x hResult; class-specific codes need the class of the service. */
export function resultName(code: number, cls?: XfsServiceClass): string {
  if (code <= 0 && code > -GENERIC.length) return GENERIC[-code]!;
  const name = cls ? byClass.get(cls)?.get(code) : undefined;
  return name ?? `WFS_ERR_UNKNOWN_${code}`;
}

/** Code of a name such as 'WFS_ERR_IDC_NOMEDIA' or 'WFS_ERR_TIMEOUT'. */
export function resultCode(name: string): number | undefined {
  const g = GENERIC.indexOf(name);
  if (g >= 0) return -g;
  for (const m of byClass.values()) for (const [code, n] of m) if (n === name) return code;
  return undefined;
}

export const WFS_SUCCESS = 0;
export const WFS_ERR_CANCELED = -4;
export const WFS_ERR_INTERNAL_ERROR = -15;
export const WFS_ERR_INVALID_HSERVICE = -22;
export const WFS_ERR_TIMEOUT = -48;
export const WFS_ERR_INVALID_DATA = -52;
export const WFS_ERR_CONNECTION_LOST = -54;
export const WFS_ERR_UNSUPP_COMMAND = -50;
export const WFS_ERR_UNSUPP_CATEGORY = -49;
