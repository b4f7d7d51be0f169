// Payloads of the IDC (identification card) class as plain JS values. Field names are the 3.x
// field names without their Hungarian prefix; numeric enums keep their 3.x values (see
// constants-idc.ts). Fields a 3.x version added later are optional: undefined on older services.
import type { CommandSpec } from '../types.ts';

export type Extra = Record<string, string>;

export interface IdcStatus {
  device: number;
  media: number;
  retainBin: number;
  security: number;
  cards: number;
  chipPower: number;
  extra: Extra;
  // 3.20+
  guidLights?: number[];
  chipModule?: number;
  magReadModule?: number;
  magWriteModule?: number;
  frontImageModule?: number;
  backImageModule?: number;
  devicePosition?: number;
  powerSaveRecoveryTime?: number;
  parkingStationMedia?: number[];
  antiFraudModule?: number;
}

export interface IdcCapabilities {
  class: number;
  type: number;
  compound: boolean;
  readTracks: number;
  writeTracks: number;
  chipProtocols: number;
  cards: number;
  secType: number;
  powerOnOption: number;
  powerOffOption: number;
  fluxSensorProgrammable: boolean;
  readWriteAccessFollowingEject: boolean;
  writeMode: number;
  chipPower: number;
  extra: Extra;
  // 3.20+
  dipMode?: number;
  memoryChipProtocols?: number[];
  guidLights?: number[];
  ejectPosition?: number;
  powerSaveControl?: boolean;
  parkingStations?: number;
  antiFraudModule?: boolean;
  // 3.30+
  synchronizableCommands?: number[];
}

export interface IdcForm {
  formName: string;
  fieldSeparatorTrack1: string;
  fieldSeparatorTrack2: string;
  fieldSeparatorTrack3: string;
  action: number;
  tracks: string;
  secure: boolean;
  track1Fields: string[];
  track2Fields: string[];
  track3Fields: string[];
  // 3.10+
  frontTrack1Fields?: string[];
  fieldSeparatorFrontTrack1?: string;
  // 3.20+
  jis1Track1Fields?: string[];
  jis1Track3Fields?: string[];
  fieldSeparatorJis1Track1?: string;
  fieldSeparatorJis1Track3?: string;
}

export interface IdcIfmIdentifier {
  authority: number;
  identifier: string;
}

export interface IdcAppData {
  aid: Buffer;
  kernelIdentifier: Buffer;
}

/** WFSIDCCARDDATA: one data source of READ_RAW_DATA / WRITE_RAW_DATA. */
export interface IdcCardData {
  dataSource: number;
  status: number;
  data: Buffer;
  writeMethod: number;
}

export interface IdcChipIo {
  protocol: number;
  data: Buffer;
}

export interface IdcAidData {
  aid: Buffer;
  partialSelection: boolean;
  transactionType: number;
  kernelIdentifier: Buffer;
  configData: Buffer;
}

export interface IdcKeyData {
  rid: Buffer;
  caPublicKeyIndex: number;
  algorithmIndicator: number;
  exponent: Buffer;
  modulus: Buffer;
  /** 20 bytes (SHA-1) or empty when absent. */
  checksum: Buffer;
}

export interface IdcEmvClessConfig {
  terminalData: Buffer;
  aids: IdcAidData[];
  keys: IdcKeyData[];
}

export interface IdcEmvClessUi {
  messageId: number;
  status: number;
  holdTime: number;
  valueQualifier: number;
  value: string;
  currencyCode: string;
  languagePreferenceData: string;
}

export interface IdcEmvClessOutcome {
  cvm: number;
  alternateInterface: number;
  receipt: boolean;
  uiOutcome: IdcEmvClessUi | null;
  uiRestart: IdcEmvClessUi | null;
  fieldOffHoldTime: number;
  cardRemovalTimeoutValue: number;
  discretionaryData: Buffer;
}

export interface IdcEmvClessTxOutput {
  dataSource: number;
  txOutcome: number;
  cardholderAction: number;
  dataRead: Buffer;
  outcome: IdcEmvClessOutcome | null;
}

export type IdcExecuteMap = {
  WFS_CMD_IDC_READ_RAW_DATA: CommandSpec<{ sources: number }, IdcCardData[]>;
  WFS_CMD_IDC_WRITE_RAW_DATA: CommandSpec<IdcCardData[], undefined>;
  /** ejectPosition is sent to 3.20+ services only (3.00 takes no data). */
  WFS_CMD_IDC_EJECT_CARD: CommandSpec<{ ejectPosition?: number } | undefined, undefined>;
  WFS_CMD_IDC_RETAIN_CARD: CommandSpec<undefined, { count: number; position: number }>;
  WFS_CMD_IDC_RESET_COUNT: CommandSpec<undefined, undefined>;
  WFS_CMD_IDC_SETKEY: CommandSpec<{ key: Buffer }, undefined>;
  WFS_CMD_IDC_CHIP_IO: CommandSpec<IdcChipIo, IdcChipIo>;
  /** action: WFS_IDC_NOACTION / EJECT / RETAIN / EJECTTHENRETAIN / READPOSITION. */
  WFS_CMD_IDC_RESET: CommandSpec<{ action: number }, undefined>;
  /** power: WFS_IDC_CHIPPOWERCOLD / WARM / OFF; out: the ATR. */
  WFS_CMD_IDC_CHIP_POWER: CommandSpec<{ power: number }, { data: Buffer }>;
  WFS_CMD_IDC_SET_GUIDANCE_LIGHT: CommandSpec<{ guidLight: number; command: number }, undefined>;
  WFS_CMD_IDC_POWER_SAVE_CONTROL: CommandSpec<{ maxPowerSaveRecoveryTime: number }, undefined>;
  WFS_CMD_IDC_PARK_CARD: CommandSpec<{ direction: number; parkingStation: number }, undefined>;
  WFS_CMD_IDC_EMVCLESS_CONFIGURE: CommandSpec<IdcEmvClessConfig, undefined>;
  WFS_CMD_IDC_EMVCLESS_PERFORM_TRANSACTION: CommandSpec<{ data: Buffer }, IdcEmvClessTxOutput[]>;
  WFS_CMD_IDC_EMVCLESS_ISSUERUPDATE: CommandSpec<{ data: Buffer }, IdcEmvClessTxOutput | null>;
};

export type IdcInfoMap = {
  WFS_INF_IDC_STATUS: CommandSpec<undefined, IdcStatus>;
  WFS_INF_IDC_CAPABILITIES: CommandSpec<undefined, IdcCapabilities>;
  WFS_INF_IDC_FORM_LIST: CommandSpec<undefined, string[]>;
  WFS_INF_IDC_QUERY_FORM: CommandSpec<{ formName: string }, IdcForm>;
  WFS_INF_IDC_QUERY_IFM_IDENTIFIER: CommandSpec<undefined, IdcIfmIdentifier[]>;
  WFS_INF_IDC_EMVCLESS_QUERY_APPLICATIONS: CommandSpec<undefined, IdcAppData[]>;
};

/** Event payloads by event name (events without data are absent). */
export interface IdcEventData {
  WFS_EXEE_IDC_INVALIDTRACKDATA: { status: number; track: string; data: string };
  WFS_EXEE_IDC_TRACKDETECTED: { tracks: number };
  WFS_EXEE_IDC_EMVCLESSREADSTATUS: { ui: IdcEmvClessUi | null };
  WFS_SRVE_IDC_CARDACTION: { action: number; position: number };
  WFS_SRVE_IDC_MEDIADETECTED: { resetOut: number };
  WFS_SRVE_IDC_DEVICEPOSITION: { position: number };
  WFS_SRVE_IDC_POWER_SAVE_CHANGE: { powerSaveRecoveryTime: number };
  WFS_USRE_IDC_RETAINBINTHRESHOLD: { retainBin: number };
}
