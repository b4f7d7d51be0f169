/* The simulated PIN pad's key check values, digests, MACs, PIN maintenance and key press beep
 * (sim_pin.c keeps entry, PIN blocks, import and encryption). SIMULATOR-ONLY: clear keys in process
 * memory. All with g_lock held. */
#include <string.h>
#include "sim_pin.h"

enum { KCV_SELF = 0x1, KCV_ZERO = 0x2, HASH_SHA1 = 0x1, HASH_SHA256 = 0x2, BEEP_ON_ACTIVE = 0x1, BEEP_ON_INACTIVE = 0x2 };
#define MAX_DIGEST_INPUT SIM_MAX_BYTES

int sim_pin_parse_more(uint16_t v, uint32_t cmd, const void *data, sim_input_t *in) {
  int v320 = sim_vnum(v) >= 320;
  switch (cmd) {
  case PIN_CMD_GENERATE_KCV: {
    if (!data) return R_INVALID_POINTER;
    const pin_generate_kcv_t *c = data;
    if (!c->lpsKey) return R_INVALID_POINTER;
    if (strlen(c->lpsKey) >= sizeof in->text) return PIN_E_KEYNOTFOUND;
    strcpy(in->text, c->lpsKey);
    in->w[0] = c->wKeyCheckMode;
    return 0;
  }
  case PIN_CMD_DIGEST: {
    if (!data) return R_INVALID_POINTER;
    const pin_digest_t *c = data;
    in->w[0] = c->wHashAlgorithm;
    if (!c->lpxDigestInput || (c->lpxDigestInput->usLength && !c->lpxDigestInput->lpbData)) return R_INVALID_POINTER;
    if (c->lpxDigestInput->usLength > MAX_DIGEST_INPUT) return R_INVALID_DATA;
    memcpy(in->bytes, c->lpxDigestInput->lpbData, c->lpxDigestInput->usLength);
    in->nbytes = c->lpxDigestInput->usLength;
    return 0;
  }
  case PIN_CMD_LOCAL_DES: {
    if (!data) return R_INVALID_POINTER;
    const pin_local_des_t *c = data;
    if (!c->lpsValidationData || !c->lpsKey || !c->lpsDecTable) return R_INVALID_POINTER;
    size_t nval = strlen(c->lpsValidationData), noff = c->lpsOffset ? strlen(c->lpsOffset) : 0;
    if (nval > 16 || noff > 16 || strlen(c->lpsDecTable) != 16 || c->bPadding > 0xf) return R_INVALID_DATA;
    if (c->usValDigits > 16 || c->usMaxPIN == 0 || c->usMaxPIN > 16) return R_INVALID_DATA;
    if (c->lpxKeyEncKey) return PIN_E_FORMATNOTSUPP;   /* a PVK sent encrypted: this pad takes stored keys only */
    if (strlen(c->lpsKey) >= sizeof in->text) return PIN_E_KEYNOTFOUND;
    strcpy(in->text, c->lpsKey);
    memcpy(in->items[0].data, c->lpsValidationData, nval + 1);
    memcpy(in->items[1].data, c->lpsOffset ? c->lpsOffset : "", noff + 1);
    memcpy(in->items[2].data, c->lpsDecTable, 17);
    in->w[0] = c->bPadding; in->w[1] = c->usMaxPIN; in->w[2] = c->usValDigits; in->w[3] = c->bNoLeadingZero != 0;
    return 0;
  }
  case PIN_CMD_DERIVE_KEY: {
    if (!data) return R_INVALID_POINTER;
    const pin_derive_t *c = data;
    if (!c->lpsKey || !c->lpsKeyGenKey || !c->lpxInputData || (c->lpxInputData->usLength && !c->lpxInputData->lpbData)) return R_INVALID_POINTER;
    if (strlen(c->lpsKey) >= sizeof in->text || strlen(c->lpsKeyGenKey) >= sizeof in->items[0].data) return PIN_E_KEYNOTFOUND;
    strcpy(in->text, c->lpsKey);
    strcpy((char *)in->items[0].data, c->lpsKeyGenKey);
    in->items[1].source = c->lpsStartValueKey != NULL;
    if (c->lpsStartValueKey) {
      if (strlen(c->lpsStartValueKey) >= sizeof in->items[1].data) return PIN_E_KEYNOTFOUND;
      strcpy((char *)in->items[1].data, c->lpsStartValueKey);
    }
    in->items[2].len = 0;
    if (c->lpxStartValue) {
      if (c->lpxStartValue->usLength != 8 || !c->lpxStartValue->lpbData) return R_INVALID_DATA;
      memcpy(in->items[2].data, c->lpxStartValue->lpbData, 8);
      in->items[2].len = 8;
    }
    if (c->lpxInputData->usLength == 0 || c->lpxInputData->usLength > 24) return R_INVALID_DATA;
    memcpy(in->bytes, c->lpxInputData->lpbData, c->lpxInputData->usLength);
    in->nbytes = c->lpxInputData->usLength;
    in->w[0] = c->wDerivationAlgorithm;
    in->w[1] = c->bPadding;
    return 0;
  }
  case PIN_CMD_MAINTAIN_PIN:
    if (!v320) return R_UNSUPP_COMMAND;
    if (!data) return R_INVALID_POINTER;
    in->w[0] = ((const pin_maintain_pin_t *)data)->bMaintainPIN != 0;
    return 0;
  case PIN_CMD_KEYPRESS_BEEP:
    if (!v320) return R_UNSUPP_COMMAND;
    if (!data) return R_INVALID_POINTER;
    in->w[0] = *(const uint16_t *)data;
    return 0;
  case PIN_CMD_SET_PINBLOCK_DATA:
    return v320 ? sim_pin_parse_block(data, in) : R_UNSUPP_COMMAND;
  case PIN_CMD_LOCAL_VISA:
    return sim_pin_parse_visa(data, in);
  case PIN_CMD_PRESENT_IDC:
    return sim_pin_parse_present(data, in);
  case PIN_CMD_SECUREKEY_ENTRY: case PIN_CMD_DEFINE_LAYOUT:
    return sim_pin_parse_kbd(v, cmd, data, in);
  default:
    return sim_pin_parse_rsa(v, cmd, data, in);
  }
}

static int32_t generate_kcv(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  sim_pin_state_t *d = sim_pin_state(svc);
  uint32_t mode = req->in.w[0];
  if (mode != KCV_SELF && mode != KCV_ZERO) return PIN_E_MODENOTSUPPORTED;
  sim_pin_key_t *k = sim_pin_find_key(d, req->in.text);
  /* Any use will do: a key check value proves the value, not what it may be used for. */
  int32_t hr = sim_pin_use_key(svc, k, req->in.text, 0xffff);
  if (hr) return hr;
  uint8_t block[8] = { 0 }, out[8];
  /* KCVSELF: the key's first 8 bytes encrypted with the key itself; KCVZERO: 8 zero bytes. */
  if (mode == KCV_SELF) memcpy(block, k->value, 8);
  sim_tdes(k->value, k->len, 1, NULL, block, out, 8);
  memset(block, 0, sizeof block);
  pin_kcv_t *kcv = sim_alloc_more(r, sizeof *kcv);
  kcv->lpxKCV = sim_pin_xdata(r, out, mode == KCV_ZERO ? 3 : 8);
  r->lpBuffer = kcv;
  return 0;
}

/* WFS_PIN_CHIP_ZKA: the derived key is the input data, padded with bPadding to whole blocks,
 * triple-DES CBC encrypted under the key generating key with the start value as IV (decrypted
 * first under the start value key when one is named); it may encrypt, compute MACs and functions. */
static int32_t derive_key(sim_service_t *svc, sim_request_t *req) {
  sim_pin_state_t *d = sim_pin_state(svc);
  const sim_input_t *in = &req->in;
  if (in->w[0] != 0x0001) return PIN_E_ALGORITHMNOTSUPP;
  const char *kgk_name = (const char *)in->items[0].data;
  sim_pin_key_t *kgk = sim_pin_find_key(d, kgk_name);
  int32_t hr = sim_pin_use_key(svc, kgk, kgk_name, PIN_USE_FUNCTION);
  if (hr) return hr;
  uint8_t iv[8] = { 0 };
  if (in->items[2].len) memcpy(iv, in->items[2].data, 8);
  if (in->items[1].source) {
    const char *sv_name = (const char *)in->items[1].data;
    sim_pin_key_t *svk = sim_pin_find_key(d, sv_name);
    hr = sim_pin_use_key(svc, svk, sv_name, PIN_USE_CRYPT);
    if (hr) return hr;
    uint8_t clear[8];
    sim_tdes(svk->value, svk->len, 0, NULL, iv, clear, 8);
    memcpy(iv, clear, 8);
  }
  uint32_t len = (in->nbytes + 7) / 8 * 8;
  if (len != 8 && len != 16 && len != 24) return PIN_E_INVALIDKEYLENGTH;
  uint8_t data[24], value[24];
  memset(data, (int)in->w[1], sizeof data);
  memcpy(data, in->bytes, in->nbytes);
  sim_tdes(kgk->value, kgk->len, 1, iv, data, value, len);
  sim_pin_key_t *k = sim_pin_find_key(d, in->text);
  if (!k) {
    if (d->nkeys >= PIN_MAX_KEYS) return PIN_E_NOKEYRAM;
    k = &d->keys[d->nkeys++];
    memset(k, 0, sizeof *k);
    size_t nl = strnlen(in->text, sizeof k->name - 1);
    memcpy(k->name, in->text, nl);
    k->name[nl] = 0;
  }
  k->use = PIN_USE_CRYPT | PIN_USE_FUNCTION | PIN_USE_MACING;
  memcpy(k->value, value, len);
  k->len = (uint8_t)len;
  memset(value, 0, sizeof value);
  memset(data, 0, sizeof data);
  return 0;
}

static int hexnib(char c) {
  return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* IBM 3624 PIN verification: the first usValDigits of the validation data, padded with bPadding to
 * 16 hex digits, encrypted under the PIN verification key; its hex digits through the decimalisation
 * table; the PIN's length of them plus the offset, digit by digit modulo 10 (a leading 0 as 1 when
 * bNoLeadingZero), compared with the entered PIN. */
static int32_t local_des(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  sim_pin_state_t *d;
  sim_pin_key_t *k;
  int32_t hr = sim_pin_verifier(svc, req, &d, &k);
  if (hr) return hr;
  const sim_input_t *in = &req->in;
  const char *val = (const char *)in->items[0].data, *off = (const char *)in->items[1].data, *table = (const char *)in->items[2].data;
  uint8_t block[8], enc[8];
  for (int i = 0; i < 16; i++) {
    int nib = i < (int)in->w[2] && val[i] ? hexnib(val[i]) : (int)in->w[0];
    if (nib < 0) return R_INVALID_DATA;
    if (i % 2 == 0) block[i / 2] = (uint8_t)(nib << 4); else block[i / 2] |= (uint8_t)nib;
  }
  sim_tdes(k->value, k->len, 1, NULL, block, enc, 8);
  size_t n = strlen(d->pin);
  if (n > in->w[1]) n = in->w[1];
  int match = n > 0 && strlen(d->pin) <= in->w[1];
  for (size_t i = 0; i < n && match; i++) {
    int nib = (enc[i / 2] >> (i % 2 ? 0 : 4)) & 0xf;
    int digit = table[nib] - '0';
    int o = off[0] && i < strlen(off) ? hexnib(off[i]) : 0;
    if (digit < 0 || digit > 9 || o < 0) return R_INVALID_DATA;
    digit = (digit + o) % 10;
    if (i == 0 && digit == 0 && in->w[3]) digit = 1;
    if (d->pin[i] - '0' != digit) match = 0;
  }
  memset(block, 0, sizeof block);
  memset(enc, 0, sizeof enc);
  return sim_pin_verdict(d, r, match);
}

int32_t sim_pin_verifier(sim_service_t *svc, const sim_request_t *req, sim_pin_state_t **d, sim_pin_key_t **k) {
  *d = sim_pin_state(svc);
  *k = sim_pin_find_key(*d, req->in.text);
  int32_t hr = sim_pin_use_key(svc, *k, req->in.text, PIN_USE_FUNCTION);
  if (hr) return hr;
  return (*d)->pin_ready ? 0 : PIN_E_NOPIN;
}

int32_t sim_pin_verdict(sim_pin_state_t *d, wfs_result_t *r, int match) {
  int32_t *result = sim_alloc_more(r, sizeof *result);
  *result = match;
  r->lpBuffer = result;
  if (!d->maintain_pin) { memset(d->pin, 0, sizeof d->pin); d->pin_ready = 0; }
  return 0;
}

static int32_t digest(sim_request_t *req, wfs_result_t *r) {
  uint8_t out[32];
  uint32_t n;
  if (req->in.w[0] == HASH_SHA1) { sim_sha1(req->in.bytes, req->in.nbytes, out); n = 20; }
  else if (req->in.w[0] == HASH_SHA256) { sim_sha256(req->in.bytes, req->in.nbytes, out); n = 32; }
  else return PIN_E_ALGORITHMNOTSUPP;
  pin_digest_output_t *o = sim_alloc_more(r, sizeof *o);
  o->lpxDigestOutput = sim_pin_xdata(r, out, n);
  r->lpBuffer = o;
  return 0;
}

int32_t sim_pin_execute_more(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  sim_pin_state_t *d = sim_pin_state(svc);
  switch (req->code) {
  case PIN_CMD_GENERATE_KCV: return generate_kcv(svc, req, r);
  case PIN_CMD_DIGEST: return digest(req, r);
  case PIN_CMD_DERIVE_KEY: return derive_key(svc, req);
  case PIN_CMD_LOCAL_DES: return local_des(svc, req, r);
  case PIN_CMD_LOCAL_VISA: return sim_pin_local_visa(svc, req, r);
  case PIN_CMD_PRESENT_IDC: return sim_pin_present_idc(svc, req, r);
  case PIN_CMD_MAINTAIN_PIN:
    d->maintain_pin = (int)req->in.w[0];
    if (!d->maintain_pin) { memset(d->pin, 0, sizeof d->pin); d->pin_ready = 0; }
    return 0;
  case PIN_CMD_SET_PINBLOCK_DATA: {
    /* Checked now, as an EPP that needs the data before the PIN entry does; kept for GET_PINBLOCK. */
    int32_t hr = sim_pin_check_block(svc, &req->in);
    if (hr) return hr;
    d->block_set = 1;
    d->block_hash = sim_pin_block_hash(&req->in);
    return 0;
  }
  case PIN_CMD_KEYPRESS_BEEP:
    if (req->in.w[0] & ~(uint32_t)(BEEP_ON_ACTIVE | BEEP_ON_INACTIVE)) return R_INVALID_DATA;
    d->beep_mode = (uint16_t)req->in.w[0];
    return 0;
  case PIN_CMD_SECUREKEY_ENTRY: case PIN_CMD_DEFINE_LAYOUT:
    return sim_pin_execute_kbd(svc, req, r);
  default:
    return sim_pin_execute_rsa(svc, req, r);
  }
}

void sim_pin_mac(const uint8_t *key, int keylen, uint32_t alg, const uint8_t *iv, const uint8_t *in, uint32_t n, uint8_t out[8]) {
  uint8_t chain[8];
  memcpy(chain, iv, 8);
  for (uint32_t i = 0; i < n; i += 8) {
    uint8_t block[8];
    for (int j = 0; j < 8; j++) block[j] = in[i + j] ^ chain[j];
    sim_tdes(key, 8, 1, NULL, block, chain, 8);   /* single DES with K1 */
  }
  if (alg == PIN_ALG_TDESMAC && keylen >= 16) {
    uint8_t t[8];
    sim_tdes(key + 8, 8, 0, NULL, chain, t, 8);    /* X9.19: decrypt with K2, encrypt with K1 */
    sim_tdes(key, 8, 1, NULL, t, chain, 8);
  }
  memcpy(out, chain, 8);
}
