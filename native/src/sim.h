/* Internal declarations of the XFS Manager simulator.
 *
 * The binary interface must match msxfs.dll as seen from 64-bit and 32-bit callers, so every
 * integer has a fixed width (on Linux x64 `unsigned long` would be 64-bit) and every XFS struct
 * is packed; window-system structs (MSG) keep natural alignment like the Win32 ones. */
#ifndef XFS4IOT_SIMULATOR_INTERNAL_H
#define XFS4IOT_SIMULATOR_INTERNAL_H

#include <stdint.h>
#include <stddef.h>
#include <pthread.h>
#include "sim_siu.h"

#ifdef _WIN32
/* Cross-built as xfssim.dll (mingw-w64) for the Windows lane: the XFS Manager and user32 entry
 * points use the Win32 calling convention (stdcall on i686) and are exported undecorated
 * (-Wl,--kill-at), so the gateway declares them exactly as for msxfs.dll and user32.dll. */
#define SIM_EXPORT __declspec(dllexport)
#define SIM_WINAPI __stdcall
#else
#define SIM_EXPORT __attribute__((visibility("default")))
#define SIM_WINAPI
#endif

typedef int32_t hresult_t;

/* ---- result codes used by the simulator ---- */
enum {
  R_SUCCESS = 0, R_ALREADY_STARTED = -1, R_API_VER_TOO_HIGH = -2, R_API_VER_TOO_LOW = -3,
  R_CANCELED = -4, R_DEV_NOT_READY = -13, R_HARDWARE_ERROR = -14, R_INTERNAL_ERROR = -15,
  R_INVALID_ADDRESS = -16, R_INVALID_APP_HANDLE = -17, R_INVALID_BUFFER = -18,
  R_INVALID_CATEGORY = -19, R_INVALID_COMMAND = -20, R_INVALID_EVENT_CLASS = -21,
  R_INVALID_HSERVICE = -22, R_INVALID_HWND = -24, R_INVALID_HWNDREG = -25, R_INVALID_POINTER = -26,
  R_INVALID_REQ_ID = -27, R_INVALID_RESULT = -28, R_LOCKED = -32, R_NOT_LOCKED = -37,
  R_NOT_STARTED = -39, R_NOT_REGISTERED = -40, R_OUT_OF_MEMORY = -42, R_SERVICE_NOT_FOUND = -43,
  R_SRVC_VER_TOO_HIGH = -46, R_SRVC_VER_TOO_LOW = -47, R_TIMEOUT = -48, R_UNSUPP_CATEGORY = -49,
  R_UNSUPP_COMMAND = -50, R_INVALID_DATA = -52, R_CONNECTION_LOST = -54, R_UNSUPP_DATA = -56,
};

/* ---- window messages ---- */
#define SIM_WM_QUIT 0x0012u
#define SIM_WM_USER 0x0400u
enum {
  MSG_OPEN_COMPLETE = SIM_WM_USER + 1, MSG_CLOSE_COMPLETE, MSG_LOCK_COMPLETE, MSG_UNLOCK_COMPLETE,
  MSG_REGISTER_COMPLETE, MSG_DEREGISTER_COMPLETE, MSG_GETINFO_COMPLETE, MSG_EXECUTE_COMPLETE,
  MSG_EXECUTE_EVENT = SIM_WM_USER + 20, MSG_SERVICE_EVENT, MSG_USER_EVENT, MSG_SYSTEM_EVENT,
};
enum { EVC_SERVICE = 1, EVC_USER = 2, EVC_SYSTEM = 4, EVC_EXECUTE = 8 };
enum { SYSE_UNDELIVERABLE_MSG = 1, SYSE_HARDWARE_ERROR = 2, SYSE_DEVICE_STATUS = 4 };
enum { STAT_DEVONLINE = 0, STAT_DEVOFFLINE = 1, STAT_DEVHWERROR = 4, STAT_DEVBUSY = 6 };

typedef struct {
  void *hwnd;
  uint32_t message;
  uintptr_t wParam;
  intptr_t lParam;
  uint32_t time;
  int32_t ptX;
  int32_t ptY;
  uint32_t lPrivate;
} sim_msg_t;

/* ---- XFS structs (pack 1) ---- */
#pragma pack(push, 1)
typedef struct {
  uint16_t wYear, wMonth, wDayOfWeek, wDay, wHour, wMinute, wSecond, wMilliseconds;
} sim_systemtime_t;

typedef struct {
  uint32_t RequestID;
  uint16_t hService;
  sim_systemtime_t tsTimestamp;
  int32_t hResult;
  uint32_t dwCommandCodeOrEventID;
  void *lpBuffer;
} wfs_result_t;

typedef struct {
  uint16_t wVersion;
  uint16_t wLowVersion;
  uint16_t wHighVersion;
  char szDescription[257];
  char szSystemStatus[257];
} wfs_version_t;

typedef struct {
  char *lpszPhysicalName;
  char *lpszWorkstationName;
  uint32_t dwState;
} wfs_devstatus_t;

typedef struct {
  char *lpszLogicalName;
  char *lpszWorkstationName;
  char *lpszAppID;
  uint32_t dwSize;
  uint8_t *lpbDescription;
  uint32_t dwMsg;
  wfs_result_t *lpWFSResult;
} wfs_undevmsg_t;

typedef struct {
  char *lpszLogicalName;
  char *lpszPhysicalName;
  char *lpszWorkstationName;
  char *lpszAppID;
  uint32_t dwAction;
  uint32_t dwSize;
  uint8_t *lpbDescription;
} wfs_hwerror_t;

/* IDC */
#define IDC_STATUS_V300_FIELDS \
  uint16_t fwDevice; uint16_t fwMedia; uint16_t fwRetainBin; uint16_t fwSecurity; \
  uint16_t usCards; uint16_t fwChipPower; char *lpszExtra;
#define IDC_STATUS_V320_FIELDS IDC_STATUS_V300_FIELDS \
  uint32_t dwGuidLights[32]; uint16_t fwChipModule; uint16_t fwMagReadModule; \
  uint16_t fwMagWriteModule; uint16_t fwFrontImageModule; uint16_t fwBackImageModule; \
  uint16_t wDevicePosition; uint16_t usPowerSaveRecoveryTime; uint16_t *lpwParkingStationMedia; \
  uint16_t wAntiFraudModule;
typedef struct { IDC_STATUS_V300_FIELDS } idc_status_v300_t;
typedef struct { IDC_STATUS_V320_FIELDS } idc_status_v320_t;

#define IDC_CAPS_V300_FIELDS \
  uint16_t wClass; uint16_t fwType; int32_t bCompound; uint16_t fwReadTracks; \
  uint16_t fwWriteTracks; uint16_t fwChipProtocols; uint16_t usCards; uint16_t fwSecType; \
  uint16_t fwPowerOnOption; uint16_t fwPowerOffOption; int32_t bFluxSensorProgrammable; \
  int32_t bReadWriteAccessFollowingEject; uint16_t fwWriteMode; uint16_t fwChipPower; \
  char *lpszExtra;
#define IDC_CAPS_V320_FIELDS IDC_CAPS_V300_FIELDS \
  uint16_t fwDIPMode; uint16_t *lpwMemoryChipProtocols; uint32_t dwGuidLights[32]; \
  uint16_t fwEjectPosition; int32_t bPowerSaveControl; uint16_t usParkingStations; \
  int32_t bAntiFraudModule;
#define IDC_CAPS_V330_FIELDS IDC_CAPS_V320_FIELDS uint32_t *lpdwSynchronizableCommands;
typedef struct { IDC_CAPS_V300_FIELDS } idc_caps_v300_t;
typedef struct { IDC_CAPS_V320_FIELDS } idc_caps_v320_t;
typedef struct { IDC_CAPS_V330_FIELDS } idc_caps_v330_t;

/* WFSIDCFORM: 3.0x ends at lpszTrack3Fields, 3.10 added front track 1, 3.20 JIS I tracks 1 and 3. */
#define IDC_FORM_V300_FIELDS \
  char *lpszFormName; char cFieldSeparatorTrack1; char cFieldSeparatorTrack2; char cFieldSeparatorTrack3; \
  uint16_t fwAction; char *lpszTracks; int32_t bSecure; char *lpszTrack1Fields; char *lpszTrack2Fields; \
  char *lpszTrack3Fields;
#define IDC_FORM_V310_FIELDS IDC_FORM_V300_FIELDS char *lpszFrontTrack1Fields; char cFieldSeparatorFrontTrack1;
#define IDC_FORM_V320_FIELDS IDC_FORM_V310_FIELDS \
  char *lpszJIS1Track1Fields; char *lpszJIS1Track3Fields; char cFieldSeparatorJIS1Track1; char cFieldSeparatorJIS1Track3;
typedef struct { IDC_FORM_V300_FIELDS } idc_form_v300_t;
typedef struct { IDC_FORM_V310_FIELDS } idc_form_v310_t;
typedef struct { IDC_FORM_V320_FIELDS } idc_form_v320_t;

typedef struct { uint16_t wIFMAuthority; char *lpszIFMIdentifier; } idc_ifm_identifier_t;
typedef struct { uint32_t ulLength; uint8_t *lpbData; } idc_hex_data_t;
typedef struct { idc_hex_data_t *lpAID; idc_hex_data_t *lpKernelIdentifier; } idc_app_data_t;
typedef struct { uint16_t usCount; uint16_t fwPosition; } idc_retain_card_t;
typedef struct { uint16_t usKeyLen; uint8_t *lpbKeyValue; } idc_setkey_t;
typedef struct {
  uint16_t wDataSource; uint16_t wStatus; uint32_t ulDataLength; uint8_t *lpbData; uint16_t fwWriteMethod;
} idc_card_data_t;
typedef struct { uint16_t wChipProtocol; uint32_t ulChipDataLength; uint8_t *lpbChipData; } idc_chip_io_t;
typedef struct { uint32_t ulChipDataLength; uint8_t *lpbChipData; } idc_chip_power_out_t;
typedef struct { uint16_t wGuidLight; uint32_t dwCommand; } idc_set_guidlight_t;
typedef struct { uint16_t wEjectPosition; } idc_eject_card_t;
typedef struct { uint16_t usMaxPowerSaveRecoveryTime; } idc_power_save_control_t;
typedef struct { uint16_t wDirection; uint16_t usParkingStation; } idc_park_card_t;
typedef struct {
  idc_hex_data_t *lpAID; int32_t bPartialSelection; uint32_t ulTransactionType;
  idc_hex_data_t *lpKernelIdentifier; idc_hex_data_t *lpConfigData;
} idc_aid_data_t;
typedef struct {
  idc_hex_data_t *lpRID; uint16_t wCAPublicKeyIndex; uint16_t wAPublicKeyAlgorithmIndicator;
  idc_hex_data_t *lpCAPublicKeyExponent; idc_hex_data_t *lpCAPublicKeyModulus;
  uint8_t *lpbCAPublicKeyCheckSum;
} idc_key_data_t;
typedef struct {
  idc_hex_data_t *lpTerminalData; idc_aid_data_t **lppAIDData; idc_key_data_t **lppKeyData;
} idc_emvcless_config_data_t;
typedef struct { idc_hex_data_t *lpData; } idc_emvcless_tx_data_t;
typedef struct {
  uint16_t wMessageId; uint16_t wStatus; uint32_t ulHoldTime; uint16_t wValueQualifier;
  char *lpszValue; char *lpszCurrencyCode; char *lpszLanguagePreferenceData;
} idc_emvcless_ui_t;
typedef struct {
  uint16_t wCVM; uint16_t wAlternateInterface; int32_t bReceipt;
  idc_emvcless_ui_t *lpClessUIOutcome; idc_emvcless_ui_t *lpClessUIRestart;
  uint32_t ulClessFieldOffHoldTime; uint32_t ulCardRemovalTimeoutValue;
  idc_hex_data_t *lpDiscretionaryData;
} idc_emvcless_outcome_t;
typedef struct {
  uint16_t wDataSource; uint16_t wTxOutcome; uint16_t wCardholderAction;
  idc_hex_data_t *lpDataRead; idc_emvcless_outcome_t *lpClessOutcome;
} idc_emvcless_tx_output_t;
typedef struct { uint16_t fwStatus; char *lpstrTrack; char *lpstrData; } idc_track_event_t;
typedef struct { uint16_t wAction; uint16_t wPosition; } idc_card_act_t;
typedef struct { uint16_t wPosition; } idc_device_position_t;
typedef struct { uint16_t usPowerSaveRecoveryTime; } idc_power_save_change_t;
typedef struct { uint16_t fwTracks; } idc_track_detected_t;
typedef struct { idc_emvcless_ui_t *lpClessUI; } idc_emvcless_read_status_t;

/* CDM */
#define CDM_OUTPOS_V300_FIELDS \
  uint16_t fwPosition; uint16_t fwShutter; uint16_t fwPositionStatus; uint16_t fwTransport; \
  uint16_t fwTransportStatus;
#define CDM_OUTPOS_V330_FIELDS CDM_OUTPOS_V300_FIELDS uint16_t fwJammedShutterPosition;
typedef struct { CDM_OUTPOS_V300_FIELDS } cdm_outpos_v300_t;
typedef struct { CDM_OUTPOS_V330_FIELDS } cdm_outpos_v330_t;

#define CDM_STATUS_V300_FIELDS \
  uint16_t fwDevice; uint16_t fwSafeDoor; uint16_t fwDispenser; uint16_t fwIntermediateStacker; \
  void **lppPositions; char *lpszExtra;
#define CDM_STATUS_V320_FIELDS CDM_STATUS_V300_FIELDS \
  uint32_t dwGuidLights[32]; uint16_t wDevicePosition; uint16_t usPowerSaveRecoveryTime; \
  uint16_t wAntiFraudModule;
typedef struct { CDM_STATUS_V300_FIELDS } cdm_status_v300_t;
typedef struct { CDM_STATUS_V320_FIELDS } cdm_status_v320_t;

#define CDM_CAPS_V300_FIELDS \
  uint16_t wClass; uint16_t fwType; uint16_t wMaxDispenseItems; int32_t bCompound; \
  int32_t bShutter; int32_t bShutterControl; uint16_t fwRetractAreas; \
  uint16_t fwRetractTransportActions; uint16_t fwRetractStackerActions; int32_t bSafeDoor; \
  int32_t bCashBox; int32_t bIntermediateStacker; int32_t bItemsTakenSensor; \
  uint16_t fwPositions; uint16_t fwMoveItems; uint16_t fwExchangeType; char *lpszExtra;
#define CDM_CAPS_V320_FIELDS CDM_CAPS_V300_FIELDS \
  uint32_t dwGuidLights[32]; int32_t bPowerSaveControl; int32_t bPrepareDispense; \
  int32_t bAntiFraudModule;
#define CDM_CAPS_V330_FIELDS CDM_CAPS_V320_FIELDS \
  uint32_t dwItemInfoTypes; int32_t bBlacklist; uint32_t *lpdwSynchronizableCommands;
typedef struct { CDM_CAPS_V300_FIELDS } cdm_caps_v300_t;
typedef struct { CDM_CAPS_V320_FIELDS } cdm_caps_v320_t;
typedef struct { CDM_CAPS_V330_FIELDS } cdm_caps_v330_t;

#define CDM_PHCU_V300_FIELDS \
  char *lpPhysicalPositionName; char cUnitID[5]; uint32_t ulInitialCount; uint32_t ulCount; \
  uint32_t ulRejectCount; uint32_t ulMaximum; uint16_t usPStatus; int32_t bHardwareSensor;
#define CDM_PHCU_V320_FIELDS CDM_PHCU_V300_FIELDS \
  uint32_t ulDispensedCount; uint32_t ulPresentedCount; uint32_t ulRetractedCount;
typedef struct { CDM_PHCU_V300_FIELDS } cdm_phcu_v300_t;
typedef struct { CDM_PHCU_V320_FIELDS } cdm_phcu_v320_t;

#define CDM_CASHUNIT_V300_FIELDS \
  uint16_t usNumber; uint16_t usType; char *lpszCashUnitName; char cUnitID[5]; \
  char cCurrencyID[3]; uint32_t ulValues; uint32_t ulInitialCount; uint32_t ulCount; \
  uint32_t ulRejectCount; uint32_t ulMinimum; uint32_t ulMaximum; int32_t bAppLock; \
  uint16_t usStatus; uint16_t usNumPhysicalCUs; void **lppPhysical;
#define CDM_CASHUNIT_V320_FIELDS CDM_CASHUNIT_V300_FIELDS \
  uint32_t ulDispensedCount; uint32_t ulPresentedCount; uint32_t ulRetractedCount;
typedef struct { CDM_CASHUNIT_V300_FIELDS } cdm_cashunit_v300_t;
typedef struct { CDM_CASHUNIT_V320_FIELDS } cdm_cashunit_v320_t;

typedef struct { uint16_t usTellerID; uint16_t usCount; void **lppList; } cdm_cu_info_t;
typedef struct {
  char cCurrencyID[3]; uint32_t ulAmount; uint16_t usCount; uint32_t *lpulValues; uint32_t ulCashBox;
} cdm_denomination_t;
typedef struct { cdm_denomination_t *lpDenomination; uint16_t wPresentState; char *lpszExtra; } cdm_present_status_t;
typedef struct { uint16_t usTellerID; uint16_t usMixNumber; cdm_denomination_t *lpDenomination; } cdm_denominate_t;
typedef struct {
  uint16_t usTellerID; uint16_t usMixNumber; uint16_t fwPosition; int32_t bPresent;
  cdm_denomination_t *lpDenomination;
} cdm_dispense_t;
typedef struct { uint16_t fwOutputPosition; uint16_t usRetractArea; uint16_t usIndex; } cdm_retract_t;
typedef struct { uint16_t usNumber; cdm_retract_t *lpRetractArea; uint16_t fwOutputPosition; } cdm_itemposition_t;
typedef struct { uint16_t wFailure; void *lpCashUnit; } cdm_cu_error_t;
typedef struct { char cCurrencyID[3]; int16_t sExponent; } cdm_currency_exp_t;
typedef struct { uint16_t usMixNumber; uint16_t usMixType; uint16_t usSubType; char *lpszName; } cdm_mix_type_t;
typedef struct { uint32_t ulAmount; uint16_t *lpusMixture; } cdm_mix_row_t;
typedef struct { uint16_t wAction; } cdm_prepare_dispense_t;
typedef struct { int32_t bEmptyAll; uint16_t fwPosition; char *lpPhysicalPositionName; } cdm_physical_cu_t;
typedef struct { char *lpPhysicalPositionName; char cUnitId[5]; uint32_t ulDispensed; uint32_t ulCounted; uint16_t usPStatus; } cdm_counted_phys_cu_t;
typedef struct { uint16_t usNumPhysicalCUs; cdm_counted_phys_cu_t **lppCountedPhysCUs; } cdm_count_t;
typedef struct {
  uint16_t usMixNumber; char *lpszName; uint16_t usRows; uint16_t usCols; uint32_t *lpulMixHeader; cdm_mix_row_t **lppMixRows;
} cdm_mix_table_t;
typedef struct { uint16_t fwExchangeType; uint16_t usTellerID; uint16_t usCount; uint16_t *lpusCUNumList; } cdm_start_ex_t;
typedef struct { uint16_t usTellerID; char cCurrencyID[3]; } cdm_teller_info_t;
typedef struct {
  char cCurrencyID[3]; uint32_t ulItemsReceived; uint32_t ulItemsDispensed; uint32_t ulCoinsReceived;
  uint32_t ulCoinsDispensed; uint32_t ulCashBoxReceived; uint32_t ulCashBoxDispensed;
} cdm_teller_totals_t;
typedef struct { uint16_t usTellerID; uint32_t ulInputPosition; uint16_t fwOutputPosition; cdm_teller_totals_t **lppTellerTotals; } cdm_teller_details_t;
typedef struct { uint16_t usAction; cdm_teller_details_t *lpTellerDetails; } cdm_teller_update_t;
typedef struct { uint16_t usNumber; uint16_t usNumOfBills; cdm_itemposition_t **lpPosition; } cdm_calibrate_t;
typedef struct { uint16_t fwPosition; uint16_t fwShutter; } cdm_shutter_status_changed_t;
typedef struct { char cCurrencyID[3]; uint32_t ulValues; uint16_t usRelease; uint32_t ulCount; uint16_t usNumber; } cdm_item_number_t;
typedef struct { uint16_t usNumOfItemNumbers; cdm_item_number_t **lppItemNumber; } cdm_item_number_list_t;
/* 3.30: the list is embedded by value, as the CEN header declares it (despite the lp prefix). */
typedef struct { cdm_item_number_list_t lpItemNumberList; uint16_t usReason; } cdm_incomplete_retract_t;
/* WFSPTRFIELDFAIL / WFSTTUFIELDFAIL: the field events of the printer and the text terminal share it. */
typedef struct { char *lpszFormName; char *lpszFieldName; uint16_t wFailure; } sim_field_fail_t;
#pragma pack(pop)

/* ---- allocation (sim_alloc.c) ---- */
void *sim_alloc_top(size_t size);            /* zeroed; a new chain */
void *sim_alloc_more(void *top, size_t size);/* zeroed; freed with top */
char *sim_strdup_more(void *top, const char *s);
void *sim_memdup_more(void *top, const void *p, size_t n);
int sim_free_top(void *top);                 /* 0 ok, -1 not a live top-level buffer */
int sim_is_live_top(void *top);

/* ---- window system (sim_win.c) ---- */
int sim_post(void *hwnd, uint32_t msg, uintptr_t wparam, intptr_t lparam); /* 1 posted, 0 not */
void sim_win_reset(void);

/* ---- core (sim_core.c) ---- */
uint64_t sim_now_ms(void);
extern pthread_mutex_t g_lock;

#define SIM_MAX_BYTES 4096
#define SIM_MAX_ITEMS 16

/* Command input deep-copied at submission: the caller may free its data when the call returns. */
typedef struct {
  int present;                 /* lpCmdData was not NULL */
  uint32_t w[8];               /* small scalars, meaning per command */
  uint8_t bytes[SIM_MAX_BYTES];
  uint32_t nbytes;
  struct { uint16_t source; uint8_t data[256]; uint32_t len; } items[SIM_MAX_ITEMS];
  uint32_t nitems;
  uint32_t values[SIM_MAX_ITEMS];
  uint32_t nvalues;
  char text[64];
} sim_input_t;

typedef struct sim_service sim_service_t;
typedef struct sim_request sim_request_t;

struct sim_request {
  uint32_t id;
  uint16_t hService;
  int kind;                    /* MSG_*_COMPLETE of the completion */
  uint32_t code;               /* command or category */
  void *hwnd;
  uint64_t deadline;           /* 0 = no timeout */
  int canceled;
  int32_t cancel_code;         /* hResult the cancellation completes with */
  int sync;                    /* blocking call: result handed back instead of posted */
  wfs_result_t *sync_result;
  int done;
  uint16_t version;            /* negotiated version of the handle */
  int32_t parse_error;         /* input rejected at submission: completes with this */
  int hang;                    /* waits (before executing) until released or canceled: SimHangNext */
  int released;                /* SimReleaseHang: the hung request goes on to execute */
  sim_input_t in;
  sim_request_t *next;
};

/* A device class: how to parse input, run commands and answer queries. All run with g_lock held. */
typedef struct {
  int (*parse_exec)(uint16_t version, uint32_t cmd, const void *data, sim_input_t *in);
  int (*parse_info)(uint16_t version, uint32_t cat, const void *data, sim_input_t *in);
  /* returns hResult; fills *out with lpBuffer allocated with sim_alloc_more(result, ...) */
  int32_t (*execute)(sim_service_t *svc, sim_request_t *req, wfs_result_t *result);
  int32_t (*info)(sim_service_t *svc, sim_request_t *req, wfs_result_t *result);
  void (*init)(sim_service_t *svc);
  /* Optional: commands that run beside the one executing (on the query thread) because they answer
   * it, such as VDM acknowledgements while a vendor mode request waits for them. */
  int (*beside)(uint32_t cmd);
  /* Optional: a request that runs beside the commands other sessions keep the device busy with (a PIN
   * pad encrypts while its keyboard waits for the customer); never beside its own session's. */
  int (*beside_session)(const struct sim_service *svc, const sim_request_t *req);
} sim_class_t;

extern const sim_class_t sim_idc_class;
extern const sim_class_t sim_cdm_class;
extern const sim_class_t sim_ptr_class;
extern const sim_class_t sim_pin_class;
extern const sim_class_t sim_siu_class;
extern const sim_class_t sim_ttu_class;
extern const sim_class_t sim_vdm_class;

#define SIM_MAX_CHIP 256
typedef struct {
  int media;                   /* fwMedia */
  int card_waiting;            /* a card is at the slot, not yet drawn in */
  int card_invalid;
  char tracks[3][128];
  int has_track[3];
  uint8_t atr[64];
  uint32_t atr_len;
  uint8_t chip_response[SIM_MAX_CHIP];
  uint32_t chip_response_len;
  uint8_t cless_data[SIM_MAX_CHIP];
  uint32_t cless_len;
  int cless_outcome;
  int chip_power;
  int retain_count;
  int retain_threshold;
  int retain_capacity;
  int parked;
  int cless_configured;
  int cless_transaction;
  struct { uint8_t aid[16]; uint32_t aid_len; uint8_t kernel[16]; uint32_t kernel_len; } apps[8];
  int napps;
  uint32_t guid_lights[32];
  int power_save_time;
  int key_len;
  int corrupt_next_read;       /* test hook: next READ_RAW_DATA reports an absurd length */
  char chip_pin[13];           /* the card's offline PIN, which its chip checks in a plaintext VERIFY */
  int chip_pin_tries;
} sim_idc_state_t;

typedef struct {
  uint16_t number;
  uint16_t type;
  char name[16];
  char unit_id[6];
  char currency[4];
  uint32_t value;
  uint32_t initial;
  uint32_t count;
  uint32_t reject;
  uint32_t minimum;
  uint32_t maximum;
  uint32_t dispensed;
  uint32_t presented;
  uint32_t retracted;
  uint16_t status;
  uint16_t app_lock;           /* bAppLock: the application may not dispense from it */
} sim_cdm_unit_t;

typedef struct {
  sim_cdm_unit_t units[8];
  int nunits;
  uint32_t stacker[8];         /* items per unit waiting in the stacker */
  uint32_t at_output[8];       /* items per unit presented at the output position */
  int shutter;                 /* WFS_CDM_SHTCLOSED / SHTOPEN */
  int present_state;
  uint32_t last_amount;
  char last_currency[4];
  uint16_t note_error_next;    /* reason of a NOTEERROR raised by the next dispense, 0 = none */
  uint32_t delay_next_ms;      /* the next dispense waits this long first (DELAYEDDISPENSE), 0 = none */
  int32_t jam_after;           /* the next dispense jams after this many notes (INCOMPLETEDISPENSE), -1 = none */
  int prepared;                /* WFS_CMD_CDM_PREPARE_DISPENSE started and not stopped */
  /* Mix tables (WFS_CDM_MIXTABLE): per row an amount and the notes of each header value. */
  struct {
    uint16_t number, rows, cols;
    char name[32];
    uint32_t header[8];
    uint32_t amount[16];
    uint16_t mixture[16][8];
  } tables[4];
  int ntables;
  int16_t exponent;            /* WFS_INF_CDM_CURRENCY_EXP of EUR: values and amounts are in 10^exponent EUR */
  int exchange_active;         /* between START_EXCHANGE and END_EXCHANGE */
  uint16_t exchange_units;     /* bit per unit (1 << (number - 1)) taking part in the exchange */
  /* Tellers (WFSCDMTELLERDETAILS), EUR totals only; teller 0 exists from the start. */
  struct { uint16_t id, out; uint32_t in; uint32_t totals[6]; } tellers[4];
  int ntellers;
  int32_t retract_jam_after;   /* the next retract stops after this many notes (3.30 INCOMPLETERETRACT), -1 = none */
  uint16_t retract_fault_reason; /* its WFS_CDM_IR* reason */
} sim_cdm_state_t;
/* Mix tables (sim_cdm_mix.c). */
void sim_cdm_default_tables(sim_cdm_state_t *d);
int sim_cdm_find_table(const sim_cdm_state_t *d, uint32_t number);
int32_t sim_cdm_table_mix(const sim_cdm_state_t *d, int t, uint32_t amount, uint32_t *out);
int sim_cdm_parse_mix_table(const void *data, sim_input_t *in);
int32_t sim_cdm_set_mix_table(sim_cdm_state_t *d, const sim_input_t *in);
void *sim_cdm_build_mix_table(wfs_result_t *r, const sim_cdm_state_t *d, int t);
/* Shared by sim_cdm.c and sim_cdm_more.c. */
void *sim_cdm_build_unit(wfs_result_t *r, uint16_t v, const sim_cdm_unit_t *u);
void sim_cdm_fill_unit(wfs_result_t *r, uint16_t v, const void *ctx);   /* ctx: sim_cdm_unit_t */
/* Moves the shutter; a change is announced to 3.30 sessions (WFS_SRVE_CDM_SHUTTERSTATUSCHANGED). */
void sim_cdm_set_shutter(sim_service_t *svc, int shutter);
/* Exchange, SET_CASH_UNIT_INFO, TEST_CASH_UNITS (sim_cdm_more.c): parse returns R_UNSUPP_COMMAND and
 * run returns 1 for a command that is not theirs. */
int sim_cdm_more_parse(uint16_t v, uint32_t cmd, const void *data, sim_input_t *in);
int32_t sim_cdm_more_run(sim_service_t *svc, sim_request_t *req, wfs_result_t *r, int *handled);
int sim_cdm_more_parse_info(uint16_t v, uint32_t cat, const void *data, sim_input_t *in);
int32_t sim_cdm_more_info(sim_service_t *svc, sim_request_t *req, wfs_result_t *r);

#define SIM_MAX_HANDLES 256
#define SIM_MAX_REGS 8

struct sim_service {
  char name[64];
  int cls;                     /* 2 IDC, 3 CDM */
  const sim_class_t *impl;
  uint16_t max_version;
  uint16_t min_version;
  uint32_t delay_ms;           /* device time of every execute */
  uint32_t info_delay_ms;      /* 0 = answered inline */
  int32_t fail_next;           /* hResult for the next execute, 0 = none */
  uint32_t fail_next_cmd;      /* 0 = any command */
  int32_t fail_next_info;      /* hResult for the next query of fail_next_info_cat, 0 = none */
  uint32_t fail_next_info_cat;
  int hang_next;                /* the next execute submitted hangs (bound to it at submission) */
  int ignore_cancel;           /* a provider that ignores WFSCancelAsyncRequest and dwTimeOut for running commands */
  uint32_t cancels_ignored;    /* cancels of running requests this provider ignored */
  int lost;
  uint64_t lost_until;         /* 0 = until restored */
  uint32_t generation;
  pthread_cond_t cv;           /* state changes: card inserted, cancel, loss */
  pthread_t exec_thread, info_thread;
  int threads_started;
  sim_request_t *exec_head, *exec_tail, *running;
  sim_request_t *info_head, *info_tail, *info_running;
  pthread_cond_t exec_cv, info_cv;
  struct sim_pair *pair;       /* a recycler's CDM and CIM share cassettes (sim_pair.c); NULL = none */
  struct sim_pin_state *pin;   /* a PIN pad's keys and entry (sim_pin.c), made with the service's first use */
  uint32_t info_counts[64];    /* queries run, by category % 64 (tests count the gateway's status reads) */
  union { sim_idc_state_t idc; sim_cdm_state_t cdm; sim_siu_state_t siu; } dev;
};

typedef struct {
  int used;
  uint16_t h;
  sim_service_t *svc;
  uint16_t version;
  uint32_t generation;
  void *happ;
  char app_id[64];
  struct { void *hwnd; uint32_t classes; } regs[SIM_MAX_REGS];
  int nregs;
  int locked;
} sim_handle_t;

sim_service_t *sim_find_service(const char *name);
/* The first service of class `cls` that `accept` takes (g_lock held). */
sim_service_t *sim_first_service(int cls, int (*accept)(sim_service_t *));
/* A PIN pad's PRESENT_IDC: the APDU, with the PIN in it, to the chip of the card in a card reader the
 * pad is wired to (sim_idc_pin.c; g_lock held). 0 with the chip's answer; -1 no card with a powered
 * chip; -2 the protocol is not one the reader speaks. */
int32_t sim_idc_present_pin(uint16_t protocol, const uint8_t *apdu, uint32_t n, uint8_t *out, uint32_t *outlen);
/* The service of that name if it is of class `cls` (PTR 1, IDC 2, CDM 3, ... CIM 13), else NULL; for the
 * control functions (the built-in services exist once it returns). */
sim_service_t *sim_find_class_service(const char *name, int cls);
/* The class's name ("CDM", ...) for descriptions. */
const char *sim_class_name(int cls);
/* A field event's payload (sim_field_fail_t) from { form, field, failure }. */
typedef struct { const char *form; const char *field; uint16_t failure; } sim_field_fail_ctx_t;
void sim_fill_field_fail(wfs_result_t *r, uint16_t v, const void *ctx);

/* ---- shared between sim_core.c (machinery), sim_api.c (exports) and sim_control.c ---- */
/* Directory where devices with physical state (the CDM's cash units, stacker, tray and shutter) keep
 * it across restarts of the process, as a real device keeps its notes; empty = nothing kept. */
extern char g_state_dir[512];
/* Takes the kept state of a CDM service, if there is one (when added, and when the directory is set). */
void sim_cdm_load(sim_service_t *svc);
void sim_cdm_save(sim_service_t *svc);
/* WFSCDMCASHUNIT.usType of a unit the dispenser gives notes from: a bill cassette or a recycling one. */
#define SIM_CDM_DISPENSING(type) ((type) == 3 || (type) == 12)
/* Recyclers (sim_pair.c): a CDM and a CIM whose recycling cassettes are the same physical units. */
sim_service_t *sim_add_recycler(const char *cdm, const char *cim, uint16_t max_version);
/* Brings the physical counts of a paired service's shared cassettes together (g_lock held). */
void sim_pair_sync(sim_service_t *svc);
/* After kept state was loaded: the CIM's counts (with its note lists) are the cassettes' counts. */
void sim_pair_rebase(sim_service_t *svc);
/* Every service with physical state takes what g_state_dir keeps for it (g_lock held). */
void sim_load_kept_state(void);
extern pthread_cond_t g_sync_cv;
extern pthread_once_t g_once;
extern int g_started;
extern uint32_t g_next_req;
extern uint16_t g_next_h;
extern uintptr_t g_next_app;
extern sim_handle_t g_handles[SIM_MAX_HANDLES];
extern long g_undelivered;
void sim_init_once(void);
sim_service_t *sim_add_service(const char *name, int cls, uint16_t max_version);
sim_handle_t *sim_handle_of(uint16_t h);
int sim_handle_dead(sim_handle_t *hd);
wfs_result_t *sim_new_result(uint32_t id, uint16_t h, uint32_t code, int32_t hr);
void sim_deliver(void *hwnd, uint32_t msg, wfs_result_t *r);
void sim_complete(sim_request_t *req, wfs_result_t *r);
void sim_run(sim_service_t *svc, sim_request_t *req);
void sim_start_threads(sim_service_t *svc);
void sim_enqueue(sim_service_t *svc, sim_request_t *req, int info);
int sim_cancel_matching(sim_service_t *svc, uint16_t h, uint32_t id, int32_t hr, int app_cancel);
void sim_kick(sim_service_t *svc);
/* Waits (g_lock held) until *flag != 0, the request is canceled, times out or the service is lost.
 * ms > 0 bounds the wait: returns 1 when that time passed. Returns 0 when *flag set, else hResult. */
int32_t sim_wait(sim_service_t *svc, sim_request_t *req, const int *flag, uint32_t ms);
int sim_is_lost(sim_service_t *svc);
/* Events: build one WFSRESULT per registered window; fill() writes lpBuffer for each. */
typedef void (*sim_fill_fn)(wfs_result_t *r, uint16_t version, const void *ctx);
/* req != NULL: an execute event of that request (its handle only, RequestID set). */
void sim_event(sim_service_t *svc, uint32_t evclass, const sim_request_t *req,
               uint32_t event_id, sim_fill_fn fill, const void *ctx);
/* The same for the sessions opened at min_vnum (e.g. 330) or later only: an event a version added. */
void sim_event_since(sim_service_t *svc, uint32_t evclass, const sim_request_t *req,
                     uint32_t event_id, sim_fill_fn fill, const void *ctx, uint16_t min_vnum);
void sim_now_systemtime(sim_systemtime_t *t);
int sim_vnum(uint16_t word);    /* 0x1e03 -> 330 */
char *sim_extra_more(void *top, const char *const *pairs); /* "k=v\0k=v\0\0" */

#endif
