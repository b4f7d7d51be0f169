// Payloads of the SIU (sensors and indicators unit) class as plain JS values; same conventions as
// idc/types.ts. Port arrays are indexed by the 3.x port index (WFS_SIU_OPERATORSWITCH = 0, ...).
import type { CommandSpec } from '../types.ts';
import type { Extra } from '../idc/types.ts';

export interface SiuPorts {
  sensors: number[];
  doors: number[];
  indicators: number[];
  auxiliaries: number[];
  guidLights: number[];
}

export interface SiuStatus extends SiuPorts {
  device: number;
  extra: Extra;
  // 3.20+
  powerSaveRecoveryTime?: number;
  antiFraudModule?: number;
}

export interface SiuCapabilities extends SiuPorts {
  class: number;
  type: number;
  extra: Extra;
  // 3.20+
  powerSaveControl?: boolean;
  autoStartupMode?: number;
  antiFraudModule?: boolean;
  // 3.30+
  synchronizableCommands?: number[];
}

/** WFS_CMD_SIU_ENABLE_EVENTS: per port 0 no change, 1 enable, 2 disable; absent entries are 0. */
export type SiuEnable = Partial<SiuPorts>;

export interface SiuSetPort {
  /** Door, indicator, auxiliary or guidance light index. */
  port: number;
  command: number;
}

/** A 3.x SYSTEMTIME as far as auto start-up uses it (seconds are not used). */
export interface SiuStartTime {
  year: number;
  month: number;
  dayOfWeek: number;
  day: number;
  hour: number;
  minute: number;
}

/** WFSSIUGETSTARTUPTIME / WFSSIUSETSTARTUPTIME: mode WFS_SIU_AUTOSTARTUP_CLEAR 1, SPECIFIC 2, DAILY 4, WEEKLY 8. */
export interface SiuStartupTime {
  mode: number;
  startTime: SiuStartTime | null;
}

export interface SiuPortEvent {
  portType: number;
  portIndex: number;
  portStatus: number;
  extra: Extra;
}

export type SiuExecuteMap = {
  WFS_CMD_SIU_ENABLE_EVENTS: CommandSpec<SiuEnable, void>;
  WFS_CMD_SIU_SET_DOOR: CommandSpec<SiuSetPort, void>;
  WFS_CMD_SIU_SET_INDICATOR: CommandSpec<SiuSetPort, void>;
  WFS_CMD_SIU_SET_AUXILIARY: CommandSpec<SiuSetPort, void>;
  WFS_CMD_SIU_SET_GUIDLIGHT: CommandSpec<SiuSetPort, void>;
  WFS_CMD_SIU_RESET: CommandSpec<void, void>;
  WFS_CMD_SIU_SET_AUTOSTARTUP_TIME: CommandSpec<SiuStartupTime, void>;
  WFS_CMD_SIU_POWER_SAVE_CONTROL: CommandSpec<{ maxPowerSaveRecoveryTime: number }, void>;
};

export type SiuInfoMap = {
  WFS_INF_SIU_STATUS: CommandSpec<void, SiuStatus>;
  WFS_INF_SIU_CAPABILITIES: CommandSpec<void, SiuCapabilities>;
  WFS_INF_SIU_GET_AUTOSTARTUP_TIME: CommandSpec<void, SiuStartupTime>;
};
