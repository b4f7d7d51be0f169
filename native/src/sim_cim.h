/* The simulated CIM (cash-in module, class 13): its packed structs (field names as in the CEN
 * headers, 3.00 = the 3.02 header; 3.20 and 3.30 append fields), the device state kept across
 * restarts and what the class files share. Wide strings (LPWSTR) are UTF-16 as on Windows. */
#ifndef XFS4IOT_SIMULATOR_CIM_H
#define XFS4IOT_SIMULATOR_CIM_H
#include "sim.h"

#pragma pack(push, 1)
#define CIM_INPOS_V300_FIELDS \
  uint16_t fwPosition; uint16_t fwShutter; uint16_t fwPositionStatus; uint16_t fwTransport; uint16_t fwTransportStatus;
typedef struct { CIM_INPOS_V300_FIELDS } cim_inpos_v300_t;
typedef struct { CIM_INPOS_V300_FIELDS uint16_t fwJammedShutterPosition; } cim_inpos_v330_t;

#define CIM_STATUS_V300_FIELDS \
  uint16_t fwDevice; uint16_t fwSafeDoor; uint16_t fwAcceptor; uint16_t fwIntermediateStacker; \
  uint16_t fwStackerItems; uint16_t fwBanknoteReader; int32_t bDropBox; void **lppPositions; char *lpszExtra;
typedef struct { CIM_STATUS_V300_FIELDS } cim_status_v300_t;
typedef struct {
  CIM_STATUS_V300_FIELDS uint32_t dwGuidLights[32]; uint16_t wDevicePosition; uint16_t usPowerSaveRecoveryTime;
  uint16_t wMixedMode; uint16_t wAntiFraudModule;
} cim_status_v320_t;

#define CIM_CAPS_V300_FIELDS \
  uint16_t wClass; uint16_t fwType; uint16_t wMaxCashInItems; int32_t bCompound; int32_t bShutter; \
  int32_t bShutterControl; int32_t bSafeDoor; int32_t bCashBox; int32_t bRefill; uint16_t fwIntermediateStacker; \
  int32_t bItemsTakenSensor; int32_t bItemsInsertedSensor; uint16_t fwPositions; uint16_t fwExchangeType; \
  uint16_t fwRetractAreas; uint16_t fwRetractTransportActions; uint16_t fwRetractStackerActions; char *lpszExtra;
#define CIM_CAPS_V320_FIELDS CIM_CAPS_V300_FIELDS \
  uint32_t dwGuidLights[32]; uint32_t dwItemInfoTypes; int32_t bCompareSignatures; int32_t bPowerSaveControl; \
  int32_t bReplenish; uint16_t fwCashInLimit; uint16_t fwCountActions; int32_t bDeviceLockControl; \
  uint16_t wMixedMode; int32_t bMixedDepositAndRollback; int32_t bAntiFraudModule;
typedef struct { CIM_CAPS_V300_FIELDS } cim_caps_v300_t;
typedef struct { CIM_CAPS_V320_FIELDS } cim_caps_v320_t;
typedef struct { CIM_CAPS_V320_FIELDS int32_t bDeplete; int32_t bBlacklist; uint32_t *lpdwSynchronizableCommands; } cim_caps_v330_t;

#define CIM_PHCU_V300_FIELDS \
  char *lpPhysicalPositionName; char cUnitID[5]; uint32_t ulCashInCount; uint32_t ulCount; uint32_t ulMaximum; \
  uint16_t usPStatus; int32_t bHardwareSensors; char *lpszExtra;
typedef struct { CIM_PHCU_V300_FIELDS } cim_phcu_v300_t;
typedef struct {
  CIM_PHCU_V300_FIELDS uint32_t ulInitialCount; uint32_t ulDispensedCount; uint32_t ulPresentedCount;
  uint32_t ulRetractedCount; uint32_t ulRejectCount;
} cim_phcu_v320_t;

typedef struct { uint16_t usNoteID; uint32_t ulCount; } cim_note_number_t;
typedef struct { uint16_t usNumOfNoteNumbers; cim_note_number_t **lppNoteNumber; } cim_note_number_list_t;

#define CIM_CASHIN_V300_FIELDS \
  uint16_t usNumber; uint32_t fwType; uint32_t fwItemType; char cUnitID[5]; char cCurrencyID[3]; uint32_t ulValues; \
  uint32_t ulCashInCount; uint32_t ulCount; uint32_t ulMaximum; uint16_t usStatus; int32_t bAppLock; \
  cim_note_number_list_t *lpNoteNumberList; uint16_t usNumPhysicalCUs; void **lppPhysical; char *lpszExtra;
typedef struct { CIM_CASHIN_V300_FIELDS } cim_cashin_v300_t;
typedef struct {
  CIM_CASHIN_V300_FIELDS uint16_t *lpusNoteIDs; uint16_t usCDMType; char *lpszCashUnitName; uint32_t ulInitialCount;
  uint32_t ulDispensedCount; uint32_t ulPresentedCount; uint32_t ulRetractedCount; uint32_t ulRejectCount; uint32_t ulMinimum;
} cim_cashin_v320_t;
typedef struct { uint16_t usCount; void **lppCashIn; } cim_cash_info_t;

typedef struct { uint16_t usTellerID; char cCurrencyID[3]; } cim_teller_info_t;
typedef struct {
  char cCurrencyID[3]; uint32_t ulItemsReceived; uint32_t ulItemsDispensed; uint32_t ulCoinsReceived;
  uint32_t ulCoinsDispensed; uint32_t ulCashBoxReceived; uint32_t ulCashBoxDispensed;
} cim_teller_totals_t;
typedef struct {
  uint16_t usTellerID; uint16_t fwInputPosition; uint16_t fwOutputPosition; cim_teller_totals_t **lppTellerTotals;
} cim_teller_details_t;
typedef struct { uint16_t usAction; cim_teller_details_t *lpTellerDetails; } cim_teller_update_t;
typedef struct { char cCurrencyID[3]; int16_t sExponent; } cim_currency_exp_t;
typedef struct { uint16_t usNoteID; char cCurrencyID[3]; uint32_t ulValues; uint16_t usRelease; int32_t bConfigured; } cim_note_type_t;
typedef struct { uint16_t usNumOfNoteTypes; cim_note_type_t **lppNoteTypes; } cim_note_type_list_t;
typedef struct { uint16_t wStatus; uint16_t usNumOfRefused; cim_note_number_list_t *lpNoteNumberList; char *lpszExtra; } cim_cash_in_status_t;

typedef struct { uint16_t usLevel; cim_note_number_list_t *lpNoteNumberList; uint16_t usNumOfSignatures; } cim_p6_info_t;
typedef struct { uint16_t usLevel; uint16_t usIndex; } cim_get_p6_signature_t;
typedef struct { uint16_t usNoteId; uint32_t ulLength; uint32_t dwOrientation; void *lpSignature; } cim_p6_signature_t;
typedef struct { uint16_t usLevel; uint16_t usIndex; uint32_t dwItemInfoType; } cim_get_item_info_t;
typedef struct { uint16_t usNoteID; uint16_t *lpszSerialNumber; cim_p6_signature_t *lpP6Signature; } cim_item_info_v320_t;
typedef struct {
  uint16_t usNoteID; uint16_t *lpszSerialNumber; cim_p6_signature_t *lpP6Signature; char *lpszImageFileName;
} cim_item_info_v330_t;
typedef struct { uint16_t usLevel; uint16_t usNumOfItems; } cim_item_info_summary_t;
typedef struct { uint16_t usLevel; } cim_get_all_items_info_t;
typedef struct {
  uint16_t usLevel; uint16_t usNoteID; uint16_t *lpszSerialNumber; uint32_t dwOrientation; char *lpszP6SignatureFileName;
  char *lpszImageFileName; uint16_t wOnBlacklist; uint16_t wItemLocation; uint16_t usNumber;
} cim_item_info_all_t;
typedef struct { uint16_t usCount; cim_item_info_all_t **lppItemsList; } cim_all_items_info_t;

typedef struct {
  uint16_t fwPosition; uint16_t fwUsage; int32_t bShutterControl; int32_t bItemsTakenSensor; int32_t bItemsInsertedSensor;
  uint16_t fwRetractAreas; char *lpszExtra; int32_t bPresentControl;
} cim_pos_caps_t;
typedef struct { cim_pos_caps_t **lppPosCapabilities; } cim_pos_capabilities_t;
typedef struct { uint16_t usNumberSource; } cim_rep_info_t;
typedef struct { uint16_t usNumberTarget; } cim_rep_info_target_t;
typedef struct { cim_rep_info_target_t **lppReplenishTargets; } cim_rep_info_res_t;
typedef struct { char *lpPhysicalPositionName; uint16_t wCashUnitLockStatus; } cim_cash_unit_lock_t;
typedef struct { uint16_t wDeviceLockStatus; cim_cash_unit_lock_t **lppCashUnitLock; } cim_device_lock_status_t;
typedef struct { char *lpPhysicalPositionName; uint32_t ulMaximum; int32_t bHardwareSensors; char *lpszExtra; } cim_phcu_capabilities_t;
typedef struct {
  uint16_t usNumber; uint16_t usNumPhysicalCUs; cim_phcu_capabilities_t **lppPhysical; int32_t bRetractNoteCountThresholds;
  char *lpszExtra;
} cim_cash_unit_capabilities_t;
typedef struct { uint16_t usCount; cim_cash_unit_capabilities_t **lppCashUnitCaps; } cim_cash_capabilities_t;
typedef struct { uint16_t usNumberTarget; } cim_dep_info_t;
typedef struct { uint16_t usNumberSource; } cim_dep_info_source_t;
typedef struct { cim_dep_info_source_t **lppDepleteSources; } cim_dep_info_res_t;

typedef struct { uint16_t usTellerID; int32_t bUseRecycleUnits; uint16_t fwOutputPosition; uint16_t fwInputPosition; } cim_cash_in_start_t;
typedef struct { uint16_t fwOutputPosition; uint16_t usRetractArea; uint16_t usIndex; } cim_retract_t;
typedef struct { uint16_t usLogicalNumber; uint16_t fwPosition; uint16_t usNumber; } cim_output_t;
typedef struct {
  uint16_t fwExchangeType; uint16_t usTellerID; uint16_t usCount; uint16_t *lpusCUNumList; cim_output_t *lpOutput;
} cim_start_ex_t;
typedef struct { uint16_t usNumber; cim_retract_t *lpRetractArea; uint16_t fwOutputPosition; } cim_itemposition_t;
typedef struct { uint16_t usNumber; uint32_t dwType; uint16_t *lpusNoteIDs; } cim_cash_in_type_t;
typedef struct { uint16_t wGuidLight; uint32_t dwCommand; } cim_set_guidlight_t;
typedef struct { int32_t bLoadAlways; } cim_configure_note_reader_t;
typedef struct { int32_t bRebootNecessary; } cim_configure_note_reader_out_t;
typedef struct { cim_p6_signature_t **lppP6ReferenceSignatures; cim_p6_signature_t **lppP6Signatures; } cim_p6_compare_signature_t;
typedef struct { uint16_t usIndex; uint16_t usConfidenceLevel; uint32_t ulLength; void *lpComparisonData; } cim_p6_signatures_index_t;
typedef struct { uint16_t usCount; cim_p6_signatures_index_t **lppP6SignaturesIndex; } cim_p6_compare_result_t;
typedef struct { uint16_t usMaxPowerSaveRecoveryTime; } cim_power_save_control_t;
typedef struct { uint16_t usNumberTarget; uint32_t ulNumberOfItemsToMove; int32_t bRemoveAll; } cim_rep_target_t;
typedef struct { uint16_t usNumberSource; cim_rep_target_t **lppReplenishTargets; } cim_rep_t;
typedef struct { uint16_t usNumberTarget; uint16_t usNoteID; uint32_t ulNumberOfItemsReceived; } cim_rep_target_res_t;
typedef struct { uint32_t ulNumberOfItemsRemoved; uint32_t ulNumberOfItemsRejected; cim_rep_target_res_t **lppReplenishTargetResults; } cim_rep_res_t;
typedef struct { char cCurrencyID[3]; uint32_t ulAmount; } cim_amount_limit_t;
typedef struct { uint32_t ulTotalItemsLimit; cim_amount_limit_t *lpAmountLimit; } cim_cash_in_limit_t;
typedef struct { uint16_t usCount; uint16_t *lpusCUNumList; } cim_count_t;
typedef struct { char *lpPhysicalPositionName; uint16_t wUnitAction; } cim_unit_lock_control_t;
typedef struct { uint16_t wDeviceAction; uint16_t wCashUnitAction; cim_unit_lock_control_t **lppUnitLockControl; } cim_device_lock_control_t;
typedef struct { uint16_t wMixedMode; } cim_set_mode_t;
typedef struct { uint16_t fwPosition; } cim_present_t;
typedef struct { uint16_t usNumberSource; uint32_t ulNumberOfItemsToMove; int32_t bRemoveAll; } cim_dep_source_t;
typedef struct { cim_dep_source_t **lppDepleteSources; uint16_t usNumberTarget; } cim_dep_t;
typedef struct { uint16_t usNumberSource; uint16_t usNoteID; uint32_t ulNumberOfItemsRemoved; } cim_dep_source_res_t;
typedef struct { uint32_t ulNumberOfItemsReceived; uint32_t ulNumberOfItemsRejected; cim_dep_source_res_t **lppDepleteSourceResults; } cim_dep_res_t;
typedef struct { uint16_t *lpszSerialNumber; char cCurrencyID[3]; uint32_t ulValue; } cim_blacklist_element_t;
typedef struct { uint16_t *lpszVersion; uint16_t usCount; cim_blacklist_element_t **lppBlacklistElements; } cim_blacklist_t;

typedef struct { uint16_t wFailure; void *lpCashUnit; } cim_cu_error_t;
typedef struct { uint16_t usCount; uint16_t *lpusCUNumList; } cim_counts_changed_t;
typedef struct { uint16_t wPosition; uint16_t wAdditionalBunches; uint16_t usBunchesRemaining; } cim_position_info_t;
typedef struct { uint16_t wPosition; } cim_device_position_t;
typedef struct { uint16_t usPowerSaveRecoveryTime; } cim_power_save_change_t;
typedef struct { cim_rep_res_t *lpReplenish; } cim_incomplete_replenish_t;
typedef struct { cim_dep_res_t *lpDeplete; } cim_incomplete_deplete_t;
typedef struct { uint16_t fwPosition; uint16_t fwShutter; } cim_shutter_status_changed_t;
#pragma pack(pop)

char *sim_cim_layouts(char *p, char *end);

/* ---- codes (CIM_SERVICE_OFFSET 1300) ---- */
enum {
  CIM_CMD_CASH_IN_START = 1301, CIM_CMD_CASH_IN, CIM_CMD_CASH_IN_END, CIM_CMD_CASH_IN_ROLLBACK, CIM_CMD_RETRACT,
  CIM_CMD_OPEN_SHUTTER, CIM_CMD_CLOSE_SHUTTER, CIM_CMD_SET_TELLER_INFO, CIM_CMD_SET_CASH_UNIT_INFO,
  CIM_CMD_START_EXCHANGE, CIM_CMD_END_EXCHANGE, CIM_CMD_OPEN_SAFE_DOOR, CIM_CMD_RESET, CIM_CMD_CONFIGURE_CASH_IN_UNITS,
  CIM_CMD_CONFIGURE_NOTETYPES, CIM_CMD_CREATE_P6_SIGNATURE, CIM_CMD_SET_GUIDANCE_LIGHT, CIM_CMD_CONFIGURE_NOTE_READER,
  CIM_CMD_COMPARE_P6_SIGNATURE, CIM_CMD_POWER_SAVE_CONTROL, CIM_CMD_REPLENISH, CIM_CMD_SET_CASH_IN_LIMIT,
  CIM_CMD_CASH_UNIT_COUNT, CIM_CMD_DEVICE_LOCK_CONTROL, CIM_CMD_SET_MODE, CIM_CMD_PRESENT_MEDIA, CIM_CMD_DEPLETE,
  CIM_CMD_SET_BLACKLIST, CIM_CMD_SYNCHRONIZE_COMMAND,
};
enum {
  CIM_INF_STATUS = 1301, CIM_INF_CAPABILITIES, CIM_INF_CASH_UNIT_INFO, CIM_INF_TELLER_INFO, CIM_INF_CURRENCY_EXP,
  CIM_INF_BANKNOTE_TYPES, CIM_INF_CASH_IN_STATUS, CIM_INF_GET_P6_INFO, CIM_INF_GET_P6_SIGNATURE, CIM_INF_GET_ITEM_INFO,
  CIM_INF_POSITION_CAPABILITIES, CIM_INF_REPLENISH_TARGET, CIM_INF_DEVICELOCK_STATUS, CIM_INF_CASH_UNIT_CAPABILITIES,
  CIM_INF_DEPLETE_SOURCE, CIM_INF_GET_ALL_ITEMS_INFO, CIM_INF_GET_BLACKLIST,
};
enum {
  CIM_EV_SAFEDOOROPEN = 1301, CIM_EV_SAFEDOORCLOSED, CIM_EV_CASHUNITTHRESHOLD, CIM_EV_CASHUNITINFOCHANGED,
  CIM_EV_TELLERINFOCHANGED, CIM_EV_CASHUNITERROR, CIM_EV_ITEMSTAKEN, CIM_EV_COUNTS_CHANGED, CIM_EV_INPUTREFUSE,
  CIM_EV_ITEMSPRESENTED, CIM_EV_ITEMSINSERTED, CIM_EV_NOTEERROR, CIM_EV_SUBCASHIN, CIM_EV_MEDIADETECTED, CIM_EV_INPUT_P6,
  CIM_EV_INFO_AVAILABLE, CIM_EV_INSERTITEMS, CIM_EV_DEVICEPOSITION, CIM_EV_POWER_SAVE_CHANGE, CIM_EV_INCOMPLETEREPLENISH,
  CIM_EV_INCOMPLETEDEPLETE, CIM_EV_SHUTTERSTATUSCHANGED,
};
enum {
  CIM_E_INVALIDCURRENCY = -1300, CIM_E_INVALIDTELLERID = -1301, CIM_E_CASHUNITERROR = -1302, CIM_E_TOOMANYITEMS = -1307,
  CIM_E_UNSUPPOSITION = -1308, CIM_E_SHUTTERNOTOPEN = -1312, CIM_E_SHUTTEROPEN = -1313, CIM_E_SHUTTERCLOSED = -1314,
  CIM_E_INVALIDCASHUNIT = -1315, CIM_E_NOITEMS = -1316, CIM_E_EXCHANGEACTIVE = -1317, CIM_E_NOEXCHANGEACTIVE = -1318,
  CIM_E_CASHINACTIVE = -1325, CIM_E_NOCASHINACTIVE = -1326, CIM_E_POSITION_NOT_EMPTY = -1328,
  CIM_E_INVALIDRETRACTPOSITION = -1334, CIM_E_NOTRETRACTAREA = -1335, CIM_E_CASHUNITNOTEMPTY = -1339,
  CIM_E_INVALIDREFSIG = -1340, CIM_E_INVALIDTRNSIG = -1341, CIM_E_DEVICELOCKFAILURE = -1344,
  CIM_E_SYNCHRONIZEUNSUPP = -1349,
};
enum { CIM_POSINCENTER = 0x0004, CIM_POSOUTCENTER = 0x0200 };
enum { CIM_CIOK, CIM_CIROLLBACK, CIM_CIACTIVE, CIM_CIRETRACT, CIM_CIUNKNOWN, CIM_CIRESET };
enum { CIM_TYPERECYCLING = 1, CIM_TYPECASHIN = 2, CIM_TYPERETRACTCASSETTE = 4 };
enum { CIM_CITYPALL = 1, CIM_CITYPUNFIT = 2, CIM_CITYPINDIVIDUAL = 4 };
enum { CIM_STATCUOK, CIM_STATCUFULL, CIM_STATCUHIGH, CIM_STATCULOW, CIM_STATCUEMPTY, CIM_STATCUINOP };
enum { CIM_RA_RETRACT = 0x01, CIM_RA_TRANSPORT = 0x02, CIM_RA_STACKER = 0x04, CIM_RA_CASHIN = 0x40 };
enum { CIM_SHTCLOSED, CIM_SHTOPEN, CIM_SHTJAMMED };
/* WFS_EXEE_CIM_INPUTREFUSE reasons */
enum { CIM_R_CASHINUNITFULL = 1, CIM_R_INVALIDBILL = 2, CIM_R_STACKERFULL = 6, CIM_R_LIMITOVERTOTALITEMS = 10, CIM_R_LIMITOVERAMOUNT = 11 };

/* ---- the simulated device ---- */
#define CIM_MAX_UNITS 5
#define CIM_NOTE_TYPES 7            /* note ids 1..7 */
#define CIM_ESCROW_MAX 200          /* escrow capacity */
#define CIM_MAX_CASH_IN_ITEMS 50    /* wMaxCashInItems: items one CASH_IN takes from the input */
#define CIM_SUB_CASH_IN 20          /* a bunch is processed in parts of this many notes */
#define CIM_MAX_BUNCH 300           /* items a test may lay at the input at once */
#define CIM_MAX_TXN 400             /* items a transaction records for P6 and item info */
#define CIM_MAX_BLACKLIST 16

/* Item kinds (what the note reader decides). */
enum { CIM_K_UNKNOWN = 1, CIM_K_COUNTERFEIT = 2, CIM_K_SUSPECT = 3, CIM_K_FIT = 4, CIM_K_UNFIT = 5 };
/* Where an item of the transaction went (WFSCIMITEMINFOALL.wItemLocation). */
enum { CIM_LOC_DEVICE = 1, CIM_LOC_CASHUNIT = 2, CIM_LOC_CUSTOMER = 3 };

typedef struct { uint8_t kind; uint8_t pad; uint16_t note_id; uint32_t serial; } sim_cim_item_t;
typedef struct { sim_cim_item_t item; uint16_t location; uint16_t unit; } sim_cim_txn_item_t;

typedef struct {
  uint16_t number;
  uint32_t type;               /* WFS_CIM_TYPE* */
  uint32_t item_type;          /* WFS_CIM_CITYP* */
  char unit_id[6];
  char currency[4];
  uint32_t value;
  uint32_t cash_in_count, count, initial, minimum, maximum;
  uint32_t dispensed, presented, retracted, reject;
  uint16_t note_id;            /* the note a recycler takes, 0 = all */
  uint32_t notes[CIM_NOTE_TYPES + 1]; /* notes in the unit by note id (0: unrecognised/retracted items) */
  char position[16];           /* lpPhysicalPositionName */
  int32_t app_lock;
  int32_t inop;                /* jammed: WFS_CIM_STATCUINOP until RESET */
  int32_t locked;              /* physically locked (DEVICE_LOCK_CONTROL) */
} sim_cim_unit_t;

typedef struct {
  sim_cim_unit_t units[CIM_MAX_UNITS];
  int nunits;
  int32_t configured[CIM_NOTE_TYPES + 1];     /* note ids 1..7 accepted */
  sim_cim_item_t input[CIM_MAX_BUNCH]; uint32_t ninput;   /* a bunch at the input position */
  sim_cim_item_t escrow[CIM_ESCROW_MAX]; uint32_t nescrow;
  sim_cim_item_t output[CIM_MAX_BUNCH]; uint32_t noutput; /* refused or returned, at the output position */
  sim_cim_txn_item_t txn[CIM_MAX_TXN]; uint32_t ntxn;     /* items the current/last transaction read */
  int32_t input_ready;         /* a bunch waits at the input (what CASH_IN waits for) */
  uint16_t ci_status;          /* WFSCIMCASHINSTATUS.wStatus */
  int32_t active;              /* a cash-in transaction is active */
  int32_t use_recycle;
  uint16_t refused;
  uint32_t accepted[CIM_NOTE_TYPES + 1];      /* level 4 notes accepted in the current/last transaction */
  uint16_t shutter_in, shutter_out;
  int32_t jammed;              /* HWERROR until RESET */
  int32_t exchange;            /* an exchange is active */
  uint32_t next_serial;
  uint16_t teller_id; int32_t teller_exists; uint16_t teller_in, teller_out;
  uint32_t teller_received, teller_dispensed;
  uint32_t guid_lights[32];
  uint16_t power_save;
  uint32_t limit_items; uint32_t limit_amount; char limit_currency[4];
  uint16_t device_lock;        /* WFS_CIM_LOCK / UNLOCK */
  int32_t load_always;
  uint16_t blacklist_version[16];
  struct { uint16_t serial[24]; char currency[4]; uint32_t value; } blacklist[CIM_MAX_BLACKLIST];
  int nblacklist;
  /* injected faults: not kept across restarts */
  int32_t jam_after, jam_end_after, jam_move_after;
  uint16_t note_error_next;
} sim_cim_state_t;

sim_cim_state_t *sim_cim_state(sim_service_t *svc);
void sim_cim_save(sim_service_t *svc);
void sim_cim_load(sim_service_t *svc);
uint16_t sim_cim_unit_status(const sim_cim_unit_t *u);
/* Units a command changed, and their status before it (for CASHUNITTHRESHOLD). */
typedef struct { unsigned mask; uint16_t before[CIM_MAX_UNITS]; } sim_cim_changes_t;
void sim_cim_changes_begin(const sim_cim_state_t *d, sim_cim_changes_t *c);
/* CASHUNITINFOCHANGED per changed unit, CASHUNITTHRESHOLD for one that became HIGH or FULL. */
void sim_cim_changes_end(sim_service_t *svc, const sim_cim_changes_t *c);
/* One item into unit index i (counts, note list, the transaction's record). */
void sim_cim_store(sim_cim_state_t *d, int i, const sim_cim_item_t *it, sim_cim_changes_t *c, int retracted);
/* Everything at the output position (from_escrow 0) or in the escrow (1) into unit index i. */
void sim_cim_move_all(sim_cim_state_t *d, int i, int from_escrow, sim_cim_changes_t *c, int retracted);
cim_cash_info_t *sim_cim_build_changed(wfs_result_t *r, uint16_t v, const sim_cim_state_t *d, unsigned mask);
uint32_t sim_cim_note_value(uint16_t note_id);
int sim_cim_unit_index(const sim_cim_state_t *d, uint32_t number);
/* Output builders (sim_cim_info.c): versioned, allocated on r. */
void *sim_cim_build_unit(wfs_result_t *r, uint16_t v, const sim_cim_unit_t *u);
cim_note_number_list_t *sim_cim_build_nnl(wfs_result_t *r, const uint32_t *per_id);
uint16_t *sim_cim_wstr(wfs_result_t *r, const char *s);
void sim_cim_serial(char *out, size_t n, const sim_cim_item_t *it);
int32_t sim_cim_info(sim_service_t *svc, sim_request_t *req, wfs_result_t *r);
int sim_cim_parse_info(uint16_t v, uint32_t cat, const void *data, sim_input_t *in);
/* Second-priority commands (sim_cim_more.c). */
int sim_cim_parse_more(uint16_t v, uint32_t cmd, const void *data, sim_input_t *in);
int32_t sim_cim_run_more(sim_service_t *svc, sim_request_t *req, wfs_result_t *r);
/* Events (sim_cim_events.c). */
void sim_cim_fill_unit(wfs_result_t *r, uint16_t v, const void *ctx);
void sim_cim_fill_word(wfs_result_t *r, uint16_t v, const void *ctx);
void sim_cim_fill_position_info(wfs_result_t *r, uint16_t v, const void *ctx);
/* ITEMSPRESENTED / ITEMSTAKEN / ITEMSINSERTED of a position (3.20+: WFSCIMPOSITIONINFO, 3.00: none). */
void sim_cim_position_event(sim_service_t *svc, uint32_t id, uint16_t position);
void sim_cim_fill_item_position(wfs_result_t *r, uint16_t v, const void *ctx);
void sim_cim_fill_shutter(wfs_result_t *r, uint16_t v, const void *ctx);
/* A service event only for handles of at least version min (330): events a version's header lacks. */
void sim_cim_event_from(sim_service_t *svc, int min, uint32_t id, sim_fill_fn fill, const void *ctx);
void sim_cim_fill_incomplete(wfs_result_t *r, uint16_t v, const void *ctx);   /* WFSCIMINCOMPLETEREPLENISH / DEPLETE */
void sim_cim_fill_power_save(wfs_result_t *r, uint16_t v, const void *ctx);
void sim_cim_fill_counts(wfs_result_t *r, uint16_t v, const void *ctx);       /* WFSCIMCOUNTSCHANGED of a unit mask */
int32_t sim_cim_create_signature(sim_service_t *svc, sim_request_t *req, wfs_result_t *r);
int32_t sim_cim_compare(const sim_input_t *in, wfs_result_t *r);
#define CIM_V320(v) (sim_vnum(v) >= 320)
#define CIM_V330(v) (sim_vnum(v) >= 330)

#endif
