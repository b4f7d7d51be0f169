// TTU struct layouts per version (names as in native/src/sim_ttu.h). 3.00-3.2x sessions read the
// status/capabilities prefix that ends at lpszExtra; 3.30 ones the longer layout. wLEDs[8] is read as
// 16 raw bytes, word by word.
import { extend, struct } from '../layout.ts';

export const TTU_STATUS_V300 = struct('ttu_status_v300_t', [
  ['fwDevice', 'u16'], ['wKeyboard', 'u16'], ['wKeylock', 'u16'], ['wLEDs', 'chars:16'], ['wDisplaySizeX', 'u16'],
  ['wDisplaySizeY', 'u16'], ['lpszExtra', 'ptr'],
]);
export const TTU_STATUS_V330 = extend(TTU_STATUS_V300, 'ttu_status_v330_t', [
  ['wDevicePosition', 'u16'], ['usPowerSaveRecoveryTime', 'u16'], ['lpLEDEx', 'ptr'], ['wAntiFraudModule', 'u16'],
]);
export const TTU_RESOLUTION = struct('ttu_resolution_t', [['wSizeX', 'u16'], ['wSizeY', 'u16']]);
export const TTU_CAPS_V300 = struct('ttu_caps_v300_t', [
  ['wClass', 'u16'], ['fwType', 'u16'], ['lppResolutions', 'ptr'], ['wNumOfLEDs', 'u16'], ['bKeyLock', 'bool'],
  ['bDisplayLight', 'bool'], ['bCursor', 'bool'], ['bForms', 'bool'], ['fwCharSupport', 'u16'], ['lpszExtra', 'ptr'],
]);
export const TTU_CAPS_V330 = extend(TTU_CAPS_V300, 'ttu_caps_v330_t', [
  ['bPowerSaveControl', 'bool'], ['lpLEDEx', 'ptr'], ['bAntiFraudModule', 'bool'], ['lpdwSynchronizableCommands', 'ptr'],
]);
export const TTU_KEY_DETAIL = struct('ttu_key_detail_t', [['lpszKeys', 'ptr'], ['lpwszUNICODEKeys', 'ptr'], ['lpwCommandKeys', 'ptr']]);
export const TTU_CLEAR_SCREEN = struct('ttu_clear_screen_t', [['wPositionX', 'u16'], ['wPositionY', 'u16'], ['wWidth', 'u16'], ['wHeight', 'u16']]);
export const TTU_WRITE = struct('ttu_write_t', [
  ['fwMode', 'u16'], ['wPosX', 'i16'], ['wPosY', 'i16'], ['fwTextAttr', 'u16'], ['lpsText', 'ptr'], ['lpsUNICODEText', 'ptr'],
]);
export const TTU_READ = struct('ttu_read_t', [
  ['wNumOfChars', 'u16'], ['fwMode', 'u16'], ['wPosX', 'i16'], ['wPosY', 'i16'], ['fwEchoMode', 'u16'], ['fwEchoAttr', 'u16'],
  ['bCursor', 'bool'], ['bFlush', 'bool'], ['bAutoEnd', 'bool'], ['lpszActiveKeys', 'ptr'], ['lpwszActiveUNICODEKeys', 'ptr'],
  ['lpwActiveCommandKeys', 'ptr'], ['lpwTerminateCommandKeys', 'ptr'],
]);
export const TTU_READ_IN = struct('ttu_read_in_t', [['lpszInput', 'ptr'], ['lpszUNICODEInput', 'ptr']]);
export const TTU_KEY = struct('ttu_key_t', [['cKey', 'u8'], ['wUNICODEKey', 'u16'], ['wCommandKey', 'u16']]);
// Forms: 3.00 headers end at lpszFields / lpszFormat; 3.20 and later append wLanguageID.
export const TTU_FRM_HEADER_V300 = struct('ttu_frm_header_v300_t', [
  ['lpszFormName', 'ptr'], ['wWidth', 'u16'], ['wHeight', 'u16'], ['wVersionMajor', 'u16'], ['wVersionMinor', 'u16'],
  ['fwCharSupport', 'u16'], ['lpszFields', 'ptr'],
]);
export const TTU_FRM_HEADER_V320 = extend(TTU_FRM_HEADER_V300, 'ttu_frm_header_v320_t', [['wLanguageID', 'u16']]);
export const TTU_FRM_FIELD_V300 = struct('ttu_frm_field_v300_t', [
  ['lpszFieldName', 'ptr'], ['fwType', 'u16'], ['fwClass', 'u16'], ['fwAccess', 'u16'], ['fwOverflow', 'u16'], ['lpszFormat', 'ptr'],
]);
export const TTU_FRM_FIELD_V320 = extend(TTU_FRM_FIELD_V300, 'ttu_frm_field_v320_t', [['wLanguageID', 'u16']]);
export const TTU_QUERY_FIELD = struct('ttu_query_field_t', [['lpszFormName', 'ptr'], ['lpszFieldName', 'ptr']]);
export const TTU_WRITE_FORM = struct('ttu_write_form_t', [
  ['lpszFormName', 'ptr'], ['bClearScreen', 'bool'], ['lpszFields', 'ptr'], ['lpszUNICODEFields', 'ptr'],
]);
export const TTU_READ_FORM = struct('ttu_read_form_t', [['lpszFormName', 'ptr'], ['lpszFieldNames', 'ptr']]);
export const TTU_READ_FORM_OUT = struct('ttu_read_form_out_t', [['lpszFields', 'ptr'], ['lpszUNICODEFields', 'ptr']]);
export const TTU_DEF_KEYS = struct('ttu_def_keys_t', [
  ['lpszActiveKeys', 'ptr'], ['lpwszActiveUNICODEKeys', 'ptr'], ['lpwActiveCommandKeys', 'ptr'], ['lpwTerminateCommandKeys', 'ptr'],
]);
export const TTU_FIELD_FAIL = struct('ttu_field_fail_t', [['lpszFormName', 'ptr'], ['lpszFieldName', 'ptr'], ['wFailure', 'u16']]);
