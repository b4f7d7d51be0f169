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

#define PTR_FRM_HEADER_V300_FIELDS \
  char *lpszFormName; uint16_t wBase; uint16_t wUnitX; uint16_t wUnitY; uint16_t wWidth; uint16_t wHeight; \
  uint16_t wAlignment; uint16_t wOrientation; uint16_t wOffsetX; uint16_t wOffsetY; uint16_t wVersionMajor; \
  uint16_t wVersionMinor; char *lpszUserPrompt; uint16_t fwCharSupport; char *lpszFields;
typedef struct { PTR_FRM_HEADER_V300_FIELDS } ptr_frm_header_v300_t;
typedef struct { PTR_FRM_HEADER_V300_FIELDS uint16_t wLanguageID; } ptr_frm_header_v320_t;
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
  uint16_t *lpszUNICODEFormat;
typedef struct { PTR_FRM_FIELD_V300_FIELDS } ptr_frm_field_v300_t;
typedef struct { PTR_FRM_FIELD_V300_FIELDS uint16_t wLanguageID; uint16_t wCoercivity; } ptr_frm_field_v320_t;
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
/* document printer, scanner, passbook (sim_ptr_doc.c) */
typedef struct { char *lpszFormName; char *lpszFieldNames; char *lpszMediaName; uint32_t dwMediaControl; } ptr_read_form_t;
typedef struct { char *lpszFields; uint16_t *lpszUNICODEFields; } ptr_read_form_out_t;
typedef struct { uint16_t wBase; uint16_t wUnitX; uint16_t wUnitY; } ptr_media_unit_t;
typedef struct { uint32_t ulSizeX; uint32_t ulSizeY; } ptr_media_ext_t;
typedef struct {
  uint16_t wFrontImageType; uint16_t wBackImageType; uint16_t wFrontImageColorFormat; uint16_t wBackImageColorFormat;
  uint16_t wCodelineFormat; uint16_t fwImageSource; char *lpszFrontImageFile; char *lpszBackImageFile;
} ptr_image_request_t;
typedef struct { uint16_t wImageSource; uint16_t wStatus; uint32_t ulDataLength; uint8_t *lpbData; } ptr_image_t;
typedef struct { char *lpszFileName; int32_t bOverwrite; } ptr_load_definition_t;
typedef struct { uint16_t wAction; uint16_t usCount; } ptr_control_passbook_t;
typedef struct { char *lpszDefinitionName; uint32_t dwDefinitionType; } ptr_definition_loaded_t;
typedef struct { uint16_t wRetractResult; uint16_t usBinNumber; } ptr_media_retracted_t;
typedef struct { uint16_t usBinNumber; uint16_t wRetractBin; } ptr_bin_status_t;
#pragma pack(pop)

/* Appends "S"/"F" lines of the PTR structs to the layout table; returns the new end. */
char *sim_ptr_layouts(char *p, char *end);

/* ---- the simulated device (sim_ptr.c), its forms (sim_ptr_forms.c), queries (sim_ptr_info.c) and
 * controls (sim_ptr_control.c) ---- */
enum { CMD_CONTROL_MEDIA = 101, CMD_PRINT_FORM, CMD_READ_FORM, CMD_RAW_DATA, CMD_MEDIA_EXTENTS, CMD_RESET_COUNT,
       CMD_READ_IMAGE, CMD_RESET, CMD_RETRACT_MEDIA, CMD_DISPENSE_PAPER, CMD_LOAD_DEFINITION = 113, CMD_SUPPLY_REPLENISH,
       CMD_CONTROL_PASSBOOK = 116, CMD_SET_BLACK_MARK_MODE };
enum { INF_STATUS = 101, INF_CAPABILITIES, INF_FORM_LIST, INF_MEDIA_LIST, INF_QUERY_FORM, INF_QUERY_MEDIA,
       INF_QUERY_FIELD };
enum { EV_NOMEDIA = 101, EV_MEDIAINSERTED, EV_FIELDERROR, EV_FIELDWARNING, EV_RETRACTBINTHRESHOLD, EV_MEDIATAKEN,
       EV_PAPERTHRESHOLD, EV_TONERTHRESHOLD, EV_SRVMEDIAINSERTED, EV_LAMPTHRESHOLD, EV_INKTHRESHOLD, EV_MEDIADETECTED,
       EV_RETRACTBINSTATUS, EV_MEDIAPRESENTED, EV_DEFINITIONLOADED, EV_MEDIAREJECTED, EV_SRVMEDIAPRESENTED,
       EV_MEDIAAUTORETRACTED };
enum { E_FORMNOTFOUND = -100, E_FIELDNOTFOUND = -101, E_NOMEDIAPRESENT = -102, E_READNOTSUPPORTED = -103,
       E_FIELDERROR = -107, E_MEDIANOTFOUND = -108, E_EXTENTNOTSUPPORTED = -109, E_FORMINVALID = -111,
       E_RETRACTBINFULL = -114, E_PAGETURNFAIL = -116, E_PAPEROUT = -123, E_INKOUT = -124, E_TONEROUT = -125,
       E_LAMPINOP = -126, E_SOURCEINVALID = -127, E_SEQUENCEINVALID = -128, E_DEFINITIONEXISTS = -133,
       E_MEDIAREJECTED = -134, E_FILENOTFOUND = -138, E_PASSBOOKCLOSED = -141, E_LASTORFIRSTPAGE = -142,
       E_COMMANDUNSUPP = -143 };
enum { MEDIA_PRESENT = 0, MEDIA_NOTPRESENT = 1, MEDIA_ENTERING = 5, MEDIA_RETRACTED = 6 };
enum { CTRL_EJECT = 0x0001, CTRL_CUT = 0x0004, CTRL_FLUSH = 0x0010, CTRL_RETRACT = 0x0020 };
enum { FIELD_REQUIRED = 0, FIELD_STATICOVWR = 1, FIELD_OVERFLOW = 2, FIELD_NOTFOUND = 3, FIELD_NOTREAD = 4 };
enum { CLS_STATIC = 0, CLS_OPTIONAL = 1, CLS_REQUIRED = 2 };
enum { BIN_OK = 0, BIN_FULL = 1, BIN_HIGH = 4 };
enum { PAPER_UPPER = 0x0002, SUPPLY_FULL = 0, SUPPLY_LOW = 1, SUPPLY_OUT = 2, NOTSUPP = 3 };
#define CONTROLS (CTRL_EJECT | CTRL_CUT | CTRL_FLUSH | CTRL_RETRACT)
#define V320(v) (sim_vnum(v) >= 320)
#define V330(v) (sim_vnum(v) >= 330)
#define OUT_MAX 16384

/* type: WFS_FRM_FIELD*; access: 0 = write (the receipt forms), else WFS_FRM_ACCESS* bits. */
typedef struct { const char *name; uint16_t cls; uint16_t width; uint16_t index_count; const char *initial; uint16_t type; uint16_t access; } field_def_t;
/* doc_only: offered by the document printer only. */
typedef struct { const char *name; const field_def_t *fields; int nfields; int doc_only; const char *prompt; } form_def_t;

enum { KIND_RECEIPT = 0, KIND_DOCUMENT = 1 };
enum { DOC_SHEET = 0, DOC_PASSBOOK = 1 };
#define DOC_MAX 512
#define PASSBOOK_PAGES 8
#define MAX_LOADED 8

/* Kept in sim_ptr.c keyed by service, so sim.h needs no PTR member. */
typedef struct {
  sim_service_t *svc;
  int media;                   /* MEDIA_NOTPRESENT, MEDIA_PRESENT (printed, in the printer), MEDIA_ENTERING (at the exit) */
  int paper, toner;
  int bin_count, bin_high, bin_capacity;
  char out[OUT_MAX];
  size_t out_len;
  /* the document printer (KIND_DOCUMENT): media taken in through its slot, scanner, passbook, stamp ink */
  int kind;
  int awaiting;                /* a command waits for media to be inserted */
  int doc_waiting;             /* a document was offered at the slot */
  int doc_reject;              /* 0, or WFS_PTR_REJECT_* + 1: the offered document is refused */
  int doc_type;                /* DOC_SHEET or DOC_PASSBOOK */
  char doc[DOC_MAX];           /* what is written on it: "NAME=value;NAME=value" */
  int page, closed;            /* passbook page (1..PASSBOOK_PAGES) and whether it was closed */
  int ink, lamp, black_mark;
  int bin_missing;
  int nloaded;
  char loaded[MAX_LOADED][64];
  uint32_t loaded_type[MAX_LOADED];
  char last_file[SIM_MAX_BYTES];         /* the file LOAD_DEFINITION was last given, for tests */
} ptr_state_t;


extern const char *const SIM_PTR_MEDIA_NAMES[];
const form_def_t *sim_ptr_find_form(const ptr_state_t *d, const char *name);
/* Form names this printer lists, loaded definitions included; NULL-terminated into out[max]. */
int sim_ptr_form_names(const ptr_state_t *d, const char **out, int max);
int sim_ptr_parse_doc(uint32_t cmd, const void *data, sim_input_t *in);
int32_t sim_ptr_doc_execute(sim_service_t *svc, sim_request_t *req, wfs_result_t *r, ptr_state_t *d);
/* The document printer draws media in: NOMEDIA, wait, MEDIAREJECTED or MEDIAINSERTED. 0 when present. */
int32_t sim_ptr_accept_media(sim_service_t *svc, sim_request_t *req, ptr_state_t *d, const char *prompt);
void sim_ptr_make_document(sim_service_t *svc);
void sim_ptr_fill_definition(wfs_result_t *r, uint16_t v, const void *ctx);
void sim_ptr_fill_string(wfs_result_t *r, uint16_t v, const void *ctx);
int sim_ptr_find_field(const form_def_t *f, const char *name);
ptr_state_t *sim_ptr_state(sim_service_t *svc);
int sim_ptr_bin_state(const ptr_state_t *d);
int32_t sim_ptr_info(sim_service_t *svc, sim_request_t *req, wfs_result_t *r);
void sim_ptr_emit(ptr_state_t *d, const char *s, size_t n);
int32_t sim_ptr_retract(sim_service_t *svc, ptr_state_t *d, uint16_t bin);
int32_t sim_ptr_media_control(sim_service_t *svc, sim_request_t *req, ptr_state_t *d, uint32_t flags);
void sim_ptr_fill_word(wfs_result_t *r, uint16_t v, const void *ctx);
void sim_ptr_fill_two_words(wfs_result_t *r, uint16_t v, const void *ctx);

#endif
