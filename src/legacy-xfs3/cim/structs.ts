// CIM struct layouts per version (3.00 prefix; 3.20 and 3.30 append fields, see idc/structs.ts).
import { extend, struct } from '../layout.ts';

export const CIM_INPOS_V300 = struct('cim_inpos_v300_t', [
  ['fwPosition', 'u16'], ['fwShutter', 'u16'], ['fwPositionStatus', 'u16'], ['fwTransport', 'u16'], ['fwTransportStatus', 'u16'],
]);
export const CIM_INPOS_V330 = extend(CIM_INPOS_V300, 'cim_inpos_v330_t', [['fwJammedShutterPosition', 'u16']]);

export const CIM_STATUS_V300 = struct('cim_status_v300_t', [
  ['fwDevice', 'u16'], ['fwSafeDoor', 'u16'], ['fwAcceptor', 'u16'], ['fwIntermediateStacker', 'u16'],
  ['fwStackerItems', 'u16'], ['fwBanknoteReader', 'u16'], ['bDropBox', 'bool'], ['lppPositions', 'ptr'], ['lpszExtra', 'ptr'],
]);
export const CIM_STATUS_V320 = extend(CIM_STATUS_V300, 'cim_status_v320_t', [
  ['dwGuidLights', 'u32x:32'], ['wDevicePosition', 'u16'], ['usPowerSaveRecoveryTime', 'u16'], ['wMixedMode', 'u16'],
  ['wAntiFraudModule', 'u16'],
]);

export const CIM_CAPS_V300 = struct('cim_caps_v300_t', [
  ['wClass', 'u16'], ['fwType', 'u16'], ['wMaxCashInItems', 'u16'], ['bCompound', 'bool'], ['bShutter', 'bool'],
  ['bShutterControl', 'bool'], ['bSafeDoor', 'bool'], ['bCashBox', 'bool'], ['bRefill', 'bool'],
  ['fwIntermediateStacker', 'u16'], ['bItemsTakenSensor', 'bool'], ['bItemsInsertedSensor', 'bool'], ['fwPositions', 'u16'],
  ['fwExchangeType', 'u16'], ['fwRetractAreas', 'u16'], ['fwRetractTransportActions', 'u16'],
  ['fwRetractStackerActions', 'u16'], ['lpszExtra', 'ptr'],
]);
export const CIM_CAPS_V320 = extend(CIM_CAPS_V300, 'cim_caps_v320_t', [
  ['dwGuidLights', 'u32x:32'], ['dwItemInfoTypes', 'u32'], ['bCompareSignatures', 'bool'], ['bPowerSaveControl', 'bool'],
  ['bReplenish', 'bool'], ['fwCashInLimit', 'u16'], ['fwCountActions', 'u16'], ['bDeviceLockControl', 'bool'],
  ['wMixedMode', 'u16'], ['bMixedDepositAndRollback', 'bool'], ['bAntiFraudModule', 'bool'],
]);
export const CIM_CAPS_V330 = extend(CIM_CAPS_V320, 'cim_caps_v330_t', [
  ['bDeplete', 'bool'], ['bBlacklist', 'bool'], ['lpdwSynchronizableCommands', 'ptr'],
]);

export const CIM_PHCU_V300 = struct('cim_phcu_v300_t', [
  ['lpPhysicalPositionName', 'ptr'], ['cUnitID', 'chars:5'], ['ulCashInCount', 'u32'], ['ulCount', 'u32'],
  ['ulMaximum', 'u32'], ['usPStatus', 'u16'], ['bHardwareSensors', 'bool'], ['lpszExtra', 'ptr'],
]);
export const CIM_PHCU_V320 = extend(CIM_PHCU_V300, 'cim_phcu_v320_t', [
  ['ulInitialCount', 'u32'], ['ulDispensedCount', 'u32'], ['ulPresentedCount', 'u32'], ['ulRetractedCount', 'u32'],
  ['ulRejectCount', 'u32'],
]);

export const CIM_NOTE_NUMBER = struct('cim_note_number_t', [['usNoteID', 'u16'], ['ulCount', 'u32']]);
export const CIM_NOTE_NUMBER_LIST = struct('cim_note_number_list_t', [['usNumOfNoteNumbers', 'u16'], ['lppNoteNumber', 'ptr']]);

export const CIM_CASHIN_V300 = struct('cim_cashin_v300_t', [
  ['usNumber', 'u16'], ['fwType', 'u32'], ['fwItemType', 'u32'], ['cUnitID', 'chars:5'], ['cCurrencyID', 'chars:3'],
  ['ulValues', 'u32'], ['ulCashInCount', 'u32'], ['ulCount', 'u32'], ['ulMaximum', 'u32'], ['usStatus', 'u16'],
  ['bAppLock', 'bool'], ['lpNoteNumberList', 'ptr'], ['usNumPhysicalCUs', 'u16'], ['lppPhysical', 'ptr'], ['lpszExtra', 'ptr'],
]);
export const CIM_CASHIN_V320 = extend(CIM_CASHIN_V300, 'cim_cashin_v320_t', [
  ['lpusNoteIDs', 'ptr'], ['usCDMType', 'u16'], ['lpszCashUnitName', 'ptr'], ['ulInitialCount', 'u32'],
  ['ulDispensedCount', 'u32'], ['ulPresentedCount', 'u32'], ['ulRetractedCount', 'u32'], ['ulRejectCount', 'u32'],
  ['ulMinimum', 'u32'],
]);
export const CIM_CASH_INFO = struct('cim_cash_info_t', [['usCount', 'u16'], ['lppCashIn', 'ptr']]);

export const CIM_TELLER_INFO = struct('cim_teller_info_t', [['usTellerID', 'u16'], ['cCurrencyID', 'chars:3']]);
export const CIM_TELLER_TOTALS = struct('cim_teller_totals_t', [
  ['cCurrencyID', 'chars:3'], ['ulItemsReceived', 'u32'], ['ulItemsDispensed', 'u32'], ['ulCoinsReceived', 'u32'],
  ['ulCoinsDispensed', 'u32'], ['ulCashBoxReceived', 'u32'], ['ulCashBoxDispensed', 'u32'],
]);
export const CIM_TELLER_DETAILS = struct('cim_teller_details_t', [
  ['usTellerID', 'u16'], ['fwInputPosition', 'u16'], ['fwOutputPosition', 'u16'], ['lppTellerTotals', 'ptr'],
]);
export const CIM_TELLER_UPDATE = struct('cim_teller_update_t', [['usAction', 'u16'], ['lpTellerDetails', 'ptr']]);
export const CIM_CURRENCY_EXP = struct('cim_currency_exp_t', [['cCurrencyID', 'chars:3'], ['sExponent', 'i16']]);
export const CIM_NOTE_TYPE = struct('cim_note_type_t', [
  ['usNoteID', 'u16'], ['cCurrencyID', 'chars:3'], ['ulValues', 'u32'], ['usRelease', 'u16'], ['bConfigured', 'bool'],
]);
export const CIM_NOTE_TYPE_LIST = struct('cim_note_type_list_t', [['usNumOfNoteTypes', 'u16'], ['lppNoteTypes', 'ptr']]);
export const CIM_CASH_IN_STATUS = struct('cim_cash_in_status_t', [
  ['wStatus', 'u16'], ['usNumOfRefused', 'u16'], ['lpNoteNumberList', 'ptr'], ['lpszExtra', 'ptr'],
]);

export const CIM_P6_INFO = struct('cim_p6_info_t', [['usLevel', 'u16'], ['lpNoteNumberList', 'ptr'], ['usNumOfSignatures', 'u16']]);
export const CIM_GET_P6_SIGNATURE = struct('cim_get_p6_signature_t', [['usLevel', 'u16'], ['usIndex', 'u16']]);
export const CIM_P6_SIGNATURE = struct('cim_p6_signature_t', [
  ['usNoteId', 'u16'], ['ulLength', 'u32'], ['dwOrientation', 'u32'], ['lpSignature', 'ptr'],
]);
export const CIM_GET_ITEM_INFO = struct('cim_get_item_info_t', [['usLevel', 'u16'], ['usIndex', 'u16'], ['dwItemInfoType', 'u32']]);
export const CIM_ITEM_INFO_V320 = struct('cim_item_info_v320_t', [['usNoteID', 'u16'], ['lpszSerialNumber', 'ptr'], ['lpP6Signature', 'ptr']]);
export const CIM_ITEM_INFO_V330 = extend(CIM_ITEM_INFO_V320, 'cim_item_info_v330_t', [['lpszImageFileName', 'ptr']]);
export const CIM_ITEM_INFO_SUMMARY = struct('cim_item_info_summary_t', [['usLevel', 'u16'], ['usNumOfItems', 'u16']]);
export const CIM_GET_ALL_ITEMS_INFO = struct('cim_get_all_items_info_t', [['usLevel', 'u16']]);
export const CIM_ITEM_INFO_ALL = struct('cim_item_info_all_t', [
  ['usLevel', 'u16'], ['usNoteID', 'u16'], ['lpszSerialNumber', 'ptr'], ['dwOrientation', 'u32'],
  ['lpszP6SignatureFileName', 'ptr'], ['lpszImageFileName', 'ptr'], ['wOnBlacklist', 'u16'], ['wItemLocation', 'u16'],
  ['usNumber', 'u16'],
]);
export const CIM_ALL_ITEMS_INFO = struct('cim_all_items_info_t', [['usCount', 'u16'], ['lppItemsList', 'ptr']]);

export const CIM_POS_CAPS = struct('cim_pos_caps_t', [
  ['fwPosition', 'u16'], ['fwUsage', 'u16'], ['bShutterControl', 'bool'], ['bItemsTakenSensor', 'bool'],
  ['bItemsInsertedSensor', 'bool'], ['fwRetractAreas', 'u16'], ['lpszExtra', 'ptr'], ['bPresentControl', 'bool'],
]);
export const CIM_POS_CAPABILITIES = struct('cim_pos_capabilities_t', [['lppPosCapabilities', 'ptr']]);
export const CIM_REP_INFO = struct('cim_rep_info_t', [['usNumberSource', 'u16']]);
export const CIM_REP_INFO_TARGET = struct('cim_rep_info_target_t', [['usNumberTarget', 'u16']]);
export const CIM_REP_INFO_RES = struct('cim_rep_info_res_t', [['lppReplenishTargets', 'ptr']]);
export const CIM_CASH_UNIT_LOCK = struct('cim_cash_unit_lock_t', [['lpPhysicalPositionName', 'ptr'], ['wCashUnitLockStatus', 'u16']]);
export const CIM_DEVICE_LOCK_STATUS = struct('cim_device_lock_status_t', [['wDeviceLockStatus', 'u16'], ['lppCashUnitLock', 'ptr']]);
export const CIM_PHCU_CAPABILITIES = struct('cim_phcu_capabilities_t', [
  ['lpPhysicalPositionName', 'ptr'], ['ulMaximum', 'u32'], ['bHardwareSensors', 'bool'], ['lpszExtra', 'ptr'],
]);
export const CIM_CASH_UNIT_CAPABILITIES = struct('cim_cash_unit_capabilities_t', [
  ['usNumber', 'u16'], ['usNumPhysicalCUs', 'u16'], ['lppPhysical', 'ptr'], ['bRetractNoteCountThresholds', 'bool'], ['lpszExtra', 'ptr'],
]);
export const CIM_CASH_CAPABILITIES = struct('cim_cash_capabilities_t', [['usCount', 'u16'], ['lppCashUnitCaps', 'ptr']]);
export const CIM_DEP_INFO = struct('cim_dep_info_t', [['usNumberTarget', 'u16']]);
export const CIM_DEP_INFO_SOURCE = struct('cim_dep_info_source_t', [['usNumberSource', 'u16']]);
export const CIM_DEP_INFO_RES = struct('cim_dep_info_res_t', [['lppDepleteSources', 'ptr']]);

export const CIM_CASH_IN_START = struct('cim_cash_in_start_t', [
  ['usTellerID', 'u16'], ['bUseRecycleUnits', 'bool'], ['fwOutputPosition', 'u16'], ['fwInputPosition', 'u16'],
]);
export const CIM_RETRACT = struct('cim_retract_t', [['fwOutputPosition', 'u16'], ['usRetractArea', 'u16'], ['usIndex', 'u16']]);
export const CIM_OUTPUT = struct('cim_output_t', [['usLogicalNumber', 'u16'], ['fwPosition', 'u16'], ['usNumber', 'u16']]);
export const CIM_START_EX = struct('cim_start_ex_t', [
  ['fwExchangeType', 'u16'], ['usTellerID', 'u16'], ['usCount', 'u16'], ['lpusCUNumList', 'ptr'], ['lpOutput', 'ptr'],
]);
export const CIM_ITEMPOSITION = struct('cim_itemposition_t', [['usNumber', 'u16'], ['lpRetractArea', 'ptr'], ['fwOutputPosition', 'u16']]);
export const CIM_CASH_IN_TYPE = struct('cim_cash_in_type_t', [['usNumber', 'u16'], ['dwType', 'u32'], ['lpusNoteIDs', 'ptr']]);
export const CIM_SET_GUIDLIGHT = struct('cim_set_guidlight_t', [['wGuidLight', 'u16'], ['dwCommand', 'u32']]);
export const CIM_CONFIGURE_NOTE_READER = struct('cim_configure_note_reader_t', [['bLoadAlways', 'bool']]);
export const CIM_CONFIGURE_NOTE_READER_OUT = struct('cim_configure_note_reader_out_t', [['bRebootNecessary', 'bool']]);
export const CIM_P6_COMPARE_SIGNATURE = struct('cim_p6_compare_signature_t', [['lppP6ReferenceSignatures', 'ptr'], ['lppP6Signatures', 'ptr']]);
export const CIM_P6_SIGNATURES_INDEX = struct('cim_p6_signatures_index_t', [
  ['usIndex', 'u16'], ['usConfidenceLevel', 'u16'], ['ulLength', 'u32'], ['lpComparisonData', 'ptr'],
]);
export const CIM_P6_COMPARE_RESULT = struct('cim_p6_compare_result_t', [['usCount', 'u16'], ['lppP6SignaturesIndex', 'ptr']]);
export const CIM_POWER_SAVE_CONTROL = struct('cim_power_save_control_t', [['usMaxPowerSaveRecoveryTime', 'u16']]);
export const CIM_REP_TARGET = struct('cim_rep_target_t', [['usNumberTarget', 'u16'], ['ulNumberOfItemsToMove', 'u32'], ['bRemoveAll', 'bool']]);
export const CIM_REP = struct('cim_rep_t', [['usNumberSource', 'u16'], ['lppReplenishTargets', 'ptr']]);
export const CIM_REP_TARGET_RES = struct('cim_rep_target_res_t', [['usNumberTarget', 'u16'], ['usNoteID', 'u16'], ['ulNumberOfItemsReceived', 'u32']]);
export const CIM_REP_RES = struct('cim_rep_res_t', [
  ['ulNumberOfItemsRemoved', 'u32'], ['ulNumberOfItemsRejected', 'u32'], ['lppReplenishTargetResults', 'ptr'],
]);
export const CIM_AMOUNT_LIMIT = struct('cim_amount_limit_t', [['cCurrencyID', 'chars:3'], ['ulAmount', 'u32']]);
export const CIM_CASH_IN_LIMIT = struct('cim_cash_in_limit_t', [['ulTotalItemsLimit', 'u32'], ['lpAmountLimit', 'ptr']]);
export const CIM_COUNT = struct('cim_count_t', [['usCount', 'u16'], ['lpusCUNumList', 'ptr']]);
export const CIM_UNIT_LOCK_CONTROL = struct('cim_unit_lock_control_t', [['lpPhysicalPositionName', 'ptr'], ['wUnitAction', 'u16']]);
export const CIM_DEVICE_LOCK_CONTROL = struct('cim_device_lock_control_t', [
  ['wDeviceAction', 'u16'], ['wCashUnitAction', 'u16'], ['lppUnitLockControl', 'ptr'],
]);
export const CIM_SET_MODE = struct('cim_set_mode_t', [['wMixedMode', 'u16']]);
export const CIM_PRESENT = struct('cim_present_t', [['fwPosition', 'u16']]);
export const CIM_DEP_SOURCE = struct('cim_dep_source_t', [['usNumberSource', 'u16'], ['ulNumberOfItemsToMove', 'u32'], ['bRemoveAll', 'bool']]);
export const CIM_DEP = struct('cim_dep_t', [['lppDepleteSources', 'ptr'], ['usNumberTarget', 'u16']]);
export const CIM_DEP_SOURCE_RES = struct('cim_dep_source_res_t', [['usNumberSource', 'u16'], ['usNoteID', 'u16'], ['ulNumberOfItemsRemoved', 'u32']]);
export const CIM_DEP_RES = struct('cim_dep_res_t', [
  ['ulNumberOfItemsReceived', 'u32'], ['ulNumberOfItemsRejected', 'u32'], ['lppDepleteSourceResults', 'ptr'],
]);
export const CIM_BLACKLIST_ELEMENT = struct('cim_blacklist_element_t', [['lpszSerialNumber', 'ptr'], ['cCurrencyID', 'chars:3'], ['ulValue', 'u32']]);
export const CIM_BLACKLIST = struct('cim_blacklist_t', [['lpszVersion', 'ptr'], ['usCount', 'u16'], ['lppBlacklistElements', 'ptr']]);

export const CIM_CU_ERROR = struct('cim_cu_error_t', [['wFailure', 'u16'], ['lpCashUnit', 'ptr']]);
export const CIM_COUNTS_CHANGED = struct('cim_counts_changed_t', [['usCount', 'u16'], ['lpusCUNumList', 'ptr']]);
export const CIM_POSITION_INFO = struct('cim_position_info_t', [['wPosition', 'u16'], ['wAdditionalBunches', 'u16'], ['usBunchesRemaining', 'u16']]);
export const CIM_DEVICE_POSITION = struct('cim_device_position_t', [['wPosition', 'u16']]);
export const CIM_POWER_SAVE_CHANGE = struct('cim_power_save_change_t', [['usPowerSaveRecoveryTime', 'u16']]);
export const CIM_INCOMPLETE_REPLENISH = struct('cim_incomplete_replenish_t', [['lpReplenish', 'ptr']]);
export const CIM_INCOMPLETE_DEPLETE = struct('cim_incomplete_deplete_t', [['lpDeplete', 'ptr']]);
export const CIM_SHUTTER_STATUS_CHANGED = struct('cim_shutter_status_changed_t', [['fwPosition', 'u16'], ['fwShutter', 'u16']]);
