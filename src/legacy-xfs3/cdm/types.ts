// Payloads of the CDM (cash dispenser) class as plain JS values; same conventions as idc/types.ts.
import type { CommandSpec } from '../types.ts';
import type { TellerTotals } from '../teller.ts';
import type { Extra } from '../idc/types.ts';

export interface CdmOutputPosition {
  position: number;
  shutter: number;
  positionStatus: number;
  transport: number;
  transportStatus: number;
  // 3.30+
  jammedShutterPosition?: number;
}

export interface CdmStatus {
  device: number;
  safeDoor: number;
  dispenser: number;
  intermediateStacker: number;
  positions: CdmOutputPosition[];
  extra: Extra;
  // 3.20+
  guidLights?: number[];
  devicePosition?: number;
  powerSaveRecoveryTime?: number;
  antiFraudModule?: number;
}

export interface CdmCapabilities {
  class: number;
  type: number;
  maxDispenseItems: number;
  compound: boolean;
  shutter: boolean;
  shutterControl: boolean;
  retractAreas: number;
  retractTransportActions: number;
  retractStackerActions: number;
  safeDoor: boolean;
  cashBox: boolean;
  intermediateStacker: boolean;
  itemsTakenSensor: boolean;
  positions: number;
  moveItems: number;
  exchangeType: number;
  extra: Extra;
  // 3.20+
  guidLights?: number[];
  powerSaveControl?: boolean;
  prepareDispense?: boolean;
  antiFraudModule?: boolean;
  // 3.30+
  itemInfoTypes?: number;
  blacklist?: boolean;
  synchronizableCommands?: number[];
}

export interface CdmPhysicalCashUnit {
  physicalPositionName: string;
  unitId: string;
  initialCount: number;
  count: number;
  rejectCount: number;
  maximum: number;
  pStatus: number;
  hardwareSensor: boolean;
  // 3.20+
  dispensedCount?: number;
  presentedCount?: number;
  retractedCount?: number;
}

export interface CdmCashUnit {
  number: number;
  type: number;
  cashUnitName: string;
  unitId: string;
  currencyId: string;
  values: number;
  initialCount: number;
  count: number;
  rejectCount: number;
  minimum: number;
  maximum: number;
  appLock: boolean;
  status: number;
  physical: CdmPhysicalCashUnit[];
  // 3.20+
  dispensedCount?: number;
  presentedCount?: number;
  retractedCount?: number;
}

export interface CdmCashUnitInfo {
  tellerId: number;
  units: CdmCashUnit[];
}

/** WFSCDMITEMNUMBER: items of one denomination and the logical cash unit they went to (usNumber). */
export interface CdmItemNumber {
  currencyId: string;
  values: number;
  release: number;
  count: number;
  number: number;
}

/** WFSCDMINCOMPLETERETRACT (3.30). */
export interface CdmIncompleteRetract {
  itemNumbers: CdmItemNumber[];
  reason: number;
}

/** WFS_SRVE_CDM_MEDIADETECTED (WFSCDMITEMPOSITION): where items found at a reset went. */
export interface CdmItemPosition {
  /** cash unit number, 0 when not a cash unit */
  number: number;
  outputPosition: number;
  retractArea: { area: number; index: number } | null;
}

export interface CdmDenomination {
  currencyId: string;
  amount: number;
  /** Items per cash unit, indexed like the cash unit list; empty when only an amount is given. */
  values: number[];
  cashBox: number;
}

export interface CdmPresentStatus {
  denomination: CdmDenomination | null;
  presentState: number;
  extra: Extra;
}

export interface CdmCurrencyExp {
  currencyId: string;
  exponent: number;
}

/** WFSCDMCOUNTEDPHYSCU */
export interface CdmCountedUnit {
  physicalPositionName: string;
  unitId: string;
  dispensed: number;
  counted: number;
  /** WFS_CDM_STATCU* */
  status: number;
}

/** WFSCDMMIXTABLE: per row an amount and the notes of each header value. */
export interface CdmMixTable {
  mixNumber: number;
  name: string;
  /** note values, in the currency's minor units per WFS_INF_CDM_CURRENCY_EXP */
  header: number[];
  rows: Array<{ amount: number; mixture: number[] }>;
}

export interface CdmMixType {
  mixNumber: number;
  /** 1 = mix algorithm, 2 = mix table. */
  mixType: number;
  subType: number;
  name: string;
}

export interface CdmRetract {
  outputPosition: number;
  retractArea: number;
  index: number;
}

export type CdmExecuteMap = {
  WFS_CMD_CDM_DENOMINATE: CommandSpec<{ tellerId: number; mixNumber: number; denomination: CdmDenomination }, CdmDenomination>;
  WFS_CMD_CDM_DISPENSE: CommandSpec<{ tellerId: number; mixNumber: number; position: number; present: boolean; denomination: CdmDenomination }, CdmDenomination>;
  WFS_CMD_CDM_PRESENT: CommandSpec<{ position: number }, undefined>;
  WFS_CMD_CDM_REJECT: CommandSpec<undefined, undefined>;
  WFS_CMD_CDM_RETRACT: CommandSpec<CdmRetract, undefined>;
  WFS_CMD_CDM_OPEN_SHUTTER: CommandSpec<{ position: number }, undefined>;
  WFS_CMD_CDM_CLOSE_SHUTTER: CommandSpec<{ position: number }, undefined>;
  /** Without data the device chooses where items go. */
  WFS_CMD_CDM_SET_MIX_TABLE: CommandSpec<CdmMixTable, undefined>;
  /** Empties the unit at this physical position (or all, emptyAll) and counts its notes. */
  WFS_CMD_CDM_COUNT: CommandSpec<{ emptyAll: boolean; position: number; physicalPositionName?: string }, CdmCountedUnit[]>;
  /** 3.20: action WFS_CDM_START 1 / WFS_CDM_STOP 2 */
  WFS_CMD_CDM_PREPARE_DISPENSE: CommandSpec<{ action: number }, undefined>;
  WFS_CMD_CDM_RESET: CommandSpec<CdmItemTarget | undefined, undefined>;
  /** The whole WFSCDMCASHUNIT of every unit to change (the service reads the fields it lets an application set). */
  WFS_CMD_CDM_SET_CASH_UNIT_INFO: CommandSpec<{ tellerId?: number; units: CdmCashUnit[] }, undefined>;
  /** exchangeType WFS_CDM_EXBYHAND 1 / EXTOCASSETTES 2; the units (usNumber) to exchange. */
  WFS_CMD_CDM_START_EXCHANGE: CommandSpec<{ exchangeType: number; tellerId: number; numbers: number[] }, CdmCashUnitInfo>;
  /** Without data the units stay as they were. */
  WFS_CMD_CDM_END_EXCHANGE: CommandSpec<{ tellerId?: number; units: CdmCashUnit[] } | undefined, undefined>;
  /** action WFS_CDM_CREATE_TELLER 1 / MODIFY_TELLER 2 / DELETE_TELLER 3 */
  WFS_CMD_CDM_SET_TELLER_INFO: CommandSpec<{
    action: number;
    details: Partial<Omit<CdmTellerDetails, 'totals'>> & { tellerId: number; totals?: Array<Partial<CdmTellerTotals> & { currencyId: string }> };
  }, undefined>;
  /** WFSCDMCALIBRATE both ways: numOfBills from unit `number` to the position (none: the device chooses). */
  WFS_CMD_CDM_CALIBRATE_CASH_UNIT: CommandSpec<CdmCalibrate, CdmCalibrate>;
  /** One item from every cash unit to the target; the cash units afterwards. */
  WFS_CMD_CDM_TEST_CASH_UNITS: CommandSpec<CdmItemTarget | undefined, CdmCashUnitInfo>;
};

/** WFSCDMTELLERTOTALS: amounts in the currency's minimum dispense units. */
export type CdmTellerTotals = TellerTotals;

/** WFSCDMTELLERDETAILS */
export interface CdmTellerDetails {
  tellerId: number;
  /** WFS_CDM_POSIN* bits (a ULONG in the CDM class) */
  inputPosition: number;
  outputPosition: number;
  totals: CdmTellerTotals[];
}

export interface CdmCalibrate {
  number: number;
  numOfBills: number;
  position: CdmItemTarget | null;
}

/** WFSCDMITEMPOSITION as a command input: a cash unit, a retract area or an output position. */
export interface CdmItemTarget {
  number: number;
  retractArea: CdmRetract | null;
  outputPosition: number;
}

export type CdmInfoMap = {
  WFS_INF_CDM_STATUS: CommandSpec<undefined, CdmStatus>;
  WFS_INF_CDM_CAPABILITIES: CommandSpec<undefined, CdmCapabilities>;
  WFS_INF_CDM_CASH_UNIT_INFO: CommandSpec<undefined, CdmCashUnitInfo>;
  WFS_INF_CDM_CURRENCY_EXP: CommandSpec<undefined, CdmCurrencyExp[]>;
  WFS_INF_CDM_MIX_TYPES: CommandSpec<undefined, CdmMixType[]>;
  WFS_INF_CDM_MIX_TABLE: CommandSpec<{ mixNumber: number }, CdmMixTable>;
  WFS_INF_CDM_PRESENT_STATUS: CommandSpec<{ position: number }, CdmPresentStatus>;
  /** Without a query every teller; a blank currency means every currency. */
  WFS_INF_CDM_TELLER_INFO: CommandSpec<{ tellerId: number; currencyId?: string } | undefined, CdmTellerDetails[]>;
};

export interface CdmEventData {
  WFS_SRVE_CDM_ITEMSTAKEN: { position: number };
  WFS_SRVE_CDM_CASHUNITINFOCHANGED: CdmCashUnit;
  WFS_USRE_CDM_CASHUNITTHRESHOLD: CdmCashUnit;
  WFS_EXEE_CDM_NOTEERROR: { reason: number };
  WFS_EXEE_CDM_CASHUNITERROR: { failure: number; cashUnit: CdmCashUnit | null };
  WFS_EXEE_CDM_DELAYEDDISPENSE: { delay: number };
  WFS_EXEE_CDM_PARTIALDISPENSE: { dispenseCount: number };
  WFS_EXEE_CDM_SUBDISPENSEOK: CdmDenomination;
  WFS_EXEE_CDM_INCOMPLETEDISPENSE: CdmDenomination;
  WFS_SRVE_CDM_TELLERINFOCHANGED: { tellerId: number };
  /** 3.30: WFS_CDM_SHT* of one position */
  WFS_SRVE_CDM_SHUTTERSTATUSCHANGED: { position: number; shutter: number };
  /** 3.30: what a retract moved before it stopped, and why it stopped (WFS_CDM_IR*). */
  WFS_EXEE_CDM_INCOMPLETERETRACT: CdmIncompleteRetract;
}
