// Payloads of the TTU (text terminal unit) class as plain JS values; same conventions as idc-types.ts.
import type { CommandSpec } from './types.ts';
import type { Extra } from './idc-types.ts';

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

export type TtuExecuteMap = {
  /** beep: WFS_TTU_BEEP* bits */
  WFS_CMD_TTU_BEEP: CommandSpec<{ beep: number }, undefined>;
  /** Without input the whole screen. */
  WFS_CMD_TTU_CLEARSCREEN: CommandSpec<{ positionX: number; positionY: number; width: number; height: number } | undefined, undefined>;
  WFS_CMD_TTU_SET_RESOLUTION: CommandSpec<TtuResolution, undefined>;
  WFS_CMD_TTU_WRITE: CommandSpec<TtuWrite, undefined>;
  WFS_CMD_TTU_READ: CommandSpec<TtuRead, string>;
  WFS_CMD_TTU_RESET: CommandSpec<undefined, undefined>;
};

export type TtuInfoMap = {
  WFS_INF_TTU_STATUS: CommandSpec<undefined, TtuStatus>;
  WFS_INF_TTU_CAPABILITIES: CommandSpec<undefined, TtuCapabilities>;
  WFS_INF_TTU_FORM_LIST: CommandSpec<undefined, string[]>;
  WFS_INF_TTU_KEY_DETAIL: CommandSpec<undefined, TtuKeyDetail>;
};

export interface TtuEventData {
  WFS_EXEE_TTU_KEY: TtuKey;
}
