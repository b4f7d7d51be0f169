// PTR struct layouts per version (names as in native/src/sim_ptr.h). The 3.00 form header and field
// definitions end before wLanguageID (and wCoercivity); reading that prefix is right for 3.00-3.1x. The WORD[16] supply arrays
// (fwPaper, wPaperType) are declared as 32 raw bytes and read word by word.
import { extend, struct } from '../layout.ts';

export const PTR_RETRACT_BINS = struct('ptr_retract_bins_t', [['wRetractBin', 'u16'], ['usRetractCount', 'u16']]);

export const PTR_STATUS_V300 = struct('ptr_status_v300_t', [
  ['fwDevice', 'u16'], ['fwMedia', 'u16'], ['fwPaper', 'chars:32'], ['fwToner', 'u16'], ['fwInk', 'u16'], ['fwLamp', 'u16'],
  ['lppRetractBins', 'ptr'], ['usMediaOnStacker', 'u16'], ['lpszExtra', 'ptr'],
]);
export const PTR_STATUS_V320 = extend(PTR_STATUS_V300, 'ptr_status_v320_t', [
  ['dwGuidLights', 'u32x:32'], ['wDevicePosition', 'u16'], ['usPowerSaveRecoveryTime', 'u16'], ['wPaperType', 'chars:32'],
  ['wAntiFraudModule', 'u16'],
]);
export const PTR_STATUS_V330 = extend(PTR_STATUS_V320, 'ptr_status_v330_t', [['wBlackMarkMode', 'u16']]);

export const PTR_CAPS_V300 = struct('ptr_caps_v300_t', [
  ['wClass', 'u16'], ['fwType', 'u16'], ['bCompound', 'bool'], ['wResolution', 'u16'], ['fwReadForm', 'u16'],
  ['fwWriteForm', 'u16'], ['fwExtents', 'u16'], ['fwControl', 'u16'], ['usMaxMediaOnStacker', 'u16'],
  ['bAcceptMedia', 'bool'], ['bMultiPage', 'bool'], ['fwPaperSources', 'u16'], ['bMediaTaken', 'bool'],
  ['usRetractBins', 'u16'], ['lpusMaxRetract', 'ptr'], ['fwImageType', 'u16'], ['fwFrontImageColorFormat', 'u16'],
  ['fwBackImageColorFormat', 'u16'], ['fwCodelineFormat', 'u16'], ['fwImageSource', 'u16'], ['fwCharSupport', 'u16'],
  ['bDispensePaper', 'bool'], ['lpszExtra', 'ptr'],
]);
export const PTR_CAPS_V320 = extend(PTR_CAPS_V300, 'ptr_caps_v320_t', [
  ['dwGuidLights', 'u32x:32'], ['lpszWindowsPrinter', 'ptr'], ['bMediaPresented', 'bool'], ['usAutoRetractPeriod', 'u16'],
  ['bRetractToTransport', 'bool'], ['bPowerSaveControl', 'bool'], ['fwCoercivityType', 'u16'], ['fwControlPassbook', 'u16'],
  ['wPrintSides', 'u16'], ['bAntiFraudModule', 'bool'],
]);
export const PTR_CAPS_V330 = extend(PTR_CAPS_V320, 'ptr_caps_v330_t', [
  ['dwControlEx', 'u32'], ['bBlackMarkModeSupported', 'bool'], ['lpdwSynchronizableCommands', 'ptr'],
]);

export const PTR_FRM_HEADER_V300 = struct('ptr_frm_header_v300_t', [
  ['lpszFormName', 'ptr'], ['wBase', 'u16'], ['wUnitX', 'u16'], ['wUnitY', 'u16'], ['wWidth', 'u16'], ['wHeight', 'u16'],
  ['wAlignment', 'u16'], ['wOrientation', 'u16'], ['wOffsetX', 'u16'], ['wOffsetY', 'u16'], ['wVersionMajor', 'u16'],
  ['wVersionMinor', 'u16'], ['lpszUserPrompt', 'ptr'], ['fwCharSupport', 'u16'], ['lpszFields', 'ptr'],
]);
export const PTR_FRM_HEADER_V320 = extend(PTR_FRM_HEADER_V300, 'ptr_frm_header_v320_t', [['wLanguageID', 'u16']]);
export const PTR_FRM_MEDIA = struct('ptr_frm_media_t', [
  ['fwMediaType', 'u16'], ['wBase', 'u16'], ['wUnitX', 'u16'], ['wUnitY', 'u16'], ['wSizeWidth', 'u16'], ['wSizeHeight', 'u16'],
  ['wPageCount', 'u16'], ['wLineCount', 'u16'], ['wPrintAreaX', 'u16'], ['wPrintAreaY', 'u16'], ['wPrintAreaWidth', 'u16'],
  ['wPrintAreaHeight', 'u16'], ['wRestrictedAreaX', 'u16'], ['wRestrictedAreaY', 'u16'], ['wRestrictedAreaWidth', 'u16'],
  ['wRestrictedAreaHeight', 'u16'], ['wStagger', 'u16'], ['wFoldType', 'u16'], ['wPaperSources', 'u16'],
]);
export const PTR_QUERY_FIELD = struct('ptr_query_field_t', [['lpszFormName', 'ptr'], ['lpszFieldName', 'ptr']]);
export const PTR_FRM_FIELD_V300 = struct('ptr_frm_field_v300_t', [
  ['lpszFieldName', 'ptr'], ['wIndexCount', 'u16'], ['fwType', 'u16'], ['fwClass', 'u16'], ['fwAccess', 'u16'],
  ['fwOverflow', 'u16'], ['lpszInitialValue', 'ptr'], ['lpszUNICODEInitialValue', 'ptr'], ['lpszFormat', 'ptr'],
  ['lpszUNICODEFormat', 'ptr'],
]);
export const PTR_FRM_FIELD_V320 = extend(PTR_FRM_FIELD_V300, 'ptr_frm_field_v320_t', [['wLanguageID', 'u16'], ['wCoercivity', 'u16']]);
export const PTR_PRINT_FORM = struct('ptr_print_form_t', [
  ['lpszFormName', 'ptr'], ['lpszMediaName', 'ptr'], ['wAlignment', 'u16'], ['wOffsetX', 'u16'], ['wOffsetY', 'u16'],
  ['wResolution', 'u16'], ['dwMediaControl', 'u32'], ['lpszFields', 'ptr'], ['lpszUNICODEFields', 'ptr'], ['wPaperSource', 'u16'],
]);
export const PTR_RAW_DATA = struct('ptr_raw_data_t', [['wInputData', 'u16'], ['ulSize', 'u32'], ['lpbData', 'ptr']]);
export const PTR_RAW_DATA_IN = struct('ptr_raw_data_in_t', [['ulSize', 'u32'], ['lpbData', 'ptr']]);
export const PTR_RESET = struct('ptr_reset_t', [['dwMediaControl', 'u32'], ['usRetractBinNumber', 'u16']]);
export const PTR_FIELD_FAIL = struct('ptr_field_fail_t', [['lpszFormName', 'ptr'], ['lpszFieldName', 'ptr'], ['wFailure', 'u16']]);
export const PTR_BIN_THRESHOLD = struct('ptr_bin_threshold_t', [['usBinNumber', 'u16'], ['wRetractBin', 'u16']]);
export const PTR_PAPER_THRESHOLD = struct('ptr_paper_threshold_t', [['wPaperSource', 'u16'], ['wPaperThreshold', 'u16']]);
export const PTR_MEDIA_DETECTED = struct('ptr_media_detected_t', [['wPosition', 'u16'], ['usRetractBinNumber', 'u16']]);
export const PTR_MEDIA_PRESENTED = struct('ptr_media_presented_t', [['usWadIndex', 'u16'], ['usTotalWads', 'u16']]);

// Document printer / scanner / passbook (3.10+ for LOAD_DEFINITION and its events, 3.20 passbook and
// the SRVE media events, 3.30 black mark); none of these grew between 3.20 and 3.30.
export const PTR_READ_FORM = struct('ptr_read_form_t', [
  ['lpszFormName', 'ptr'], ['lpszFieldNames', 'ptr'], ['lpszMediaName', 'ptr'], ['dwMediaControl', 'u32'],
]);
export const PTR_READ_FORM_OUT = struct('ptr_read_form_out_t', [['lpszFields', 'ptr'], ['lpszUNICODEFields', 'ptr']]);
export const PTR_MEDIA_UNIT = struct('ptr_media_unit_t', [['wBase', 'u16'], ['wUnitX', 'u16'], ['wUnitY', 'u16']]);
export const PTR_MEDIA_EXT = struct('ptr_media_ext_t', [['ulSizeX', 'u32'], ['ulSizeY', 'u32']]);
export const PTR_IMAGE_REQUEST = struct('ptr_image_request_t', [
  ['wFrontImageType', 'u16'], ['wBackImageType', 'u16'], ['wFrontImageColorFormat', 'u16'], ['wBackImageColorFormat', 'u16'],
  ['wCodelineFormat', 'u16'], ['fwImageSource', 'u16'], ['lpszFrontImageFile', 'ptr'], ['lpszBackImageFile', 'ptr'],
]);
export const PTR_IMAGE = struct('ptr_image_t', [['wImageSource', 'u16'], ['wStatus', 'u16'], ['ulDataLength', 'u32'], ['lpbData', 'ptr']]);
export const PTR_LOAD_DEFINITION = struct('ptr_load_definition_t', [['lpszFileName', 'ptr'], ['bOverwrite', 'bool']]);
export const PTR_CONTROL_PASSBOOK = struct('ptr_control_passbook_t', [['wAction', 'u16'], ['usCount', 'u16']]);
export const PTR_DEFINITION_LOADED = struct('ptr_definition_loaded_t', [['lpszDefinitionName', 'ptr'], ['dwDefinitionType', 'u32']]);
export const PTR_MEDIA_RETRACTED = struct('ptr_media_retracted_t', [['wRetractResult', 'u16'], ['usBinNumber', 'u16']]);
export const PTR_BIN_STATUS = struct('ptr_bin_status_t', [['usBinNumber', 'u16'], ['wRetractBin', 'u16']]);
