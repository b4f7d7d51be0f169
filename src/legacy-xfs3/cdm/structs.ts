// CDM struct layouts per version (3.00 prefix; 3.20 and 3.30 append fields, see idc/structs.ts).
import { defineNested, extend, struct } from '../layout.ts';

export const CDM_OUTPOS_V300 = struct('cdm_outpos_v300_t', [
  ['fwPosition', 'u16'], ['fwShutter', 'u16'], ['fwPositionStatus', 'u16'], ['fwTransport', 'u16'],
  ['fwTransportStatus', 'u16'],
]);
export const CDM_OUTPOS_V330 = extend(CDM_OUTPOS_V300, 'cdm_outpos_v330_t', [['fwJammedShutterPosition', 'u16']]);

export const CDM_STATUS_V300 = struct('cdm_status_v300_t', [
  ['fwDevice', 'u16'], ['fwSafeDoor', 'u16'], ['fwDispenser', 'u16'], ['fwIntermediateStacker', 'u16'],
  ['lppPositions', 'ptr'], ['lpszExtra', 'ptr'],
]);
export const CDM_STATUS_V320 = extend(CDM_STATUS_V300, 'cdm_status_v320_t', [
  ['dwGuidLights', 'u32x:32'], ['wDevicePosition', 'u16'], ['usPowerSaveRecoveryTime', 'u16'],
  ['wAntiFraudModule', 'u16'],
]);

export const CDM_CAPS_V300 = struct('cdm_caps_v300_t', [
  ['wClass', 'u16'], ['fwType', 'u16'], ['wMaxDispenseItems', 'u16'], ['bCompound', 'bool'],
  ['bShutter', 'bool'], ['bShutterControl', 'bool'], ['fwRetractAreas', 'u16'],
  ['fwRetractTransportActions', 'u16'], ['fwRetractStackerActions', 'u16'], ['bSafeDoor', 'bool'],
  ['bCashBox', 'bool'], ['bIntermediateStacker', 'bool'], ['bItemsTakenSensor', 'bool'],
  ['fwPositions', 'u16'], ['fwMoveItems', 'u16'], ['fwExchangeType', 'u16'], ['lpszExtra', 'ptr'],
]);
export const CDM_CAPS_V320 = extend(CDM_CAPS_V300, 'cdm_caps_v320_t', [
  ['dwGuidLights', 'u32x:32'], ['bPowerSaveControl', 'bool'], ['bPrepareDispense', 'bool'],
  ['bAntiFraudModule', 'bool'],
]);
export const CDM_CAPS_V330 = extend(CDM_CAPS_V320, 'cdm_caps_v330_t', [
  ['dwItemInfoTypes', 'u32'], ['bBlacklist', 'bool'], ['lpdwSynchronizableCommands', 'ptr'],
]);

export const CDM_PHCU_V300 = struct('cdm_phcu_v300_t', [
  ['lpPhysicalPositionName', 'ptr'], ['cUnitID', 'chars:5'], ['ulInitialCount', 'u32'], ['ulCount', 'u32'],
  ['ulRejectCount', 'u32'], ['ulMaximum', 'u32'], ['usPStatus', 'u16'], ['bHardwareSensor', 'bool'],
]);
export const CDM_PHCU_V320 = extend(CDM_PHCU_V300, 'cdm_phcu_v320_t', [
  ['ulDispensedCount', 'u32'], ['ulPresentedCount', 'u32'], ['ulRetractedCount', 'u32'],
]);

export const CDM_CASHUNIT_V300 = struct('cdm_cashunit_v300_t', [
  ['usNumber', 'u16'], ['usType', 'u16'], ['lpszCashUnitName', 'ptr'], ['cUnitID', 'chars:5'],
  ['cCurrencyID', 'chars:3'], ['ulValues', 'u32'], ['ulInitialCount', 'u32'], ['ulCount', 'u32'],
  ['ulRejectCount', 'u32'], ['ulMinimum', 'u32'], ['ulMaximum', 'u32'], ['bAppLock', 'bool'],
  ['usStatus', 'u16'], ['usNumPhysicalCUs', 'u16'], ['lppPhysical', 'ptr'],
]);
export const CDM_CASHUNIT_V320 = extend(CDM_CASHUNIT_V300, 'cdm_cashunit_v320_t', [
  ['ulDispensedCount', 'u32'], ['ulPresentedCount', 'u32'], ['ulRetractedCount', 'u32'],
]);

export const CDM_CU_INFO = struct('cdm_cu_info_t', [['usTellerID', 'u16'], ['usCount', 'u16'], ['lppList', 'ptr']]);
export const CDM_DENOMINATION = struct('cdm_denomination_t', [
  ['cCurrencyID', 'chars:3'], ['ulAmount', 'u32'], ['usCount', 'u16'], ['lpulValues', 'ptr'], ['ulCashBox', 'u32'],
]);
export const CDM_PRESENT_STATUS = struct('cdm_present_status_t', [
  ['lpDenomination', 'ptr'], ['wPresentState', 'u16'], ['lpszExtra', 'ptr'],
]);
export const CDM_DENOMINATE = struct('cdm_denominate_t', [
  ['usTellerID', 'u16'], ['usMixNumber', 'u16'], ['lpDenomination', 'ptr'],
]);
export const CDM_DISPENSE = struct('cdm_dispense_t', [
  ['usTellerID', 'u16'], ['usMixNumber', 'u16'], ['fwPosition', 'u16'], ['bPresent', 'bool'], ['lpDenomination', 'ptr'],
]);
export const CDM_RETRACT = struct('cdm_retract_t', [['fwOutputPosition', 'u16'], ['usRetractArea', 'u16'], ['usIndex', 'u16']]);
export const CDM_ITEMPOSITION = struct('cdm_itemposition_t', [
  ['usNumber', 'u16'], ['lpRetractArea', 'ptr'], ['fwOutputPosition', 'u16'],
]);
export const CDM_CU_ERROR = struct('cdm_cu_error_t', [['wFailure', 'u16'], ['lpCashUnit', 'ptr']]);
export const CDM_CURRENCY_EXP = struct('cdm_currency_exp_t', [['cCurrencyID', 'chars:3'], ['sExponent', 'i16']]);
export const CDM_PHYSICAL_CU = struct('cdm_physical_cu_t', [['bEmptyAll', 'bool'], ['fwPosition', 'u16'], ['lpPhysicalPositionName', 'ptr']]);
export const CDM_COUNTED_PHYS_CU = struct('cdm_counted_phys_cu_t', [
  ['lpPhysicalPositionName', 'ptr'], ['cUnitId', 'chars:5'], ['ulDispensed', 'u32'], ['ulCounted', 'u32'], ['usPStatus', 'u16'],
]);
export const CDM_COUNT = struct('cdm_count_t', [['usNumPhysicalCUs', 'u16'], ['lppCountedPhysCUs', 'ptr']]);
export const CDM_PREPARE_DISPENSE = struct('cdm_prepare_dispense_t', [['wAction', 'u16']]);
export const CDM_MIX_ROW = struct('cdm_mix_row_t', [['ulAmount', 'u32'], ['lpusMixture', 'ptr']]);
export const CDM_MIX_TABLE = struct('cdm_mix_table_t', [
  ['usMixNumber', 'u16'], ['lpszName', 'ptr'], ['usRows', 'u16'], ['usCols', 'u16'], ['lpulMixHeader', 'ptr'], ['lppMixRows', 'ptr'],
]);
export const CDM_MIX_TYPE = struct('cdm_mix_type_t', [
  ['usMixNumber', 'u16'], ['usMixType', 'u16'], ['usSubType', 'u16'], ['lpszName', 'ptr'],
]);
export const CDM_START_EX = struct('cdm_start_ex_t', [
  ['fwExchangeType', 'u16'], ['usTellerID', 'u16'], ['usCount', 'u16'], ['lpusCUNumList', 'ptr'],
]);
export const CDM_TELLER_INFO = struct('cdm_teller_info_t', [['usTellerID', 'u16'], ['cCurrencyID', 'chars:3']]);
export const CDM_TELLER_TOTALS = struct('cdm_teller_totals_t', [
  ['cCurrencyID', 'chars:3'], ['ulItemsReceived', 'u32'], ['ulItemsDispensed', 'u32'], ['ulCoinsReceived', 'u32'],
  ['ulCoinsDispensed', 'u32'], ['ulCashBoxReceived', 'u32'], ['ulCashBoxDispensed', 'u32'],
]);
export const CDM_TELLER_DETAILS = struct('cdm_teller_details_t', [
  ['usTellerID', 'u16'], ['ulInputPosition', 'u32'], ['fwOutputPosition', 'u16'], ['lppTellerTotals', 'ptr'],
]);
export const CDM_TELLER_UPDATE = struct('cdm_teller_update_t', [['usAction', 'u16'], ['lpTellerDetails', 'ptr']]);
export const CDM_CALIBRATE = struct('cdm_calibrate_t', [['usNumber', 'u16'], ['usNumOfBills', 'u16'], ['lpPosition', 'ptr']]);
export const CDM_SHUTTER_STATUS_CHANGED = struct('cdm_shutter_status_changed_t', [['fwPosition', 'u16'], ['fwShutter', 'u16']]);
// 3.30 WFS_EXEE_CDM_INCOMPLETERETRACT: the item number list is embedded by value (despite its lp name).
export const CDM_ITEM_NUMBER = struct('cdm_item_number_t', [
  ['cCurrencyID', 'chars:3'], ['ulValues', 'u32'], ['usRelease', 'u16'], ['ulCount', 'u32'], ['usNumber', 'u16'],
]);
const itemNumberList = [['usNumOfItemNumbers', 'u16'], ['lppItemNumber', 'ptr']] as const;
defineNested('cdm_item_number_list_t', itemNumberList);
export const CDM_ITEM_NUMBER_LIST = struct('cdm_item_number_list_t', itemNumberList);
export const CDM_INCOMPLETE_RETRACT = struct('cdm_incomplete_retract_t', [['lpItemNumberList', 'struct:cdm_item_number_list_t'], ['usReason', 'u16']]);
