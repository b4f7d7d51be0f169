// Payloads of the TTU (text terminal unit) class as plain JS values; same conventions as idc/types.ts.
import type { CommandSpec } from '../types.ts';
import type { Extra } from '../idc/types.ts';

export interface TtuStatus {
  device: number;
  /** WFS_TTU_KBD*: 0 not available, 1 on, 2 off. */
  keyboard: number;
  keylock: number;
  /** wLEDs[8], WFS_TTU_LED* per LED. */
  leds: number[];
  displaySizeX: number;
  displaySizeY: number;
  extra: Extra;
  /** 3.30 */
  devicePosition?: number;
  powerSaveRecoveryTime?: number;
  antiFraudModule?: number;
}

export interface TtuResolution { sizeX: number; sizeY: number }

export interface TtuCapabilities {
  class: number;
  /** WFS_TTU_FIXED / WFS_TTU_REMOVABLE */
  type: number;
  resolutions: TtuResolution[];
  numOfLeds: number;
  keyLock: boolean;
  displayLight: boolean;
  cursor: boolean;
  forms: boolean;
  /** WFS_TTU_ASCII / WFS_TTU_UNICODE bits */
  charSupport: number;
  extra: Extra;
  /** 3.30 */
  powerSaveControl?: boolean;
  antiFraudModule?: boolean;
  synchronizableCommands?: number[];
}

export interface TtuKeyDetail {
  /** Character keys the keyboard has. */
  keys: string;
  /** WFS_TTU_CK_* command keys. */
  commandKeys: number[];
}

export interface TtuWrite {
  /** WFS_TTU_POSRELATIVE 0 / WFS_TTU_POSABSOLUTE 1 */
  mode: number;
  posX: number;
  posY: number;
  /** WFS_TTU_TEXT* bits */
  textAttr: number;
  text: string;
}

export interface TtuRead {
  numOfChars: number;
  mode: number;
  posX: number;
  posY: number;
  /** WFS_TTU_ECHOTEXT 0, ECHOINVISIBLE 1, ECHOPASSWORD 2 */
  echoMode: number;
  echoAttr: number;
  cursor: boolean;
  flush: boolean;
  autoEnd: boolean;
  activeKeys: string;
  activeCommandKeys: number[];
  terminateCommandKeys: number[];
}

export interface TtuKey {
  /** The character, '' for a command key. */
  key: string;
  commandKey: number;
}

/** WFSTTUFRMHEADER */
export interface TtuFormHeader {
  formName: string;
  width: number;
  height: number;
  versionMajor: number;
  versionMinor: number;
  /** WFS_TTU_ASCII / WFS_TTU_UNICODE bits */
  charSupport: number;
  fields: string[];
  /** 3.20 */
  languageId?: number;
}

/** WFSTTUFRMFIELD */
export interface TtuFormField {
  fieldName: string;
  /** WFS_TTU_FIELDTEXT 0, FIELDINVISIBLE 1, FIELDPASSWORD 2 */
  type: number;
  /** WFS_TTU_CLASSOPTIONAL 0, CLASSSTATIC 1, CLASSREQUIRED 2 */
  class: number;
  /** WFS_TTU_ACCESSREAD 1 | ACCESSWRITE 2 */
  access: number;
  /** WFS_TTU_OVFTERMINATE 0, OVFTRUNCATE 1, OVFOVERWRITE 2 */
  overflow: number;
  format: string;
  /** 3.20 */
  languageId?: number;
}

export interface TtuWriteForm {
  formName: string;
  clearScreen: boolean;
  /** field name -> value, sent as "NAME=VALUE" entries */
  fields: Record<string, string>;
}

export interface TtuReadForm {
  formName: string;
  /** absent: every read field of the form */
  fieldNames?: string[];
}

export interface TtuDefineKeys {
  activeKeys: string;
  activeCommandKeys: number[];
  terminateCommandKeys: number[];
}

/** WFS_EXEE_TTU_FIELDERROR / FIELDWARNING (WFSTTUFIELDFAIL) */
export interface TtuFieldFailure {
  formName: string;
  fieldName: string;
  /** WFS_TTU_FIELDREQUIRED 0 ... WFS_TTU_CHARSETFORM 7 */
  failure: number;
}

export type TtuExecuteMap = {
  /** beep: WFS_TTU_BEEP* bits */
  WFS_CMD_TTU_BEEP: CommandSpec<{ beep: number }, undefined>;
  /** Without input the whole screen. */
  WFS_CMD_TTU_CLEARSCREEN: CommandSpec<{ positionX: number; positionY: number; width: number; height: number } | undefined, undefined>;
  WFS_CMD_TTU_SET_RESOLUTION: CommandSpec<TtuResolution, undefined>;
  WFS_CMD_TTU_WRITE: CommandSpec<TtuWrite, undefined>;
  WFS_CMD_TTU_READ: CommandSpec<TtuRead, string>;
  WFS_CMD_TTU_RESET: CommandSpec<undefined, undefined>;
  WFS_CMD_TTU_WRITE_FORM: CommandSpec<TtuWriteForm, undefined>;
  /** field name -> value read */
  WFS_CMD_TTU_READ_FORM: CommandSpec<TtuReadForm, Record<string, string>>;
  /** 3.20 (absent from 3.00) */
  WFS_CMD_TTU_DEFINE_KEYS: CommandSpec<TtuDefineKeys, undefined>;
};

export type TtuInfoMap = {
  WFS_INF_TTU_STATUS: CommandSpec<undefined, TtuStatus>;
  WFS_INF_TTU_CAPABILITIES: CommandSpec<undefined, TtuCapabilities>;
  WFS_INF_TTU_FORM_LIST: CommandSpec<undefined, string[]>;
  WFS_INF_TTU_KEY_DETAIL: CommandSpec<undefined, TtuKeyDetail>;
  WFS_INF_TTU_QUERY_FORM: CommandSpec<{ formName: string }, TtuFormHeader>;
  /** fieldName absent: every field of the form */
  WFS_INF_TTU_QUERY_FIELD: CommandSpec<{ formName: string; fieldName?: string }, TtuFormField[]>;
};

export interface TtuEventData {
  WFS_EXEE_TTU_KEY: TtuKey;
  WFS_EXEE_TTU_FIELDERROR: TtuFieldFailure;
  WFS_EXEE_TTU_FIELDWARNING: TtuFieldFailure;
}
