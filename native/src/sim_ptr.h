/* The PTR (receipt printer) device of the simulator: its structs (pack 1, as the gateway reads
 * them) and what sim_layout.c needs to export their layouts. */
#ifndef XFS4IOT_SIMULATOR_PTR_H
#define XFS4IOT_SIMULATOR_PTR_H
#include "sim.h"

#pragma pack(push, 1)
typedef struct { uint16_t wRetractBin; uint16_t usRetractCount; } ptr_retract_bins_t;

/* 3.00-3.1x prefix; 3.20 and 3.30 append. */
#define PTR_STATUS_V300_FIELDS \
  uint16_t fwDevice; uint16_t fwMedia; uint16_t fwPaper[16]; uint16_t fwToner; uint16_t fwInk; \
  uint16_t fwLamp; ptr_retract_bins_t **lppRetractBins; uint16_t usMediaOnStacker; char *lpszExtra;
#define PTR_STATUS_V320_FIELDS PTR_STATUS_V300_FIELDS \
  uint32_t dwGuidLights[32]; uint16_t wDevicePosition; uint16_t usPowerSaveRecoveryTime; \
  uint16_t wPaperType[16]; uint16_t wAntiFraudModule;
#define PTR_STATUS_V330_FIELDS PTR_STATUS_V320_FIELDS uint16_t wBlackMarkMode;
typedef struct { PTR_STATUS_V300_FIELDS } ptr_status_v300_t;
typedef struct { PTR_STATUS_V320_FIELDS } ptr_status_v320_t;
typedef struct { PTR_STATUS_V330_FIELDS } ptr_status_v330_t;

#define PTR_CAPS_V300_FIELDS \
  uint16_t wClass; uint16_t fwType; int32_t bCompound; uint16_t wResolution; uint16_t fwReadForm; \
  uint16_t fwWriteForm; uint16_t fwExtents; uint16_t fwControl; uint16_t usMaxMediaOnStacker; \
  int32_t bAcceptMedia; int32_t bMultiPage; uint16_t fwPaperSources; int32_t bMediaTaken; \
  uint16_t usRetractBins; uint16_t *lpusMaxRetract; uint16_t fwImageType; \
  uint16_t fwFrontImageColorFormat; uint16_t fwBackImageColorFormat; uint16_t fwCodelineFormat; \
  uint16_t fwImageSource; uint16_t fwCharSupport; int32_t bDispensePaper; char *lpszExtra;
#define PTR_CAPS_V320_FIELDS PTR_CAPS_V300_FIELDS \
  uint32_t dwGuidLights[32]; char *lpszWindowsPrinter; int32_t bMediaPresented; \
  uint16_t usAutoRetractPeriod; int32_t bRetractToTransport; int32_t bPowerSaveControl; \
  uint16_t fwCoercivityType; uint16_t fwControlPassbook; uint16_t wPrintSides; int32_t bAntiFraudModule;
#define PTR_CAPS_V330_FIELDS PTR_CAPS_V320_FIELDS \
  uint32_t dwControlEx; int32_t bBlackMarkModeSupported; uint32_t *lpdwSynchronizableCommands;
typedef struct { PTR_CAPS_V300_FIELDS } ptr_caps_v300_t;
typedef struct { PTR_CAPS_V320_FIELDS } ptr_caps_v320_t;
typedef struct { PTR_CAPS_V330_FIELDS } ptr_caps_v330_t;

typedef struct {
  char *lpszFormName; uint16_t wBase; uint16_t wUnitX; uint16_t wUnitY; uint16_t wWidth; uint16_t wHeight;
  uint16_t wAlignment; uint16_t wOrientation; uint16_t wOffsetX; uint16_t wOffsetY; uint16_t wVersionMajor;
  uint16_t wVersionMinor; char *lpszUserPrompt; uint16_t fwCharSupport; char *lpszFields; uint16_t wLanguageID;
} ptr_frm_header_t;
typedef struct {
  uint16_t fwMediaType; uint16_t wBase; uint16_t wUnitX; uint16_t wUnitY; uint16_t wSizeWidth; uint16_t wSizeHeight;
  uint16_t wPageCount; uint16_t wLineCount; uint16_t wPrintAreaX; uint16_t wPrintAreaY; uint16_t wPrintAreaWidth;
  uint16_t wPrintAreaHeight; uint16_t wRestrictedAreaX; uint16_t wRestrictedAreaY; uint16_t wRestrictedAreaWidth;
  uint16_t wRestrictedAreaHeight; uint16_t wStagger; uint16_t wFoldType; uint16_t wPaperSources;
} ptr_frm_media_t;
typedef struct { char *lpszFormName; char *lpszFieldName; } ptr_query_field_t;
#define PTR_FRM_FIELD_V300_FIELDS \
  char *lpszFieldName; uint16_t wIndexCount; uint16_t fwType; uint16_t fwClass; uint16_t fwAccess; \
  uint16_t fwOverflow; char *lpszInitialValue; uint16_t *lpszUNICODEInitialValue; char *lpszFormat; \
  uint16_t *lpszUNICODEFormat; uint16_t wLanguageID;
typedef struct { PTR_FRM_FIELD_V300_FIELDS } ptr_frm_field_v300_t;
typedef struct { PTR_FRM_FIELD_V300_FIELDS uint16_t wCoercivity; } ptr_frm_field_v320_t;
typedef struct {
  char *lpszFormName; char *lpszMediaName; uint16_t wAlignment; uint16_t wOffsetX; uint16_t wOffsetY;
  uint16_t wResolution; uint32_t dwMediaControl; char *lpszFields; uint16_t *lpszUNICODEFields; uint16_t wPaperSource;
} ptr_print_form_t;
typedef struct { uint16_t wInputData; uint32_t ulSize; uint8_t *lpbData; } ptr_raw_data_t;
typedef struct { uint32_t ulSize; uint8_t *lpbData; } ptr_raw_data_in_t;
typedef struct { uint32_t dwMediaControl; uint16_t usRetractBinNumber; } ptr_reset_t;
typedef struct { char *lpszFormName; char *lpszFieldName; uint16_t wFailure; } ptr_field_fail_t;
typedef struct { uint16_t usBinNumber; uint16_t wRetractBin; } ptr_bin_threshold_t;
typedef struct { uint16_t wPaperSource; uint16_t wPaperThreshold; } ptr_paper_threshold_t;
typedef struct { uint16_t wPosition; uint16_t usRetractBinNumber; } ptr_media_detected_t;
typedef struct { uint16_t usWadIndex; uint16_t usTotalWads; } ptr_media_presented_t;
#pragma pack(pop)

/* Appends "S"/"F" lines of the PTR structs to the layout table; returns the new end. */
char *sim_ptr_layouts(char *p, char *end);

#endif
