// Payloads of the PIN (encrypting PIN pad) class as plain JS values; same conventions as idc/types.ts.
// Key values, PIN blocks and crypto data are Buffers and must never be logged.
import type { CommandSpec } from '../types.ts';
import type { Extra } from '../idc/types.ts';

export interface PinStatus {
  device: number;
  encStat: number;
  extra: Extra;
  // 3.20+ (3.30: the same struct)
  guidLights?: number[];
  autoBeepMode?: number;
  certificateState?: number;
  devicePosition?: number;
  powerSaveRecoveryTime?: number;
  antiFraudModule?: number;
}

export interface PinCapabilities {
  class: number;
  type: number;
  compound: boolean;
  keyNum: number;
  algorithms: number;
  pinFormats: number;
  derivationAlgorithms: number;
  presentationAlgorithms: number;
  display: number;
  idConnect: boolean;
  idKey: number;
  validationAlgorithms: number;
  keyCheckModes: number;
  extra: Extra;
  // 3.20+
  guidLights?: number[];
  pinCanPersistAfterUse?: boolean;
  autoBeep?: number;
  hsmVendor?: string;
  keyImportThroughParts?: boolean;
  typeCombined?: boolean;
  setPinblockDataRequired?: boolean;
  keyBlockImportFormats?: number;
  powerSaveControl?: boolean;
  antiFraudModule?: boolean;
  // 3.30+
  desKeyLength?: number;
  synchronizableCommands?: number[];
  /** 3.30: lpETSCaps, present on touch screen (ETS) pads only */
  etsCaps?: PinEtsCaps;
}

/** WFSPINETSCAPS (3.30): the touch screen's place and size, its limits; floatFlags WFS_PIN_FLOATX 1 | FLOATY 2 */
export interface PinEtsCaps { x: number; y: number; width: number; height: number; maxFrames: number; maxKeys: number; floatFlags: number }


export interface PinKeyDetail {
  keyName: string;
  use: number;
  loaded: boolean;
  /** 3.20+: the X9.143 (TR-31) key block header the device keeps for the key (16 characters and
   * optional blocks), or null when it has none. */
  keyBlockHeader?: string | null;
}

export interface PinFuncKeyDetail {
  funcMask: number;
  fdks: Array<{ fdk: number; x: number; y: number }>;
}

/** Key codes and completions are the 3.x WFS_PIN_FK_* and WFS_PIN_COMP* values. */
export interface PinEntryInput {
  minLen: number;
  maxLen: number;
  autoEnd: boolean;
  activeKeys: number;
  terminateKeys: number;
  activeFdks?: number;
  terminateFdks?: number;
}

export interface PinKeyPress {
  completion: number;
  /** 0 for a digit during PIN entry (digits are never reported). */
  digit: number;
}

export interface PinBlockInput {
  customerData?: string;
  xorData?: string;
  padding: number;
  format: number;
  key: string;
  keyEncKey?: string;
}

export interface PinImportInput {
  key: string;
  encKey?: string;
  ident?: Buffer;
  /** Absent (with use 0) deletes the key. */
  value?: Buffer;
  use: number;
}

export interface PinCryptInput {
  mode: number;
  key?: string;
  algorithm: number;
  startValue?: Buffer;
  padding: number;
  data?: Buffer;
}

export type PinExecuteMap = {
  WFS_CMD_PIN_GET_PIN: CommandSpec<PinEntryInput, { digits: number; completion: number }>;
  WFS_CMD_PIN_GET_DATA: CommandSpec<Omit<PinEntryInput, 'minLen'>, { keys: PinKeyPress[]; completion: number }>;
  WFS_CMD_PIN_GET_PINBLOCK: CommandSpec<PinBlockInput, Buffer>;
  /** 3.20 */
  WFS_CMD_PIN_SET_PINBLOCK_DATA: CommandSpec<PinBlockInput, undefined>;
  WFS_CMD_PIN_IMPORT_KEY: CommandSpec<PinImportInput, Buffer | null>;
  WFS_CMD_PIN_CRYPT: CommandSpec<PinCryptInput, Buffer>;
  WFS_CMD_PIN_INITIALIZATION: CommandSpec<{ ident?: Buffer; key?: Buffer } | undefined, Buffer | null>;
  WFS_CMD_PIN_RESET: CommandSpec<undefined, undefined>;
  /** keyCheckMode: WFS_PIN_KCVSELF 1, KCVZERO 2; the key check value */
  WFS_CMD_PIN_GENERATE_KCV: CommandSpec<{ key: string; keyCheckMode: number }, Buffer>;
  /** IBM 3624 PIN verification: whether the entered PIN matches the validation data and offset. */
  WFS_CMD_PIN_LOCAL_DES: CommandSpec<{ validationData: string; offset?: string; padding: number; maxPin: number; valDigits: number; noLeadingZero: boolean; key: string; keyEncKey?: Buffer; decTable: string }, boolean>;
  /** VISA PVV verification: pan is the 11 rightmost PAN digits without the check digit and the PVKI; pvvDigits of pvv are compared. */
  WFS_CMD_PIN_LOCAL_VISA: CommandSpec<{ pan: string; pvv: string; pvvDigits: number; key: string; keyEncKey?: Buffer }, boolean>;
  /**
   * algorithm: WFS_PIN_PRESENT_CLEAR 1 (the PIN's digits as nibbles from bit pinOffset of byte pinPointer of
   * chipData); protocol: WFSIDCCAPS.fwChipProtocols bit; the chip's answer.
   */
  WFS_CMD_PIN_PRESENT_IDC: CommandSpec<{ algorithm: number; protocol: number; chipData: Buffer; pinPointer: number; pinOffset: number }, { protocol: number; data: Buffer }>;
  /** WFS_PIN_CHIP_ZKA 1; startValue is decrypted under startValueKey when one is named. */
  WFS_CMD_PIN_DERIVE_KEY: CommandSpec<{ algorithm: number; key: string; keyGenKey: string; startValueKey?: string; startValue?: Buffer; padding: number; inputData: Buffer; ident?: Buffer }, undefined>;
  /** hashAlgorithm: WFS_PIN_HASH_SHA1_DIGEST 1, SHA256 2; the digest */
  WFS_CMD_PIN_DIGEST: CommandSpec<{ hashAlgorithm: number; data: Buffer }, Buffer>;
  /** 3.20 */
  WFS_CMD_PIN_MAINTAIN_PIN: CommandSpec<{ maintainPin: boolean }, undefined>;
  /** 3.20: WFS_PIN_BEEP_ON_ACTIVE 1 | ON_INACTIVE 2 */
  WFS_CMD_PIN_KEYPRESS_BEEP: CommandSpec<{ mode: number }, undefined>;
  /** 3.10: a key part typed on the pad as keyLen (16, 32, 48) hex digits; verificationType
   * WFS_PIN_KCVSELF 1, KCVZERO 2; the KCV only when every digit was entered */
  WFS_CMD_PIN_SECUREKEY_ENTRY: CommandSpec<
    { keyLen: number; autoEnd: boolean; activeKeys: number; terminateKeys: number; activeFdks: number; terminateFdks: number; verificationType: number },
    { digits: number; completion: number; kcv: Buffer | null }
  >;
  /** 3.30: one layout per entry mode (touch screen pads) */
  WFS_CMD_PIN_DEFINE_LAYOUT: CommandSpec<PinLayout[], undefined>;
  /** 3.10: the EPP's random item for the three-party (certificate) scheme */
  WFS_CMD_PIN_START_KEY_EXCHANGE: CommandSpec<undefined, Buffer | null>;
  /** 3.10: certificate WFS_PIN_PUBLICENCKEY 1, PUBLICVERIFICATIONKEY 2; the certificate (PKCS#7) */
  WFS_CMD_PIN_GET_CERTIFICATE: CommandSpec<{ certificate: number }, Buffer | null>;
  /** 3.10: exportItemType WFS_PIN_EXPORT_EPP_ID 1, PUBLIC_KEY 2; the item and the issuer's signature of it */
  WFS_CMD_PIN_EXPORT_RSA_ISSUER_SIGNED_ITEM: CommandSpec<
    { exportItemType: number; name?: string },
    { value: Buffer | null; signatureAlgorithm: number; signature: Buffer | null }
  >;
  /** 3.10: use WFS_PIN_USERSAPRIVATE 0x40000 | USERSAPRIVATESIGN 0x10000000; modulusLength 0 = the
   * device's; exponentValue WFS_PIN_DEFAULT 0, EXPONENT_1 1 (3), EXPONENT_4 2 (17), EXPONENT_16 3 (65537) */
  WFS_CMD_PIN_GENERATE_RSA_KEY_PAIR: CommandSpec<{ key: string; use: number; modulusLength: number; exponentValue: number }, undefined>;
  /** 3.10: exportItemType WFS_PIN_EXPORT_EPP_ID 1, PUBLIC_KEY 2; signatureAlgorithm WFS_PIN_SIGN_NA 0,
   * RSASSA_PKCS1_V1_5 1, RSASSA_PSS 2; the item (PKCS#1 RSAPublicKey DER or the EPP's ID) and its signatures */
  WFS_CMD_PIN_EXPORT_RSA_EPP_SIGNED_ITEM: CommandSpec<
    { exportItemType: number; name?: string; sigKey?: string; signatureAlgorithm: number },
    { value: Buffer | null; selfSignature: Buffer | null; signature: Buffer | null }
  >;
  /** 3.10: a host certificate (PKCS#7, certificates only); the EPP's PKCS#7 DigestedData of the key it took */
  WFS_CMD_PIN_LOAD_CERTIFICATE: CommandSpec<{ certificate: Buffer }, Buffer | null>;
  /** 3.30: loadOption WFS_PIN_LOAD_NEWHOST 1, REPLACEHOST 2; signer WFS_PIN_SIGNER_CERTHOST 2, CA 8, HL 0x10;
   * rsaKeyCheckMode WFS_PIN_RSA_KCV_NONE 0, SHA1 1, SHA256 2 */
  WFS_CMD_PIN_LOAD_CERTIFICATE_EX: CommandSpec<{ loadOption: number; signer: number; certificate: Buffer }, { rsaKeyCheckMode: number; rsaData: Buffer | null }>;
  /** 3.10: the new CA's certificate in SignedData of the current CA; the DigestedData of the new CA key */
  WFS_CMD_PIN_REPLACE_CERTIFICATE: CommandSpec<{ certificate: Buffer }, Buffer | null>;
  /** 3.30: commandId WFS_CMD_PIN_INITIALIZATION 409 or IMPORT_KEY 403 (a deletion) and its input;
   * signers WFS_PIN_SIGNER_* bits */
  WFS_CMD_PIN_START_AUTHENTICATE: CommandSpec<
    { commandId: number; input?: { ident?: Buffer; key?: Buffer } | { key: string } },
    { internalResult: number; dataToSign: Buffer | null; signers: number }
  >;
};

/** WFSPINFK (3.30): keyType WFS_PIN_FK 1 (fk, shiftFk are WFS_PIN_FK_* bits) or WFS_PIN_FDK 2 (WFS_PIN_FK_FDK* bits). */
export interface PinLayoutKey { x: number; y: number; width: number; height: number; keyType: number; fk: number; shiftFk: number }
/** WFSPINFRAME (3.30): floatAction WFS_PIN_FLOATX 1 | FLOATY 2 */
export interface PinLayoutFrame { x: number; y: number; width: number; height: number; floatAction: number; keys: PinLayoutKey[] }
/** WFSPINLAYOUT (3.30): entryMode WFS_PIN_LAYOUT_DATA 1, PIN 2, SECURE 4 */
export interface PinLayout { entryMode: number; frames: PinLayoutFrame[] }

/** WFSPINPCIPTSDEVICEID (3.20) */
export interface PinPciPtsDeviceId {
  manufacturerIdentifier: string;
  modelIdentifier: string;
  hardwareIdentifier: string;
  firmwareIdentifier: string;
  applicationIdentifier: string;
}

/** WFSPINHEXKEYS: one key of the secure key entry keyboard; fk / shiftFk WFS_PIN_FK_* bits, 0 (UNUSED) for none */
export interface PinHexKey { x: number; y: number; width: number; height: number; fk: number; shiftFk: number }
/**
 * WFSPINSECUREKEYDETAIL: keyEntryMode WFS_PIN_SECUREKEY_NOTSUPP 0, REG_SHIFT 1, REG_UNIQUE 2, IRREG_SHIFT 4,
 * IRREG_UNIQUE 8; the FDKs that act as clear, cancel, backspace and enter (0: none); hexKeys has columns * rows keys.
 */
export interface PinSecureKeyDetail {
  keyEntryMode: number;
  funcKeyDetail: PinFuncKeyDetail | null;
  clearFdk: number;
  cancelFdk: number;
  backspaceFdk: number;
  enterFdk: number;
  columns: number;
  rows: number;
  hexKeys: PinHexKey[];
}

export type PinInfoMap = {
  WFS_INF_PIN_STATUS: CommandSpec<undefined, PinStatus>;
  WFS_INF_PIN_CAPABILITIES: CommandSpec<undefined, PinCapabilities>;
  /** A key name, or undefined for every key. */
  WFS_INF_PIN_KEY_DETAIL: CommandSpec<string | undefined, PinKeyDetail[]>;
  WFS_INF_PIN_FUNCKEY_DETAIL: CommandSpec<{ fdkMask: number }, PinFuncKeyDetail>;
  WFS_INF_PIN_QUERY_PCIPTS_DEVICE_ID: CommandSpec<undefined, PinPciPtsDeviceId>;
  /** 3.10 */
  WFS_INF_PIN_SECUREKEY_DETAIL: CommandSpec<undefined, PinSecureKeyDetail>;
  /** 3.30: entryMode WFS_PIN_LAYOUT_DATA 1 | PIN 2 | SECURE 4; the layouts defined for those modes */
  WFS_INF_PIN_GET_LAYOUT: CommandSpec<{ entryMode: number }, PinLayout[]>;
};

export interface PinEventData {
  WFS_EXEE_PIN_KEY: PinKeyPress;
  WFS_SRVE_PIN_INITIALIZED: { ident: Buffer | null; key: Buffer | null };
  /** lErrorCode: the PIN class error (WFS_ERR_PIN_KEYNOTFOUND, KEYNOVALUE, USEVIOLATION, ...) */
  WFS_SRVE_PIN_ILLEGAL_KEY_ACCESS: { keyName: string; errorCode: number };
  /** 3.10: no data */
  WFS_EXEE_PIN_ENTERDATA: undefined;
  /** 3.30: the layout the running entry shows (floating frames where they are now) */
  WFS_EXEE_PIN_LAYOUT: PinLayout;
}
