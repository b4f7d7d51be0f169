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
#pragma pack(pop)

char *sim_ttu_layouts(char *p, char *end);

enum { TTU_CMD_BEEP = 701, TTU_CMD_CLEARSCREEN, TTU_CMD_SET_RESOLUTION = 705, TTU_CMD_WRITE = 708, TTU_CMD_READ,
       TTU_CMD_RESET };
enum { TTU_INF_STATUS = 701, TTU_INF_CAPABILITIES, TTU_INF_FORM_LIST, TTU_INF_KEY_DETAIL = 706 };
enum { TTU_EV_KEY = 703 };
enum { TTU_E_FORMNOTFOUND = -706, TTU_E_KEYCANCELED = -708, TTU_E_RESNOTSUPP = -710, TTU_E_CHARSETDATA = -711,
       TTU_E_KEYNOTSUPPORTED = -713, TTU_E_NOACTIVEKEYS = -714 };
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
} ttu_state_t;

ttu_state_t *sim_ttu_state(sim_service_t *svc);
void sim_ttu_clear(ttu_state_t *d, int x, int y, int w, int h);
int32_t sim_ttu_info(sim_service_t *svc, sim_request_t *req, wfs_result_t *r);
extern const ttu_resolution_t SIM_TTU_RESOLUTIONS[];
extern const int SIM_TTU_NRESOLUTIONS;
extern const char SIM_TTU_KEYS[];
extern const uint16_t SIM_TTU_COMMAND_KEYS[];   /* zero-terminated */

#endif
