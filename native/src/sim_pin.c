/* Simulated encrypting PIN pad (XFS 3.x PIN class): a numeric keyboard whose key presses come from
 * the control function SimPinPressKeys (the simulated customer), PIN and data entry, ISO 9564
 * format 0 PIN blocks, clear-text key import and DES / triple-DES encryption. SIMULATOR-ONLY: keys
 * and the entered PIN live in plain process memory. All with g_lock held. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim_pin.h"

enum { CMD_CRYPT = 401, CMD_IMPORT_KEY = 403, CMD_GET_PIN = 405, CMD_GET_PINBLOCK = 407, CMD_GET_DATA = 408,
       CMD_INITIALIZATION = 409, CMD_RESET = 418 };
enum { EV_KEY = 401, EV_INITIALIZED = 402 };
enum { E_KEYNOTFOUND = -400, E_MODENOTSUPPORTED = -401, E_KEYNOVALUE = -406, E_USEVIOLATION = -407, E_NOPIN = -408,
       E_INVALIDKEYLENGTH = -409, E_KEYNOTSUPPORTED = -411, E_NOACTIVEKEYS = -412, E_NOTERMINATEKEYS = -414,
       E_MINIMUMLENGTH = -415, E_NOKEYRAM = -419, E_ALGORITHMNOTSUPP = -421, E_FORMATNOTSUPP = -422 };
enum { USE_CRYPT = 0x1, USE_FUNCTION = 0x2, USE_MACING = 0x4, USE_KEYENCKEY = 0x20, USE_CONSTRUCT = 0x100 };
enum { FK_ENTER = 0x400, FK_CANCEL = 0x800, FK_CLEAR = 0x1000, FK_BACKSPACE = 0x2000, FK_HELP = 0x4000,
       FK_DECPOINT = 0x8000, FK_00 = 0x10000, PIN_KEYS = 0x1ffff };
enum { C_AUTO = 0, C_ENTER = 1, C_CANCEL = 2, C_CONTINUE = 6, C_CLEAR = 7, C_BACKSPACE = 8, C_HELP = 10, C_FK = 11 };
enum { ALG_DESECB = 0x1, ALG_DESCBC = 0x2, ALG_TDESECB = 0x40, ALG_TDESCBC = 0x80 };
enum { MODE_ENCRYPT = 1, MODE_DECRYPT = 2, MODE_RANDOM = 3, FORM_ISO0 = 0x4 };

/* ---- state per service ---- */

static void add_key(sim_pin_state_t *d, const char *name, uint16_t use, const char *hex) {
  sim_pin_key_t *k = &d->keys[d->nkeys++];
  memset(k, 0, sizeof *k);
  snprintf(k->name, sizeof k->name, "%s", name);
  k->use = use;
  for (size_t i = 0; hex[2 * i] && i < sizeof k->value; i++) {
    unsigned x = 0;
    sscanf(hex + 2 * i, "%2x", &x);
    k->value[i] = (uint8_t)x;
    k->len = (uint8_t)(i + 1);
  }
}

/* Built-in SIMULATOR-ONLY test keys (public values, documented in the simulator's README). */
static void preload(sim_pin_state_t *d) {
  d->nkeys = 0;
  add_key(d, "PinKey1", USE_FUNCTION, "0123456789ABCDEFFEDCBA9876543210");
  add_key(d, "DataKey1", USE_CRYPT | USE_MACING, "89ABCDEF0123456776543210FEDCBA98");
  add_key(d, "MasterKey1", USE_KEYENCKEY, "111111111111111122222222222222223333333333333333");
  d->enc_stat = 0;
}

/* Made with the service, as many as there are PIN services (a fixed table of 64, then 256, ran out as
 * the PIN suite grew); a service lives as long as the process, and so does its state. */
sim_pin_state_t *sim_pin_state(sim_service_t *svc) {
  if (!svc->pin) {
    svc->pin = calloc(1, sizeof *svc->pin);
    if (!svc->pin) return NULL;
    svc->pin->svc = svc;
    preload(svc->pin);
  }
  return svc->pin;
}

static void init(sim_service_t *svc) {
  sim_pin_state_t *d = sim_pin_state(svc);
  if (!d) return;
  memset(d, 0, sizeof *d);
  d->svc = svc;
  preload(d);
}

sim_pin_key_t *sim_pin_find_key(sim_pin_state_t *d, const char *name) {
  for (int i = 0; i < d->nkeys; i++) if (!strcmp(d->keys[i].name, name)) return &d->keys[i];
  return NULL;
}
#define find_key sim_pin_find_key

/* ---- input (deep-copied at submission) ---- */
static void copy_str(char *dst, size_t cap, const char *s) { snprintf(dst, cap, "%s", s ? s : ""); }
static int copy_item(sim_input_t *in, int i, const void *p, uint32_t n) {
  if (n > sizeof in->items[i].data) return R_INVALID_DATA;
  if (n && p) memcpy(in->items[i].data, p, n);
  in->items[i].len = n;
  in->items[i].source = p != NULL;
  if ((uint32_t)i + 1 > in->nitems) in->nitems = (uint32_t)i + 1;
  return 0;
}
static int copy_xdata(sim_input_t *in, int i, const pin_xdata_t *x) {
  if (!x) return copy_item(in, i, NULL, 0);
  if (x->usLength && !x->lpbData) return R_INVALID_POINTER;
  return copy_item(in, i, x->lpbData ? x->lpbData : (const uint8_t *)"", x->usLength);
}
static int copy_text_item(sim_input_t *in, int i, const char *s) {
  if (!s) return copy_item(in, i, NULL, 0);
  size_t n = strlen(s);
  if (n >= sizeof in->items[i].data) return R_INVALID_DATA;
  return copy_item(in, i, s, (uint32_t)n + 1);
}

static int parse_exec(uint16_t v, uint32_t cmd, const void *data, sim_input_t *in) {
  switch (cmd) {
  case CMD_GET_PIN: {
    if (!data) return R_INVALID_POINTER;
    const pin_getpin_t *c = data;
    in->w[0] = c->usMinLen; in->w[1] = c->usMaxLen; in->w[2] = c->bAutoEnd != 0; in->w[3] = c->ulActiveKeys;
    in->w[4] = c->ulTerminateKeys; in->w[5] = c->ulActiveFDKs; in->w[6] = c->ulTerminateFDKs;
    return 0;
  }
  case CMD_GET_DATA: {
    if (!data) return R_INVALID_POINTER;
    const pin_getdata_t *c = data;
    in->w[0] = 0; in->w[1] = c->usMaxLen; in->w[2] = c->bAutoEnd != 0; in->w[3] = c->ulActiveKeys;
    in->w[4] = c->ulTerminateKeys; in->w[5] = c->ulActiveFDKs; in->w[6] = c->ulTerminateFDKs;
    return 0;
  }
  case CMD_GET_PINBLOCK: return sim_pin_parse_block(data, in);
  case CMD_IMPORT_KEY: {
    if (!data) return R_INVALID_POINTER;
    const pin_import_t *c = data;
    if (!c->lpsKey) return R_INVALID_POINTER;
    if (strlen(c->lpsKey) >= 33 || !c->lpsKey[0]) return R_INVALID_DATA;
    copy_str(in->text, sizeof in->text, c->lpsKey);
    in->w[0] = c->fwUse;
    in->w[1] = c->lpxValue != NULL;
    int rc = copy_text_item(in, 0, c->lpsEncKey);
    if (!rc) rc = copy_xdata(in, 1, c->lpxValue);
    return rc;
  }
  case CMD_CRYPT: {
    if (!data) return R_INVALID_POINTER;
    const pin_crypt_t *c = data;
    in->w[0] = c->wMode; in->w[1] = c->wAlgorithm; in->w[2] = c->bPadding;
    in->w[3] = c->lpxKeyEncKey != NULL || c->lpsStartValueKey != NULL;
    if (c->wMode != MODE_RANDOM) {
      if (!c->lpsKey) return R_INVALID_POINTER;
      if (strlen(c->lpsKey) >= sizeof in->text) return E_KEYNOTFOUND;
      copy_str(in->text, sizeof in->text, c->lpsKey);
      if (!c->lpxCryptData || (c->lpxCryptData->usLength && !c->lpxCryptData->lpbData)) return R_INVALID_POINTER;
      if (c->lpxCryptData->usLength > SIM_MAX_BYTES - 8) return R_INVALID_DATA;
      memcpy(in->bytes, c->lpxCryptData->lpbData, c->lpxCryptData->usLength);
      in->nbytes = c->lpxCryptData->usLength;
    }
    return copy_xdata(in, 0, c->lpxStartValue);
  }
  case CMD_INITIALIZATION: {
    const pin_init_t *c = data;
    if (!c) return 0;
    int rc = copy_xdata(in, 0, c->lpxIdent);
    return rc ? rc : copy_xdata(in, 1, c->lpxKey);
  }
  case CMD_RESET:
    return 0;
  default:
    return sim_pin_parse_more(v, cmd, data, in);
  }
}

/* ---- entry ---- */
static void fill_key(wfs_result_t *r, uint16_t v, const void *ctx) {
  (void)v;
  pin_key_t *k = sim_alloc_more(r, sizeof *k);
  *k = *(const pin_key_t *)ctx;
  r->lpBuffer = k;
}

void sim_pin_key_event(sim_service_t *svc, sim_request_t *req, uint32_t digit, uint16_t completion) {
  pin_key_t k = { completion, digit };
  sim_event(svc, EVC_EXECUTE, req, EV_KEY, fill_key, &k);
}

uint16_t sim_pin_terminate_completion(uint32_t key) {
  switch (key) {
  case FK_ENTER: return C_ENTER;
  case FK_CANCEL: return C_CANCEL;
  case FK_CLEAR: return C_CLEAR;
  case FK_BACKSPACE: return C_BACKSPACE;
  case FK_HELP: return C_HELP;
  default: return C_FK;
  }
}

static int is_digit_key(uint32_t key) { return key && key <= 0x200; }
static char digit_of(uint32_t key) { int n = 0; while (key > 1) { key >>= 1; n++; } return (char)('0' + n); }

/* GET_PIN (pin != 0) and GET_DATA: reads pressed keys until a terminate key or auto end. */
static int32_t entry(sim_service_t *svc, sim_request_t *req, wfs_result_t *r, int pin) {
  sim_pin_state_t *d = sim_pin_state(svc);
  const uint32_t *w = req->in.w;
  uint32_t min = w[0], max = w[1], active = w[3], term = w[4];
  int auto_end = (int)w[2];
  if (!active && !w[5]) return E_NOACTIVEKEYS;
  if ((active & ~(uint32_t)PIN_KEYS) || w[5] || w[6]) return E_KEYNOTSUPPORTED;
  if ((term & ~(uint32_t)PIN_KEYS)) return E_KEYNOTSUPPORTED;
  if (!term && !auto_end) return E_NOTERMINATEKEYS;
  if (pin) {
    if (!max || max > PIN_MAX_DIGITS) max = PIN_MAX_DIGITS;
    if (min > max) return E_MINIMUMLENGTH;
    memset(d->pin, 0, sizeof d->pin);
    d->pin_ready = 0;
  } else if (!max || max > 64) {
    max = 64;
  }
  int32_t ready = sim_pin_entry_ready(svc, req, pin ? 2 : 1, active);   /* WFS_PIN_LAYOUT_PIN / _DATA */
  if (ready) return ready;
  uint32_t keys[64];
  uint16_t comps[64];
  uint32_t n = 0;
  uint16_t completion = C_ENTER;
  for (;;) {
    int32_t hr = sim_wait(svc, req, &d->qlen, 0);
    if (hr) { if (pin) { memset(d->pin, 0, sizeof d->pin); } return hr; }
    uint32_t key = d->keyq[d->qhead];
    d->qhead = (d->qhead + 1) % PIN_KEYQ;
    d->qlen--;
    if (!(key & active)) continue;  /* inactive keys are ignored, as on a real pad */
    if (key & term) {
      completion = sim_pin_terminate_completion(key);
      if (pin && key == FK_ENTER && n < min) continue;
      sim_pin_key_event(svc, req, pin && is_digit_key(key) ? 0 : key, completion);
      if (!pin && n < 64) { keys[n] = key; comps[n++] = completion; }
      break;
    }
    if (pin) {
      if (key == FK_CLEAR) { n = 0; memset(d->pin, 0, sizeof d->pin); sim_pin_key_event(svc, req, key, C_CLEAR); continue; }
      if (key == FK_BACKSPACE) { if (n) d->pin[--n] = 0; sim_pin_key_event(svc, req, key, C_BACKSPACE); continue; }
      if (!is_digit_key(key)) { sim_pin_key_event(svc, req, key, C_CONTINUE); continue; }
      if (n >= max) continue;
      d->pin[n++] = digit_of(key);
      sim_pin_key_event(svc, req, 0, C_CONTINUE);  /* the digit itself is never reported */
    } else {
      if (n >= max) continue;
      keys[n] = key; comps[n++] = C_CONTINUE;
      sim_pin_key_event(svc, req, key, C_CONTINUE);
    }
    if (auto_end && n >= max) { completion = C_AUTO; break; }
  }
  if (pin) {
    if (completion == C_CANCEL) { memset(d->pin, 0, sizeof d->pin); n = 0; }
    d->pin_ready = n > 0;
    pin_entry_t *e = sim_alloc_more(r, sizeof *e);
    e->usDigits = (uint16_t)n;
    e->wCompletion = completion;
    r->lpBuffer = e;
  } else {
    pin_data_t *e = sim_alloc_more(r, sizeof *e);
    e->usKeys = (uint16_t)n;
    e->wCompletion = completion;
    e->lpPinKeys = sim_alloc_more(r, sizeof(void *) * (n + 1));
    for (uint32_t i = 0; i < n; i++) {
      pin_key_t *k = sim_alloc_more(r, sizeof *k);
      k->ulDigit = keys[i];
      k->wCompletion = comps[i];
      e->lpPinKeys[i] = k;
    }
    r->lpBuffer = e;
  }
  return 0;
}

/* ---- crypto ---- */
pin_xdata_t *sim_pin_xdata(wfs_result_t *r, const uint8_t *p, uint32_t n) {
  pin_xdata_t *x = sim_alloc_more(r, sizeof *x);
  x->usLength = (uint16_t)n;
  x->lpbData = sim_memdup_more(r, p, n ? n : 1);
  return x;
}

static void fill_access(wfs_result_t *r, uint16_t v, const void *ctx) {
  (void)v;
  const pin_access_t *c = ctx;
  pin_access_t *a = sim_alloc_more(r, sizeof *a);
  a->lpsKeyName = sim_strdup_more(r, c->lpsKeyName);
  a->lErrorCode = c->lErrorCode;
  r->lpBuffer = a;
}

int32_t sim_pin_use_key(sim_service_t *svc, sim_pin_key_t *k, const char *name, uint16_t use) {
  int32_t hr = !k ? E_KEYNOTFOUND : !k->len ? E_KEYNOVALUE : !(k->use & use) ? E_USEVIOLATION : 0;
  if (hr) {
    pin_access_t a = { (char *)name, hr };
    sim_event(svc, EVC_SERVICE, NULL, PIN_EV_ILLEGAL_KEY_ACCESS, fill_access, &a);
  }
  return hr;
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

/* ISO 9564-1 format 0: PIN field XOR PAN field (12 rightmost digits of the customer data). */
/* WFSPINBLOCK of GET_PINBLOCK and SET_PINBLOCK_DATA. lpsCustomerData may be NULL: formats without a
 * PAN field do not use it. */
int sim_pin_parse_block(const void *data, sim_input_t *in) {
  if (!data) return R_INVALID_POINTER;
  const pin_block_t *c = data;
  if (!c->lpsKey) return R_INVALID_POINTER;
  if (strlen(c->lpsKey) >= sizeof in->text) return E_KEYNOTFOUND;
  copy_str(in->text, sizeof in->text, c->lpsKey);
  in->w[0] = c->bPadding; in->w[1] = c->wFormat; in->w[2] = c->lpsKeyEncKey != NULL;
  int rc = copy_text_item(in, 0, c->lpsCustomerData);
  return rc ? rc : copy_text_item(in, 1, c->lpsXORData);
}

/* What a PIN block is made of (key, format, padding, customer and XOR data): FNV-1a over the input. */
uint32_t sim_pin_block_hash(const sim_input_t *in) {
  uint32_t h = 2166136261u;
  const uint8_t *parts[] = { (const uint8_t *)in->text, in->items[0].data, in->items[1].data };
  const size_t lens[] = { strlen(in->text), in->items[0].len, in->items[1].len };
  for (int p = 0; p < 3; p++) for (size_t i = 0; i < lens[p]; i++) { h ^= parts[p][i]; h *= 16777619u; }
  for (int i = 0; i < 3; i++) { h ^= in->w[i]; h *= 16777619u; }
  return h;
}

/* The checks a PIN block's data passes before a PIN is needed (SET_PINBLOCK_DATA makes them early). */
int32_t sim_pin_check_block(sim_service_t *svc, const sim_input_t *in) {
  sim_pin_state_t *d = sim_pin_state(svc);
  if (in->w[2]) return E_FORMATNOTSUPP;       /* double encryption is not simulated */
  if (in->w[1] != FORM_ISO0) return E_FORMATNOTSUPP;
  int32_t hr = sim_pin_use_key(svc, find_key(d, in->text), in->text, USE_FUNCTION);
  if (hr) return hr;
  return in->items[0].len == 0 ? R_INVALID_DATA : 0;  /* format 0 needs the PAN: no customer data */
}

static int32_t pinblock(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  sim_pin_state_t *d = sim_pin_state(svc);
  const sim_input_t *in = &req->in;
  int32_t hr = sim_pin_check_block(svc, in);
  if (hr == R_INVALID_DATA) { if (!d->pin_ready) return E_NOPIN; return hr; }
  if (hr) return hr;
  sim_pin_key_t *k = find_key(d, in->text);
  if (!d->pin_ready) return E_NOPIN;
  /* After SET_PINBLOCK_DATA the block is made of exactly that data. */
  if (d->block_set && d->block_hash != sim_pin_block_hash(in)) return R_INVALID_DATA;
  d->block_set = 0;
  const char *pan = (const char *)in->items[0].data;
  size_t plen = strlen(pan);
  for (size_t i = 0; i < plen; i++) if (pan[i] < '0' || pan[i] > '9') return R_INVALID_DATA;
  uint8_t block[8], panf[8] = { 0 };
  size_t digits = strlen(d->pin);
  char field[17];
  field[0] = '0';
  field[1] = (char)"0123456789ABCDEF"[digits];
  for (size_t i = 0; i < 14; i++) field[2 + i] = i < digits ? d->pin[i] : 'F';
  field[16] = 0;
  char pf[17] = "0000000000000000";
  size_t take = plen < 12 ? plen : 12;
  memcpy(pf + 16 - take, pan + plen - take, take);
  for (int i = 0; i < 8; i++) {
    block[i] = (uint8_t)(hexval(field[2 * i]) << 4 | hexval(field[2 * i + 1]));
    panf[i] = (uint8_t)(hexval(pf[2 * i]) << 4 | hexval(pf[2 * i + 1]));
    block[i] ^= panf[i];
  }
  uint8_t out[8];
  sim_tdes(k->value, k->len, 1, NULL, block, out, 8);
  memset(block, 0, sizeof block);
  memset(field, 0, sizeof field);
  if (!d->maintain_pin) {             /* kept only after WFS_CMD_PIN_MAINTAIN_PIN (bPINCanPersistAfterUse) */
    memset(d->pin, 0, sizeof d->pin);
    d->pin_ready = 0;
  }
  r->lpBuffer = sim_pin_xdata(r, out, 8);
  return 0;
}

static int32_t import_key(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  sim_pin_state_t *d = sim_pin_state(svc);
  const sim_input_t *in = &req->in;
  sim_pin_key_t *k = find_key(d, in->text);
  uint16_t use = (uint16_t)in->w[0];
  if (!in->w[1]) {                      /* no value: a secure key part, or the parts made a key */
    int32_t hr;
    uint8_t kcv[8];
    if (sim_pin_import_part(d, in->text, use, &hr, kcv)) {
      if (!hr && !(use & 0x200)) r->lpBuffer = sim_pin_xdata(r, kcv, 3);
      return hr;
    }
  }
  if (!in->w[1] || !use) {              /* no value or no use: delete the key */
    if (!k) return E_KEYNOTFOUND;
    *k = d->keys[--d->nkeys];
    return 0;
  }
  int part = (use & USE_CONSTRUCT) != 0;
  if (use & ~(USE_CRYPT | USE_FUNCTION | USE_MACING | USE_KEYENCKEY | USE_CONSTRUCT)) return E_USEVIOLATION;
  uint32_t len = in->items[1].len;
  if (len != 8 && len != 16 && len != 24) return E_INVALIDKEYLENGTH;
  uint8_t value[24];
  if (in->items[0].source) {
    sim_pin_key_t *kek = find_key(d, (const char *)in->items[0].data);
    int32_t hr = sim_pin_use_key(svc, kek, (const char *)in->items[0].data, USE_KEYENCKEY);
    if (hr) return hr;
    sim_tdes(kek->value, kek->len, 0, NULL, in->items[1].data, value, len);
  } else {
    memcpy(value, in->items[1].data, len);
  }
  uint8_t zero[8] = { 0 }, kcv[8];
  if (part) {
    /* A key part: XORed into the key being built under this name; its own check value is the answer
     * (each custodian checks the part they entered). The parts become the key without construct. */
    int32_t hr = sim_pin_add_part(d, in->text, value, (uint8_t)len);
    if (!hr) {
      sim_tdes(value, len, 1, NULL, zero, kcv, 8);
      r->lpBuffer = sim_pin_xdata(r, kcv, 3);
    }
    memset(value, 0, sizeof value);
    return hr;
  }
  if (!k) {
    if (d->nkeys >= PIN_MAX_KEYS) return E_NOKEYRAM;
    k = &d->keys[d->nkeys++];
    memset(k, 0, sizeof *k);
    size_t nl = strnlen(in->text, sizeof k->name - 1);
    memcpy(k->name, in->text, nl);
    k->name[nl] = 0;
  }
  k->use = use;
  memcpy(k->value, value, len);
  k->len = (uint8_t)len;
  memset(value, 0, sizeof value);
  sim_tdes(k->value, k->len, 1, NULL, zero, kcv, 8);
  r->lpBuffer = sim_pin_xdata(r, kcv, 3);      /* key check value: first 3 bytes of zeros encrypted */
  d->enc_stat = 0;
  return 0;
}

static int32_t crypt(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  sim_pin_state_t *d = sim_pin_state(svc);
  const sim_input_t *in = &req->in;
  uint32_t mode = in->w[0];
  if (mode == MODE_RANDOM) {
    uint8_t rnd[8];
    FILE *f = fopen("/dev/urandom", "rb");
    size_t got = f ? fread(rnd, 1, sizeof rnd, f) : 0;
    if (f) fclose(f);
    if (got != sizeof rnd) return R_HARDWARE_ERROR;
    r->lpBuffer = sim_pin_xdata(r, rnd, sizeof rnd);
    return 0;
  }
  if (mode != MODE_ENCRYPT && mode != MODE_DECRYPT) return E_MODENOTSUPPORTED;
  if (in->w[3]) return E_MODENOTSUPPORTED;   /* encrypted IVs / key-encrypted keys are not simulated */
  uint32_t alg = in->w[1];
  int mac = alg == PIN_ALG_DESMAC || alg == PIN_ALG_TDESMAC;
  if (alg != ALG_DESECB && alg != ALG_DESCBC && alg != ALG_TDESECB && alg != ALG_TDESCBC && !mac) return E_ALGORITHMNOTSUPP;
  if (mac && mode != MODE_ENCRYPT) return E_MODENOTSUPPORTED;   /* a MAC is generated, never "decrypted" */
  sim_pin_key_t *k = find_key(d, in->text);
  int32_t hr = sim_pin_use_key(svc, k, in->text, mac ? USE_MACING : USE_CRYPT);
  if (hr) return hr;
  int cbc = alg == ALG_DESCBC || alg == ALG_TDESCBC;
  uint8_t iv[8] = { 0 };
  if (in->items[0].source) {
    if (in->items[0].len != 8) return R_INVALID_DATA;
    memcpy(iv, in->items[0].data, 8);
  }
  uint32_t n = (in->nbytes + 7) / 8 * 8;
  if (!n) return R_INVALID_DATA;
  uint8_t *buf = sim_alloc_more(r, n), *out = sim_alloc_more(r, n);
  memcpy(buf, in->bytes, in->nbytes);
  memset(buf + in->nbytes, (int)in->w[2], n - in->nbytes);
  if (mac) {
    uint8_t m[8];
    sim_pin_mac(k->value, k->len, alg, iv, buf, n, m);
    memset(buf, 0, n);
    r->lpBuffer = sim_pin_xdata(r, m, 8);
    return 0;
  }
  int keylen = (alg == ALG_DESECB || alg == ALG_DESCBC) ? 8 : k->len;
  sim_tdes(k->value, keylen, mode == MODE_ENCRYPT, cbc ? iv : NULL, buf, out, n);
  memset(buf, 0, n);
  pin_xdata_t *x = sim_alloc_more(r, sizeof *x);
  x->usLength = (uint16_t)n;
  x->lpbData = out;
  r->lpBuffer = x;
  return 0;
}

static void fill_init(wfs_result_t *r, uint16_t v, const void *ctx) {
  (void)v; (void)ctx;
  pin_init_t *i = sim_alloc_more(r, sizeof *i);
  i->lpxIdent = sim_pin_xdata(r, (const uint8_t *)"SIMEPP01", 8);
  i->lpxKey = NULL;
  r->lpBuffer = i;
}

static int32_t execute(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  sim_pin_state_t *d = sim_pin_state(svc);
  if (!d) return R_INTERNAL_ERROR;
  switch (req->code) {
  case CMD_GET_PIN: return entry(svc, req, r, 1);
  case CMD_GET_DATA: return entry(svc, req, r, 0);
  case CMD_GET_PINBLOCK: return pinblock(svc, req, r);
  case CMD_IMPORT_KEY: return import_key(svc, req, r);
  case CMD_CRYPT: return crypt(svc, req, r);
  case CMD_INITIALIZATION: {
    if (req->in.items[1].source) return E_MODENOTSUPPORTED;  /* authenticated initialization is not simulated */
    memset(d->keys, 0, sizeof d->keys);
    d->nkeys = 0;
    memset(d->pin, 0, sizeof d->pin);
    d->pin_ready = 0;
    d->enc_stat = 5;    /* initialized */
    r->lpBuffer = sim_pin_xdata(r, (const uint8_t *)"SIMEPP01", 8);
    sim_event(svc, EVC_SERVICE, NULL, EV_INITIALIZED, fill_init, NULL);
    return 0;
  }
  case CMD_RESET:
    sim_pin_kbd_reset(d);
    memset(d->pin, 0, sizeof d->pin);
    d->pin_ready = 0;
    d->qhead = d->qlen = 0;
    d->maintain_pin = 0;
    return 0;
  default:
    return sim_pin_execute_more(svc, req, r);
  }
}

int sim_pin_parse_info(uint16_t v, uint32_t cat, const void *data, sim_input_t *in);
int32_t sim_pin_info(sim_service_t *svc, sim_request_t *req, wfs_result_t *r);

/* The keyboard's commands, which wait for the customer. While other sessions keep the pad busy with
 * them alone (running or queued), a command that needs no keyboard runs beside them; a session's own
 * requests stay in order. */
static int keyboard_command(uint32_t cmd) {
  return cmd == CMD_GET_PIN || cmd == CMD_GET_DATA || cmd == PIN_CMD_SECUREKEY_ENTRY;
}
static int beside_session(const sim_service_t *svc, const sim_request_t *req) {
  if (keyboard_command(req->code) || req->code == CMD_RESET || req->code == PIN_CMD_DEFINE_LAYOUT) return 0;
  int busy = 0;
  if (svc->running) {
    if (svc->running->hService == req->hService || !keyboard_command(svc->running->code)) return 0;
    busy = 1;
  }
  for (const sim_request_t *q = svc->exec_head; q; q = q->next) {
    if (q->hService == req->hService || !keyboard_command(q->code)) return 0;
    busy = 1;
  }
  return busy;
}

const sim_class_t sim_pin_class = { parse_exec, sim_pin_parse_info, execute, sim_pin_info, init, NULL, beside_session };
