/* The TTU (text terminal unit) device of the simulator: its structs (pack 1, as the gateway reads
 * them), its state and what sim_layout.c needs to export their layouts. */
#ifndef XFS4IOT_SIMULATOR_TTU_H
#define XFS4IOT_SIMULATOR_TTU_H
#include "sim.h"

#pragma pack(push, 1)
/* 3.00-3.2x read the prefix; 3.30 appends power save, extended LEDs and anti-fraud. */
#define TTU_STATUS_V300_FIELDS \
  uint16_t fwDevice; uint16_t wKeyboard; uint16_t wKeylock; uint16_t wLEDs[8]; uint16_t wDisplaySizeX; \
  uint16_t wDisplaySizeY; char *lpszExtra;
typedef struct { TTU_STATUS_V300_FIELDS } ttu_status_v300_t;
typedef struct { TTU_STATUS_V300_FIELDS uint16_t wDevicePosition; uint16_t usPowerSaveRecoveryTime; void *lpLEDEx;
                 uint16_t wAntiFraudModule; } ttu_status_v330_t;
typedef struct { uint16_t wSizeX; uint16_t wSizeY; } ttu_resolution_t;
#define TTU_CAPS_V300_FIELDS \
  uint16_t wClass; uint16_t fwType; ttu_resolution_t **lppResolutions; uint16_t wNumOfLEDs; int32_t bKeyLock; \
  int32_t bDisplayLight; int32_t bCursor; int32_t bForms; uint16_t fwCharSupport; char *lpszExtra;
typedef struct { TTU_CAPS_V300_FIELDS } ttu_caps_v300_t;
typedef struct { TTU_CAPS_V300_FIELDS int32_t bPowerSaveControl; void *lpLEDEx; int32_t bAntiFraudModule;
                 uint32_t *lpdwSynchronizableCommands; } ttu_caps_v330_t;
typedef struct { char *lpszKeys; uint16_t *lpwszUNICODEKeys; uint16_t *lpwCommandKeys; } ttu_key_detail_t;
typedef struct { uint16_t wPositionX; uint16_t wPositionY; uint16_t wWidth; uint16_t wHeight; } ttu_clear_screen_t;
typedef struct { uint16_t fwMode; int16_t wPosX; int16_t wPosY; uint16_t fwTextAttr; char *lpsText; uint16_t *lpsUNICODEText; } ttu_write_t;
typedef struct {
  uint16_t wNumOfChars; uint16_t fwMode; int16_t wPosX; int16_t wPosY; uint16_t fwEchoMode; uint16_t fwEchoAttr;
  int32_t bCursor; int32_t bFlush; int32_t bAutoEnd; char *lpszActiveKeys; uint16_t *lpwszActiveUNICODEKeys;
  uint16_t *lpwActiveCommandKeys; uint16_t *lpwTerminateCommandKeys;
} ttu_read_t;
typedef struct { char *lpszInput; uint16_t *lpszUNICODEInput; } ttu_read_in_t;
typedef struct { char cKey; uint16_t wUNICODEKey; uint16_t wCommandKey; } ttu_key_t;
/* Forms: 3.00 headers end at lpszFields / lpszFormat, 3.20 append wLanguageID. */
#define TTU_FRM_HEADER_V300_FIELDS \
  char *lpszFormName; uint16_t wWidth; uint16_t wHeight; uint16_t wVersionMajor; uint16_t wVersionMinor; \
  uint16_t fwCharSupport; char *lpszFields;
typedef struct { TTU_FRM_HEADER_V300_FIELDS } ttu_frm_header_v300_t;
typedef struct { TTU_FRM_HEADER_V300_FIELDS uint16_t wLanguageID; } ttu_frm_header_v320_t;
#define TTU_FRM_FIELD_V300_FIELDS \
  char *lpszFieldName; uint16_t fwType; uint16_t fwClass; uint16_t fwAccess; uint16_t fwOverflow; char *lpszFormat;
typedef struct { TTU_FRM_FIELD_V300_FIELDS } ttu_frm_field_v300_t;
typedef struct { TTU_FRM_FIELD_V300_FIELDS uint16_t wLanguageID; } ttu_frm_field_v320_t;
typedef struct { char *lpszFormName; char *lpszFieldName; } ttu_query_field_t;
typedef struct { char *lpszFormName; int32_t bClearScreen; char *lpszFields; uint16_t *lpszUNICODEFields; } ttu_write_form_t;
typedef struct { char *lpszFormName; char *lpszFieldNames; } ttu_read_form_t;
typedef struct { char *lpszFields; uint16_t *lpszUNICODEFields; } ttu_read_form_out_t;
typedef struct { char *lpszActiveKeys; uint16_t *lpwszActiveUNICODEKeys; uint16_t *lpwActiveCommandKeys;
                 uint16_t *lpwTerminateCommandKeys; } ttu_def_keys_t;
typedef struct { char *lpszFormName; char *lpszFieldName; uint16_t wFailure; } ttu_field_fail_t;
#pragma pack(pop)

char *sim_ttu_layouts(char *p, char *end);

enum { TTU_CMD_BEEP = 701, TTU_CMD_CLEARSCREEN, TTU_CMD_SET_RESOLUTION = 705, TTU_CMD_WRITE_FORM, TTU_CMD_READ_FORM,
       TTU_CMD_WRITE, TTU_CMD_READ, TTU_CMD_RESET, TTU_CMD_DEFINE_KEYS };
enum { TTU_INF_STATUS = 701, TTU_INF_CAPABILITIES, TTU_INF_FORM_LIST, TTU_INF_QUERY_FORM, TTU_INF_QUERY_FIELD,
       TTU_INF_KEY_DETAIL };
enum { TTU_EV_FIELDERROR = 701, TTU_EV_FIELDWARNING, TTU_EV_KEY };
enum { TTU_E_FIELDERROR = -701, TTU_E_FIELDINVALID = -702, TTU_E_FIELDNOTFOUND = -703, TTU_E_FIELDSPECFAILURE = -704,
       TTU_E_FORMINVALID = -705, TTU_E_FORMNOTFOUND = -706, TTU_E_KEYCANCELED = -708, TTU_E_MEDIAOVERFLOW = -709,
       TTU_E_RESNOTSUPP = -710, TTU_E_CHARSETDATA = -711, TTU_E_KEYNOTSUPPORTED = -713, TTU_E_NOACTIVEKEYS = -714 };
/* WFS_TTU_FIELD* failures of WFSTTUFIELDFAIL */
enum { TTU_FAIL_REQUIRED, TTU_FAIL_STATICOVWR, TTU_FAIL_OVERFLOW, TTU_FAIL_NOTFOUND, TTU_FAIL_NOTREAD, TTU_FAIL_NOTWRITE };
enum { TTU_CLASS_OPTIONAL, TTU_CLASS_STATIC, TTU_CLASS_REQUIRED };
enum { TTU_ACCESS_READ = 1, TTU_ACCESS_WRITE = 2 };
enum { TTU_OVF_TERMINATE, TTU_OVF_TRUNCATE, TTU_OVF_OVERWRITE };
enum { TTU_CK_ENTER = 1, TTU_CK_CANCEL = 2, TTU_CK_CLEAR = 3, TTU_CK_BACKSPACE = 4, TTU_CK_FDK01 = 24, TTU_CK_FDK04 = 27 };
#define TTU_MAX_X 40
#define TTU_MAX_Y 16
#define TTU_KEYQ 64

typedef struct {
  sim_service_t *svc;
  int size_x, size_y, cur_x, cur_y;
  char screen[TTU_MAX_Y][TTU_MAX_X + 1];
  uint16_t keyq[TTU_KEYQ];     /* a character (< 0x100) or 0x100 | command key */
  int qhead, qlen;
  uint16_t last_beep;
  uint32_t beeps;
  /* WFS_CMD_TTU_DEFINE_KEYS: the keys of the next READ_FORMs (none defined: every key, ENTER and
   * CANCEL terminating). Same encoding as the READ input items. */
  int keys_defined;
  char def_keys[64];
  uint16_t def_active[64], def_terminate[64];
  int ndef_active, ndef_terminate;
} ttu_state_t;

/* The simulated terminal's forms, as data (sim_ttu_forms.c). */
typedef struct {
  const char *name;
  uint16_t type, cls, access, overflow;
  int x, y, width;
  const char *initial, *format;
  int invalid;
} ttu_field_def_t;
typedef struct {
  const char *name;
  uint16_t width, height, version_major, version_minor;
  const ttu_field_def_t *fields;
  int nfields;
  int invalid;
} ttu_form_def_t;
const ttu_form_def_t *sim_ttu_find_form(const char *name);
int sim_ttu_find_field(const ttu_form_def_t *f, const char *name);
extern const ttu_form_def_t SIM_TTU_FORMS[];
extern const int SIM_TTU_NFORMS;
int32_t sim_ttu_write_form(sim_service_t *svc, ttu_state_t *d, sim_request_t *req);
int32_t sim_ttu_read_form(sim_service_t *svc, ttu_state_t *d, sim_request_t *req, wfs_result_t *r);
int32_t sim_ttu_define_keys(ttu_state_t *d, sim_request_t *req);
void sim_ttu_put(ttu_state_t *d, char c);
int sim_ttu_supported_ck(uint16_t ck);
void sim_ttu_fill_key(wfs_result_t *r, uint16_t v, const void *ctx);

ttu_state_t *sim_ttu_state(sim_service_t *svc);
void sim_ttu_clear(ttu_state_t *d, int x, int y, int w, int h);
int32_t sim_ttu_info(sim_service_t *svc, sim_request_t *req, wfs_result_t *r);
extern const ttu_resolution_t SIM_TTU_RESOLUTIONS[];
extern const int SIM_TTU_NRESOLUTIONS;
extern const char SIM_TTU_KEYS[];
extern const uint16_t SIM_TTU_COMMAND_KEYS[];   /* zero-terminated */

#endif
