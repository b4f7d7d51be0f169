/* Simulated encrypting PIN pad (XFS 3.x PIN class): struct layouts shared with the gateway and the
 * device state. Kept out of sim.h: only the sim_pin*.c files and sim_layout.c see them. */
#ifndef XFS4IOT_SIMULATOR_PIN_H
#define XFS4IOT_SIMULATOR_PIN_H

#include <stdint.h>
#include "sim.h"

#pragma pack(push, 1)
typedef struct { uint16_t usLength; uint8_t *lpbData; } pin_xdata_t;

#define PIN_STATUS_V300_FIELDS uint16_t fwDevice; uint16_t fwEncStat; char *lpszExtra;
#define PIN_STATUS_V320_FIELDS PIN_STATUS_V300_FIELDS \
  uint32_t dwGuidLights[32]; uint16_t fwAutoBeepMode; uint32_t dwCertificateState; \
  uint16_t wDevicePosition; uint16_t usPowerSaveRecoveryTime; uint16_t wAntiFraudModule;
typedef struct { PIN_STATUS_V300_FIELDS } pin_status_v300_t;
typedef struct { PIN_STATUS_V320_FIELDS } pin_status_v320_t;

#define PIN_CAPS_V300_FIELDS \
  uint16_t wClass; uint16_t fwType; int32_t bCompound; uint16_t usKeyNum; uint16_t fwAlgorithms; \
  uint16_t fwPinFormats; uint16_t fwDerivationAlgorithms; uint16_t fwPresentationAlgorithms; \
  uint16_t fwDisplay; int32_t bIDConnect; uint16_t fwIDKey; uint16_t fwValidationAlgorithms; \
  uint16_t fwKeyCheckModes; char *lpszExtra;
#define PIN_CAPS_V320_FIELDS PIN_CAPS_V300_FIELDS \
  uint32_t dwGuidLights[32]; int32_t bPINCanPersistAfterUse; uint16_t fwAutoBeep; char *lpsHSMVendor; \
  int32_t bHSMJournaling; uint32_t dwRSAAuthenticationScheme; uint32_t dwRSASignatureAlgorithm; \
  uint32_t dwRSACryptAlgorithm; uint32_t dwRSAKeyCheckMode; uint32_t dwSignatureScheme; \
  uint16_t *lpwEMVImportSchemes; uint16_t fwEMVHashAlgorithm; int32_t bKeyImportThroughParts; \
  uint16_t fwENCIOProtocols; int32_t bTypeCombined; int32_t bSetPinblockDataRequired; \
  uint16_t fwKeyBlockImportFormats; int32_t bPowerSaveControl; int32_t bAntiFraudModule;
#define PIN_CAPS_V330_FIELDS PIN_CAPS_V320_FIELDS \
  uint16_t wDESKeyLength; uint16_t wCertificateTypes; void **lppLoadCertOptions; \
  uint32_t dwCRKLLoadOptions; void *lpETSCaps; uint32_t *lpdwSynchronizableCommands; \
  void **lppRestrictedKeyEncKeySupport;
typedef struct { PIN_CAPS_V300_FIELDS } pin_caps_v300_t;
typedef struct { PIN_CAPS_V320_FIELDS } pin_caps_v320_t;
typedef struct { PIN_CAPS_V330_FIELDS } pin_caps_v330_t;

#define PIN_KEY_DETAIL_V300_FIELDS char *lpsKeyName; uint16_t fwUse; int32_t bLoaded;
typedef struct { PIN_KEY_DETAIL_V300_FIELDS } pin_key_detail_v300_t;
typedef struct { PIN_KEY_DETAIL_V300_FIELDS pin_xdata_t *lpxKeyBlockHeader; } pin_key_detail_v320_t;

typedef struct { uint32_t ulFDK; uint16_t usXPosition; uint16_t usYPosition; } pin_fdk_t;
typedef struct { uint32_t ulFuncMask; uint16_t usNumberFDKs; pin_fdk_t **lppFDKs; } pin_funckey_detail_t;

typedef struct {
  uint16_t wMode; char *lpsKey; pin_xdata_t *lpxKeyEncKey; uint16_t wAlgorithm; char *lpsStartValueKey;
  pin_xdata_t *lpxStartValue; uint8_t bPadding; uint8_t bCompression; pin_xdata_t *lpxCryptData;
} pin_crypt_t;
typedef struct { char *lpsKey; char *lpsEncKey; pin_xdata_t *lpxIdent; pin_xdata_t *lpxValue; uint16_t fwUse; } pin_import_t;
typedef struct {
  uint16_t usMinLen; uint16_t usMaxLen; int32_t bAutoEnd; char cEcho; uint32_t ulActiveFDKs;
  uint32_t ulActiveKeys; uint32_t ulTerminateFDKs; uint32_t ulTerminateKeys;
} pin_getpin_t;
typedef struct { uint16_t usDigits; uint16_t wCompletion; } pin_entry_t;
typedef struct {
  char *lpsCustomerData; char *lpsXORData; uint8_t bPadding; uint16_t wFormat; char *lpsKey; char *lpsKeyEncKey;
} pin_block_t;
typedef struct {
  uint16_t usMaxLen; int32_t bAutoEnd; uint32_t ulActiveFDKs; uint32_t ulActiveKeys; uint32_t ulTerminateFDKs;
  uint32_t ulTerminateKeys;
} pin_getdata_t;
typedef struct { uint16_t wCompletion; uint32_t ulDigit; } pin_key_t;
typedef struct { uint16_t usKeys; pin_key_t **lpPinKeys; uint16_t wCompletion; } pin_data_t;
typedef struct { pin_xdata_t *lpxIdent; pin_xdata_t *lpxKey; } pin_init_t;
typedef struct { char *lpsKey; uint16_t wKeyCheckMode; } pin_generate_kcv_t;
typedef struct {
  uint16_t wDerivationAlgorithm; char *lpsKey; char *lpsKeyGenKey; char *lpsStartValueKey; pin_xdata_t *lpxStartValue;
  uint8_t bPadding; pin_xdata_t *lpxInputData; pin_xdata_t *lpxIdent;
} pin_derive_t;
typedef struct {
  char *lpsValidationData; char *lpsOffset; uint8_t bPadding; uint16_t usMaxPIN; uint16_t usValDigits; int32_t bNoLeadingZero;
  char *lpsKey; pin_xdata_t *lpxKeyEncKey; char *lpsDecTable;
} pin_local_des_t;
typedef struct { uint16_t wPresentAlgorithm; uint16_t wChipProtocol; uint32_t ulChipDataLength; uint8_t *lpbChipData; void *lpAlgorithmData; } pin_presentidc_t;
typedef struct { uint32_t ulPINPointer; uint16_t usPINOffset; } pin_presentclear_t;
typedef struct { uint16_t wChipProtocol; uint32_t ulChipDataLength; uint8_t *lpbChipData; } pin_present_result_t;
typedef struct { char *lpsPAN; char *lpsPVV; uint16_t wPVVDigits; char *lpsKey; pin_xdata_t *lpxKeyEncKey; } pin_local_visa_t;
typedef struct { pin_xdata_t *lpxKCV; } pin_kcv_t;
typedef struct { uint16_t wHashAlgorithm; pin_xdata_t *lpxDigestInput; } pin_digest_t;
typedef struct { pin_xdata_t *lpxDigestOutput; } pin_digest_output_t;
typedef struct { int32_t bMaintainPIN; } pin_maintain_pin_t;
typedef struct { char *lpsKeyName; int32_t lErrorCode; } pin_access_t;
typedef struct {
  char *lpszManufacturerIdentifier; char *lpszModelIdentifier; char *lpszHardwareIdentifier;
  char *lpszFirmwareIdentifier; char *lpszApplicationIdentifier;
} pin_pcipts_deviceid_t;
typedef struct { pin_xdata_t *lpxRandomItem; } pin_start_key_exchange_t;
typedef struct { uint16_t wGetCertificate; } pin_get_certificate_t;
typedef struct { pin_xdata_t *lpxCertificate; } pin_get_certificate_output_t;
typedef struct { uint16_t wExportItemType; char *lpsName; } pin_export_rsa_issuer_signed_item_t;
typedef struct { pin_xdata_t *lpxValue; uint32_t dwRSASignatureAlgorithm; pin_xdata_t *lpxSignature; } pin_export_rsa_issuer_signed_item_output_t;
typedef struct { char *lpsKey; uint32_t dwUse; uint16_t wModulusLength; uint16_t wExponentValue; } pin_generate_rsa_key_pair_t;
typedef struct { uint16_t wExportItemType; char *lpsName; char *lpsSigKey; uint32_t dwSignatureAlgorithm; } pin_export_rsa_epp_signed_item_t;
typedef struct { pin_xdata_t *lpxValue; pin_xdata_t *lpxSelfSignature; pin_xdata_t *lpxSignature; } pin_export_rsa_epp_signed_item_output_t;
typedef struct {
  uint16_t usKeyLen; int32_t bAutoEnd; uint32_t ulActiveFDKs; uint32_t ulActiveKeys; uint32_t ulTerminateFDKs;
  uint32_t ulTerminateKeys; uint16_t wVerificationType;
} pin_securekey_entry_t;
typedef struct { uint16_t usDigits; uint16_t wCompletion; pin_xdata_t *lpxKCV; } pin_securekey_entry_out_t;
typedef struct {
  uint16_t usXPos; uint16_t usYPos; uint16_t usXSize; uint16_t usYSize; uint16_t wKeyType; uint32_t ulFK; uint32_t ulShiftFK;
} pin_fk_t;
typedef struct {
  uint16_t usFrameXPos; uint16_t usFrameYPos; uint16_t usFrameXSize; uint16_t usFrameYSize; uint16_t wFloatAction; pin_fk_t **lppFKs;
} pin_frame_t;
typedef struct { uint32_t dwEntryMode; uint16_t usNumberOfFrames; pin_frame_t **lppFrames; } pin_layout_t;
typedef struct {
  int32_t lXPos; int32_t lYPos; uint16_t usXSize; uint16_t usYSize; uint16_t wMaximumTouchFrames; uint16_t wMaximumTouchKeys;
  uint16_t wFloatFlags;
} pin_ets_caps_t;
typedef struct { uint16_t usXPos; uint16_t usYPos; uint16_t usXSize; uint16_t usYSize; uint32_t ulFK; uint32_t ulShiftFK; } pin_hex_keys_t;
typedef struct {
  uint16_t fwKeyEntryMode; pin_funckey_detail_t *lpFuncKeyDetail; uint32_t ulClearFDK; uint32_t ulCancelFDK;
  uint32_t ulBackspaceFDK; uint32_t ulEnterFDK; uint16_t wColumns; uint16_t wRows; pin_hex_keys_t **lppHexKeys;
} pin_securekey_detail_t;
typedef struct { uint32_t dwEntryMode; } pin_get_layout_t;
#pragma pack(pop)

/* SIMULATOR-ONLY key storage: clear key values in process memory (a real EPP never lets them out). */
#define PIN_MAX_KEYS 16
#define PIN_MAX_DIGITS 32
#define PIN_KEYQ 64
typedef struct {
  char name[33];
  uint16_t use;
  uint8_t value[24];
  uint8_t len;              /* 0 = name known, no value */
} sim_pin_key_t;

/* SIMULATOR-ONLY: an RSA key pair the host had generated: its name, use and pair of the fixed table */
#define PIN_MAX_RSA_KEYS 4
typedef struct { char name[33]; uint32_t use; int pair; } sim_pin_rsa_key_t;

/* SIMULATOR-ONLY: the touch screen (ETS) variant's layouts, one per entry mode (data, pin, secure). */
#define PIN_TOUCH_FRAMES 2
#define PIN_TOUCH_KEYS 24
typedef struct { uint16_t x, y, w, h, type; uint32_t fk, shift; } sim_pin_touch_key_t;
typedef struct { uint16_t x, y, w, h, flt; int nkeys; sim_pin_touch_key_t keys[PIN_TOUCH_KEYS]; } sim_pin_touch_frame_t;
typedef struct { int nframes; sim_pin_touch_frame_t frames[PIN_TOUCH_FRAMES]; } sim_pin_touch_layout_t;

typedef struct sim_pin_state {
  sim_service_t *svc;
  sim_pin_key_t keys[PIN_MAX_KEYS];
  int nkeys;
  int enc_stat;
  char pin[PIN_MAX_DIGITS + 1]; /* entered PIN (digits), consumed by GET_PINBLOCK */
  int pin_ready;
  uint32_t keyq[PIN_KEYQ];  /* keys the customer pressed, not yet read by an entry command */
  int qhead, qlen;
  int maintain_pin;         /* WFS_CMD_PIN_MAINTAIN_PIN: the PIN outlives the commands that use it */
  uint16_t beep_mode;       /* WFS_PIN_BEEP_ON_ACTIVE / ON_INACTIVE */
  int block_set;            /* WFS_CMD_PIN_SET_PINBLOCK_DATA given: the next GET_PINBLOCK must match it */
  uint32_t block_hash;
  sim_pin_rsa_key_t rsa[PIN_MAX_RSA_KEYS];
  int nrsa;
  int generated;            /* pairs handed out: the next is 1 + generated (table pair 0 is the EPP's own) */
  /* certificate scheme (sim_pin_cert.c); all 0 on a new EPP: the issuer is its CA, no host is bound */
  int ca_replaced;          /* REPLACE_CERTIFICATE done: ca_n is the CA's modulus, the state secondary */
  uint8_t ca_n[256];
  int host_loaded;          /* LOAD_CERTIFICATE done: host_n is the host's modulus */
  uint8_t host_n[256];
  uint32_t auth_cmd;        /* START_AUTHENTICATE: the command and the nonce its data to sign holds */
  uint8_t auth_nonce[8];
  uint8_t skey[24];         /* WFS_CMD_PIN_SECUREKEY_ENTRY: the key part entered, until IMPORT_KEY takes it */
  uint8_t skey_len;
  char cons_name[33];       /* the key being constructed from secure key parts (one at a time) */
  uint8_t cons_value[24];
  uint8_t cons_len;
  int touch;                /* the touch screen (ETS) variant: DEFINE_LAYOUT and WFS_EXEE_PIN_LAYOUT (3.30) */
  sim_pin_touch_layout_t layouts[3];
} sim_pin_state_t;

int sim_pin_parse_block(const void *data, sim_input_t *in);
uint32_t sim_pin_block_hash(const sim_input_t *in);
int32_t sim_pin_check_block(sim_service_t *svc, const sim_input_t *in);
/* WFS_CMD_PIN_LOCAL_VISA (sim_pin_visa.c). */
int sim_pin_parse_visa(const void *data, sim_input_t *in);
int32_t sim_pin_local_visa(sim_service_t *svc, sim_request_t *req, wfs_result_t *r);
/* WFS_CMD_PIN_PRESENT_IDC (sim_pin_idc.c). */
int sim_pin_parse_present(const void *data, sim_input_t *in);
int32_t sim_pin_present_idc(sim_service_t *svc, sim_request_t *req, wfs_result_t *r);

enum { PIN_CMD_LOCAL_DES = 410, PIN_CMD_LOCAL_VISA = 412, PIN_CMD_PRESENT_IDC = 415, PIN_CMD_DERIVE_KEY = 414, PIN_CMD_DIGEST = 437, PIN_CMD_GENERATE_KCV = 439, PIN_CMD_MAINTAIN_PIN = 442, PIN_CMD_KEYPRESS_BEEP = 443,
       PIN_CMD_SET_PINBLOCK_DATA = 444, PIN_CMD_SECUREKEY_ENTRY = 438, PIN_CMD_DEFINE_LAYOUT = 450,
       PIN_CMD_EXPORT_RSA_ISSUER_SIGNED_ITEM = 427, PIN_CMD_GET_CERTIFICATE = 432, PIN_CMD_START_KEY_EXCHANGE = 434, PIN_CMD_GENERATE_RSA_KEY_PAIR = 429, PIN_CMD_EXPORT_RSA_EPP_SIGNED_ITEM = 430 };
enum { PIN_INF_QUERY_PCIPTS_DEVICE_ID = 410 };
enum { PIN_EV_ILLEGAL_KEY_ACCESS = 403 };
enum { PIN_E_KEYNOTFOUND = -400, PIN_E_MODENOTSUPPORTED = -401, PIN_E_KEYNOVALUE = -406, PIN_E_USEVIOLATION = -407,
       PIN_E_ALGORITHMNOTSUPP = -421, PIN_E_INVALIDKEYLENGTH = -409, PIN_E_NOKEYRAM = -419, PIN_E_NOPIN = -408, PIN_E_FORMATNOTSUPP = -422,
       PIN_E_ACCESSDENIED = -402, PIN_E_DUPLICATEKEY = -404, PIN_E_SIG_NOT_SUPP = -429, PIN_E_INVALID_MOD_LEN = -431,
       PIN_E_KEY_GENERATION_ERROR = -433, PIN_E_NORSAKEYPAIR = -438,
       PIN_E_PROTOCOLNOTSUPP = -416, PIN_E_INVALIDDATA = -417 };
enum { PIN_USE_CRYPT = 0x1, PIN_USE_FUNCTION = 0x2, PIN_USE_MACING = 0x4, PIN_USE_KEYENCKEY = 0x20 };
#define PIN_USE_RSAPRIVATE 0x00040000u
#define PIN_USE_RSAPRIVATESIGN 0x10000000u
/* WFSPINCAPS.fwAlgorithms of the simulated pad: DES/3DES ECB and CBC, DES MAC (X9.9), 3DES MAC (X9.19). */
enum { PIN_ALG_DESMAC = 0x20, PIN_ALG_TDESMAC = 0x200, PIN_ALGORITHMS = 0x1 | 0x2 | 0x40 | 0x80 | 0x20 | 0x200 };

sim_pin_state_t *sim_pin_state(sim_service_t *svc);   /* g_lock held */
/* WFS_EXEE_PIN_KEY of an entry: the key (0 for a digit, which is never named) and its completion. */
void sim_pin_key_event(sim_service_t *svc, sim_request_t *req, uint32_t digit, uint16_t completion);
/* The wCompletion an entry ends with when this terminating key is pressed. */
uint16_t sim_pin_terminate_completion(uint32_t key);
/* A verification's start (LOCAL_DES, LOCAL_VISA): its PIN state and the named key, usable for PINs, and a PIN entered. */
int32_t sim_pin_verifier(sim_service_t *svc, const sim_request_t *req, sim_pin_state_t **d, sim_pin_key_t **k);
/* A verification's answer (LOCAL_DES, LOCAL_VISA): the BOOL result; the PIN is used up unless MaintainPin. */
int32_t sim_pin_verdict(sim_pin_state_t *d, wfs_result_t *r, int match);
sim_pin_key_t *sim_pin_find_key(sim_pin_state_t *d, const char *name);
/* 0, or why the key cannot be used so (WFS_SRVE_PIN_ILLEGAL_KEY_ACCESS is raised for it). */
int32_t sim_pin_use_key(sim_service_t *svc, sim_pin_key_t *k, const char *name, uint16_t use);
pin_xdata_t *sim_pin_xdata(wfs_result_t *r, const uint8_t *p, uint32_t n);
int sim_pin_parse_more(uint16_t v, uint32_t cmd, const void *data, sim_input_t *in);
int32_t sim_pin_execute_more(sim_service_t *svc, sim_request_t *req, wfs_result_t *r);
/* The keyboard extras (sim_pin_kbd.c): secure key entry, touch screen layouts, the ENTERDATA and
 * LAYOUT events of every entry, and the key parts IMPORT_KEY combines. */
int sim_pin_parse_kbd(uint16_t v, uint32_t cmd, const void *data, sim_input_t *in);
int32_t sim_pin_execute_kbd(sim_service_t *svc, sim_request_t *req, wfs_result_t *r);
/* Before an entry reads keys: 0, or why it cannot start (a touch layout without the active keys). */
int32_t sim_pin_entry_ready(sim_service_t *svc, sim_request_t *req, uint32_t mode, uint32_t active);
/* IMPORT_KEY without a value: 1 when it was a secure key part or the activation of a constructed key
 * (*hr is the result, *kcv set on activation), 0 when it is not about key parts. */
int sim_pin_import_part(sim_pin_state_t *d, const char *name, uint16_t use, int32_t *hr, uint8_t kcv[8]);
/* IMPORT_KEY with WFS_PIN_USECONSTRUCT: a part given in the clear (or under a key encryption key), XORed in. */
int32_t sim_pin_add_part(sim_pin_state_t *d, const char *name, const uint8_t *part, uint8_t len);
void sim_pin_kbd_reset(sim_pin_state_t *d);
/* A touch layout as the WFSPINLAYOUT of that entry mode (WFS_EXEE_PIN_LAYOUT, WFS_INF_PIN_GET_LAYOUT). */
pin_layout_t *sim_pin_layout_out(wfs_result_t *r, uint32_t mode, const sim_pin_touch_layout_t *l);
/* The keyboard queries (sim_pin_kbd_info.c): WFS_INF_PIN_SECUREKEY_DETAIL (3.10+), WFS_INF_PIN_GET_LAYOUT (3.30). */
int sim_pin_parse_kbd_info(uint16_t v, uint32_t cat, const void *data, sim_input_t *in);
int32_t sim_pin_kbd_info(sim_service_t *svc, sim_request_t *req, wfs_result_t *r);
int sim_pin_parse_rsa(uint16_t v, uint32_t cmd, const void *data, sim_input_t *in);      /* sim_pin_rsa.c */
int32_t sim_pin_execute_rsa(sim_service_t *svc, sim_request_t *req, wfs_result_t *r);
/* CBC-MAC over n bytes (a multiple of 8): DES (X9.9) with the first 8 key bytes, or for
 * PIN_ALG_TDESMAC the retail MAC of X9.19 (DES CBC with K1, the last block through 3DES). */
void sim_pin_mac(const uint8_t *key, int keylen, uint32_t alg, const uint8_t *iv, const uint8_t *in, uint32_t n, uint8_t out[8]);
void sim_sha1(const uint8_t *in, size_t n, uint8_t out[20]);     /* sim_pin_sha.c */
void sim_sha256(const uint8_t *in, size_t n, uint8_t out[32]);

/* DES / triple DES (sim_pin_des.c). key 8, 16 or 24 bytes; n a multiple of 8; iv NULL = ECB. */
char *sim_pin_layouts(char *p, char *end);  /* sim_pin_layout.c */
void sim_tdes(const uint8_t *key, int keylen, int encrypt, const uint8_t *iv, const uint8_t *in, uint8_t *out, uint32_t n);

#endif
