// Payloads of the CIM (cash-in module) class as plain JS values; same conventions as idc/types.ts.
import type { CommandSpec } from '../types.ts';
import type { TellerTotals } from '../teller.ts';
import type { Extra } from '../idc/types.ts';

export interface CimInputPosition {
  position: number;
  shutter: number;
  positionStatus: number;
  transport: number;
  transportStatus: number;
  // 3.30+
  jammedShutterPosition?: number;
}

export interface CimStatus {
  device: number;
  safeDoor: number;
  acceptor: number;
  intermediateStacker: number;
  stackerItems: number;
  banknoteReader: number;
  dropBox: boolean;
  positions: CimInputPosition[];
  extra: Extra;
  // 3.20+
  guidLights?: number[];
  devicePosition?: number;
  powerSaveRecoveryTime?: number;
  mixedMode?: number;
  antiFraudModule?: number;
}

export interface CimCapabilities {
  class: number;
  type: number;
  maxCashInItems: number;
  compound: boolean;
  shutter: boolean;
  shutterControl: boolean;
  safeDoor: boolean;
  cashBox: boolean;
  refill: boolean;
  intermediateStacker: number;
  itemsTakenSensor: boolean;
  itemsInsertedSensor: boolean;
  positions: number;
  exchangeType: number;
  retractAreas: number;
  retractTransportActions: number;
  retractStackerActions: number;
  extra: Extra;
  // 3.20+
  guidLights?: number[];
  itemInfoTypes?: number;
  compareSignatures?: boolean;
  powerSaveControl?: boolean;
  replenish?: boolean;
  cashInLimit?: number;
  countActions?: number;
  deviceLockControl?: boolean;
  mixedMode?: number;
  mixedDepositAndRollback?: boolean;
  antiFraudModule?: boolean;
  // 3.30+
  deplete?: boolean;
  blacklist?: boolean;
  synchronizableCommands?: number[];
}

export interface CimNoteNumber {
  noteId: number;
  count: number;
}

export interface CimPhysicalCashUnit {
  physicalPositionName: string;
  unitId: string;
  cashInCount: number;
  count: number;
  maximum: number;
  pStatus: number;
  hardwareSensors: boolean;
  extra: Extra;
  // 3.20+
  initialCount?: number;
  dispensedCount?: number;
  presentedCount?: number;
  retractedCount?: number;
  rejectCount?: number;
}

export interface CimCashUnit {
  number: number;
  /** WFS_CIM_TYPERECYCLING 1 .. TYPECDMSPECIFIC 6 */
  type: number;
  itemType: number;
  unitId: string;
  currencyId: string;
  values: number;
  cashInCount: number;
  count: number;
  maximum: number;
  status: number;
  appLock: boolean;
  /** Notes in the unit by note type; null when the provider gives no list. */
  noteNumbers: CimNoteNumber[] | null;
  physical: CimPhysicalCashUnit[];
  extra: Extra;
  // 3.20+
  noteIds?: number[];
  cdmType?: number;
  cashUnitName?: string;
  initialCount?: number;
  dispensedCount?: number;
  presentedCount?: number;
  retractedCount?: number;
  rejectCount?: number;
  minimum?: number;
}

export interface CimCurrencyExp {
  currencyId: string;
  exponent: number;
}

export interface CimNoteType {
  noteId: number;
  currencyId: string;
  values: number;
  release: number;
  configured: boolean;
}

export interface CimCashInStatus {
  /** WFS_CIM_CIOK 0, CIROLLBACK 1, CIACTIVE 2, CIRETRACT 3, CIUNKNOWN 4, CIRESET 5 */
  status: number;
  numOfRefused: number;
  noteNumbers: CimNoteNumber[] | null;
  extra: Extra;
}

export interface CimPositionCapabilities {
  position: number;
  usage: number;
  shutterControl: boolean;
  itemsTakenSensor: boolean;
  itemsInsertedSensor: boolean;
  retractAreas: number;
  extra: Extra;
  presentControl: boolean;
}

export type CimTellerTotals = TellerTotals;

export interface CimTellerDetails {
  tellerId: number;
  inputPosition: number;
  outputPosition: number;
  totals: CimTellerTotals[];
}

export interface CimP6Info {
  level: number;
  noteNumbers: CimNoteNumber[] | null;
  numOfSignatures: number;
}

export interface CimP6Signature {
  noteId: number;
  orientation: number;
  signature: Buffer;
}

export interface CimItemInfo {
  noteId: number;
  serialNumber: string | null;
  signature: CimP6Signature | null;
  // 3.30+
  imageFileName?: string | null;
}

export interface CimRetract {
  outputPosition: number;
  retractArea: number;
  index: number;
}

export interface CimItemPosition {
  number: number;
  retractArea: CimRetract | null;
  outputPosition: number;
}

export interface CimUnitLock {
  physicalPositionName: string;
  status: number;
}

export interface CimDeviceLockStatus {
  deviceLockStatus: number;
  units: CimUnitLock[];
}

export interface CimReplenishResult {
  removed: number;
  rejected: number;
  targets: { target: number; noteId: number; received: number }[];
}

export interface CimDepleteResult {
  received: number;
  rejected: number;
  sources: { source: number; noteId: number; removed: number }[];
}

export interface CimMoveItems {
  number: number;
  itemsToMove: number;
  removeAll: boolean;
}

export type CimExecuteMap = {
  WFS_CMD_CIM_CASH_IN_START: CommandSpec<{ tellerId: number; useRecycleUnits: boolean; outputPosition: number; inputPosition: number }, undefined>;
  /** The notes in the escrow after this bunch (the whole transaction so far). */
  WFS_CMD_CIM_CASH_IN: CommandSpec<undefined, CimNoteNumber[]>;
  /** The cash units whose counts changed. */
  WFS_CMD_CIM_CASH_IN_END: CommandSpec<undefined, CimCashUnit[]>;
  WFS_CMD_CIM_CASH_IN_ROLLBACK: CommandSpec<undefined, CimCashUnit[]>;
  WFS_CMD_CIM_RETRACT: CommandSpec<CimRetract, undefined>;
  WFS_CMD_CIM_OPEN_SHUTTER: CommandSpec<{ position: number }, undefined>;
  WFS_CMD_CIM_CLOSE_SHUTTER: CommandSpec<{ position: number }, undefined>;
  WFS_CMD_CIM_RESET: CommandSpec<CimItemPosition | undefined, undefined>;
  /** Note ids to accept from now on; the others are refused. */
  WFS_CMD_CIM_CONFIGURE_NOTETYPES: CommandSpec<{ noteIds: number[] }, undefined>;
  WFS_CMD_CIM_CREATE_P6_SIGNATURE: CommandSpec<undefined, CimP6Signature>;
  WFS_CMD_CIM_START_EXCHANGE: CommandSpec<{ exchangeType: number; tellerId: number; numbers: number[] }, CimCashUnit[]>;
  WFS_CMD_CIM_END_EXCHANGE: CommandSpec<CimCashUnit[] | undefined, undefined>;
  WFS_CMD_CIM_SET_CASH_UNIT_INFO: CommandSpec<CimCashUnit[], undefined>;
  WFS_CMD_CIM_SET_TELLER_INFO: CommandSpec<{ action: number; details: CimTellerDetails }, undefined>;
  WFS_CMD_CIM_CONFIGURE_NOTE_READER: CommandSpec<{ loadAlways: boolean }, { rebootNecessary: boolean }>;
  WFS_CMD_CIM_COMPARE_P6_SIGNATURE: CommandSpec<{ references: CimP6Signature[]; signatures: CimP6Signature[] }, { index: number; confidenceLevel: number; comparisonData: Buffer }[]>;
  WFS_CMD_CIM_REPLENISH: CommandSpec<{ source: number; targets: CimMoveItems[] }, CimReplenishResult>;
  WFS_CMD_CIM_SET_CASH_IN_LIMIT: CommandSpec<{ totalItemsLimit: number; amountLimit: { currencyId: string; amount: number } | null } | undefined, undefined>;
  WFS_CMD_CIM_CASH_UNIT_COUNT: CommandSpec<{ numbers: number[] }, undefined>;
  WFS_CMD_CIM_DEVICE_LOCK_CONTROL: CommandSpec<{ deviceAction: number; cashUnitAction: number; units: { physicalPositionName: string; action: number }[] }, undefined>;
  WFS_CMD_CIM_PRESENT_MEDIA: CommandSpec<{ position: number }, undefined>;
  WFS_CMD_CIM_DEPLETE: CommandSpec<{ target: number; sources: CimMoveItems[] }, CimDepleteResult>;
  WFS_CMD_CIM_SET_BLACKLIST: CommandSpec<{ version: string; elements: { serialNumber: string; currencyId: string; value: number }[] }, undefined>;
};

export type CimInfoMap = {
  WFS_INF_CIM_STATUS: CommandSpec<undefined, CimStatus>;
  WFS_INF_CIM_CAPABILITIES: CommandSpec<undefined, CimCapabilities>;
  WFS_INF_CIM_CASH_UNIT_INFO: CommandSpec<undefined, CimCashUnit[]>;
  WFS_INF_CIM_TELLER_INFO: CommandSpec<{ tellerId: number; currencyId: string } | undefined, CimTellerDetails[]>;
  WFS_INF_CIM_CURRENCY_EXP: CommandSpec<undefined, CimCurrencyExp[]>;
  WFS_INF_CIM_BANKNOTE_TYPES: CommandSpec<undefined, CimNoteType[]>;
  WFS_INF_CIM_CASH_IN_STATUS: CommandSpec<undefined, CimCashInStatus>;
  WFS_INF_CIM_GET_P6_INFO: CommandSpec<undefined, CimP6Info[]>;
  WFS_INF_CIM_GET_P6_SIGNATURE: CommandSpec<{ level: number; index: number }, CimP6Signature[]>;
  WFS_INF_CIM_GET_ITEM_INFO: CommandSpec<{ level: number; index: number; itemInfoType: number }, CimItemInfo[]>;
  WFS_INF_CIM_POSITION_CAPABILITIES: CommandSpec<undefined, CimPositionCapabilities[]>;
  WFS_INF_CIM_REPLENISH_TARGET: CommandSpec<{ source: number }, number[]>;
  WFS_INF_CIM_DEVICELOCK_STATUS: CommandSpec<undefined, CimDeviceLockStatus>;
  WFS_INF_CIM_DEPLETE_SOURCE: CommandSpec<{ target: number }, number[]>;
  WFS_INF_CIM_GET_BLACKLIST: CommandSpec<undefined, { version: string; elements: { serialNumber: string; currencyId: string; value: number }[] }>;
};

export interface CimEventData {
  WFS_USRE_CIM_CASHUNITTHRESHOLD: CimCashUnit;
  WFS_SRVE_CIM_CASHUNITINFOCHANGED: CimCashUnit;
  WFS_SRVE_CIM_TELLERINFOCHANGED: { tellerId: number };
  WFS_EXEE_CIM_CASHUNITERROR: { failure: number; cashUnit: CimCashUnit | null };
  WFS_SRVE_CIM_ITEMSTAKEN: { position?: number };
  WFS_SRVE_CIM_COUNTS_CHANGED: { numbers: number[] };
  WFS_EXEE_CIM_INPUTREFUSE: { reason: number };
  WFS_SRVE_CIM_ITEMSPRESENTED: { position?: number; additionalBunches?: number; bunchesRemaining?: number };
  WFS_SRVE_CIM_ITEMSINSERTED: { position?: number };
  WFS_EXEE_CIM_NOTEERROR: { reason: number };
  WFS_EXEE_CIM_SUBCASHIN: CimNoteNumber[];
  WFS_SRVE_CIM_MEDIADETECTED: CimItemPosition | null;
  WFS_EXEE_CIM_INPUT_P6: CimP6Info[];
  WFS_EXEE_CIM_INFO_AVAILABLE: { level: number; numOfItems: number }[];
  WFS_EXEE_CIM_INCOMPLETEREPLENISH: CimReplenishResult | null;
  WFS_EXEE_CIM_INCOMPLETEDEPLETE: CimDepleteResult | null;
  WFS_SRVE_CIM_SHUTTERSTATUSCHANGED: { position: number; shutter: number };
}
