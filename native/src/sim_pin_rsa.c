/* The simulated EPP's RSA commands (3.10+): WFS_CMD_PIN_GENERATE_RSA_KEY_PAIR,
 * WFS_CMD_PIN_EXPORT_RSA_EPP_SIGNED_ITEM, EXPORT_RSA_ISSUER_SIGNED_ITEM, GET_CERTIFICATE and
 * START_KEY_EXCHANGE, with the signing (RSASSA-PKCS1-v1_5, SHA-256) and the
 * PKCS#1 public key encoding they need. SIMULATOR-ONLY: private keys come from a fixed table
 * (sim_pin_rsa_keys.c), not from prime generation. All with g_lock held. */
#include <stdio.h>
#include <string.h>
#include "sim_pin.h"
#include "sim_pin_rsa.h"
#include "sim_pin_cert.h"

enum { EXPORT_EPP_ID = 0x1, EXPORT_PUBLIC_KEY = 0x2, SIGN_NA = 0, SIGN_PKCS1_V15 = 0x1 };
enum { CERT_PUBLICENCKEY = 1, CERT_PUBLICVERIFICATIONKEY = 2 };
enum { EXP_DEFAULT = 0, EXP_16 = 3 };   /* WFS_PIN_DEFAULT, WFS_PIN_EXPONENT_16 (2^16 + 1) */
static const char EPP_ID[] = "SIMEPP01";  /* the EPP's identity, as WFS_SRVE_PIN_INITIALIZED reports it */

static int hexval(char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; }

static void unhex(const char *const lines[8], uint8_t out[SIM_PIN_RSA_BYTES]) {
  for (int l = 0; l < 8; l++) {
    for (int i = 0; i < 32; i++) out[l * 32 + i] = (uint8_t)(hexval(lines[l][2 * i]) << 4 | hexval(lines[l][2 * i + 1]));
  }
}

void sim_pin_rsa_pair(int i, uint8_t n[SIM_PIN_RSA_BYTES], uint8_t d[SIM_PIN_RSA_BYTES]) {
  unhex(sim_pin_rsa_table[i].n, n);
  unhex(sim_pin_rsa_table[i].d, d);
}

void sim_pin_emsa_sha256(const uint8_t *msg, size_t len, uint8_t em[SIM_PIN_RSA_BYTES]) {
  /* EMSA-PKCS1-v1_5: 00 01 FF..FF 00 DigestInfo(SHA-256) hash (RFC 8017 9.2, note 1's prefix) */
  static const uint8_t prefix[19] = { 0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20 };
  size_t tlen = sizeof prefix + 32;
  em[0] = 0x00;
  em[1] = 0x01;
  memset(em + 2, 0xff, SIM_PIN_RSA_BYTES - tlen - 3);
  em[SIM_PIN_RSA_BYTES - tlen - 1] = 0x00;
  memcpy(em + SIM_PIN_RSA_BYTES - tlen, prefix, sizeof prefix);
  sim_sha256(msg, len, em + SIM_PIN_RSA_BYTES - 32);
}

void sim_pin_rsa_sign(int i, const uint8_t *msg, size_t len, uint8_t sig[SIM_PIN_RSA_BYTES]) {
  uint8_t em[SIM_PIN_RSA_BYTES], n[SIM_PIN_RSA_BYTES], d[SIM_PIN_RSA_BYTES];
  sim_pin_emsa_sha256(msg, len, em);
  sim_pin_rsa_pair(i, n, d);
  sim_bn_modexp(em, d, sizeof d, n, sig);
}

static size_t der_len(uint8_t *p, size_t len) {   /* DER length octets of len (< 65536) */
  if (len < 0x80) { p[0] = (uint8_t)len; return 1; }
  if (len < 0x100) { p[0] = 0x81; p[1] = (uint8_t)len; return 2; }
  p[0] = 0x82; p[1] = (uint8_t)(len >> 8); p[2] = (uint8_t)len; return 3;
}

static size_t der_uint(uint8_t *p, const uint8_t *v, size_t len) {  /* INTEGER of a big-endian unsigned value */
  while (len > 1 && v[0] == 0) { v++; len--; }
  int pad = v[0] & 0x80 ? 1 : 0;                   /* keep it positive */
  size_t k = 1;
  p[0] = 0x02;
  k += der_len(p + k, len + pad);
  if (pad) p[k++] = 0;
  memcpy(p + k, v, len);
  return k + len;
}

size_t sim_pin_rsa_public_der(int i, uint8_t *out, size_t cap) {
  uint8_t n[SIM_PIN_RSA_BYTES], d[SIM_PIN_RSA_BYTES], body[SIM_PIN_RSA_BYTES + 16];
  static const uint8_t e[3] = { 0x01, 0x00, 0x01 };
  sim_pin_rsa_pair(i, n, d);
  memset(d, 0, sizeof d);
  size_t blen = der_uint(body, n, sizeof n);
  blen += der_uint(body + blen, e, sizeof e);
  uint8_t head[4];
  size_t hlen = 1 + der_len(head + 1, blen);
  head[0] = 0x30;
  if (hlen + blen > cap) return 0;
  memcpy(out, head, hlen);
  memcpy(out + hlen, body, blen);
  return hlen + blen;
}

/* the pair a key name stands for: the EPP's own signing key, or a generated one; -1 unknown */
static int rsa_slot(const sim_pin_state_t *d, const char *name, uint32_t *use) {
  if (!strcmp(name, SIM_PIN_RSA_EPP_SIGKEY)) { *use = PIN_USE_RSAPRIVATESIGN; return 0; }
  for (int i = 0; i < d->nrsa; i++) if (!strcmp(d->rsa[i].name, name)) { *use = d->rsa[i].use; return d->rsa[i].pair; }
  return -1;
}

static int copy_name(char *dst, size_t cap, const char *src) {
  if (!src) { dst[0] = 0; return 0; }
  if (strlen(src) >= cap) return PIN_E_KEYNOTFOUND;
  strcpy(dst, src);
  return 0;
}

int sim_pin_parse_rsa(uint16_t v, uint32_t cmd, const void *data, sim_input_t *in) {
  if (cmd != PIN_CMD_GENERATE_RSA_KEY_PAIR && cmd != PIN_CMD_EXPORT_RSA_EPP_SIGNED_ITEM && cmd != PIN_CMD_EXPORT_RSA_ISSUER_SIGNED_ITEM &&
      cmd != PIN_CMD_GET_CERTIFICATE && cmd != PIN_CMD_START_KEY_EXCHANGE) {
    return sim_pin_parse_cert(v, cmd, data, in);
  }
  if (sim_vnum(v) < 310) return R_UNSUPP_COMMAND;           /* RSA came to the PIN class in 3.10 */
  if (cmd == PIN_CMD_START_KEY_EXCHANGE) return 0;          /* no input */
  if (!data) return R_INVALID_POINTER;
  if (cmd == PIN_CMD_GET_CERTIFICATE) {
    in->w[0] = ((const pin_get_certificate_t *)data)->wGetCertificate;
    return 0;
  }
  if (cmd == PIN_CMD_EXPORT_RSA_ISSUER_SIGNED_ITEM) {
    const pin_export_rsa_issuer_signed_item_t *c = data;
    in->w[0] = c->wExportItemType;
    return copy_name(in->text, sizeof in->text, c->lpsName);
  }
  if (cmd == PIN_CMD_GENERATE_RSA_KEY_PAIR) {
    const pin_generate_rsa_key_pair_t *c = data;
    if (!c->lpsKey) return R_INVALID_POINTER;
    in->w[0] = c->dwUse; in->w[1] = c->wModulusLength; in->w[2] = c->wExponentValue;
    return copy_name(in->text, sizeof in->text, c->lpsKey);
  }
  const pin_export_rsa_epp_signed_item_t *c = data;
  in->w[0] = c->wExportItemType; in->w[1] = c->dwSignatureAlgorithm; in->w[2] = c->lpsSigKey != NULL;
  int rc = copy_name(in->text, sizeof in->text, c->lpsName);
  return rc ? rc : copy_name((char *)in->items[0].data, sizeof in->items[0].data, c->lpsSigKey);
}

static int32_t generate(sim_pin_state_t *d, const sim_request_t *req) {
  uint32_t use = req->in.w[0], bits = req->in.w[1], exponent = req->in.w[2];
  const char *name = req->in.text;
  if (use != PIN_USE_RSAPRIVATE && use != PIN_USE_RSAPRIVATESIGN) return PIN_E_USEVIOLATION;
  if (bits != 0 && bits != SIM_PIN_RSA_BITS) return PIN_E_INVALID_MOD_LEN;
  if (exponent != EXP_DEFAULT && exponent != EXP_16) return R_INVALID_DATA;   /* only 65537 is in the table */
  if (!name[0] || !strcmp(name, SIM_PIN_RSA_EPP_SIGKEY) || sim_pin_find_key(d, name)) return PIN_E_DUPLICATEKEY;
  /* a name generated before gets a new pair; the table runs out as a real EPP's key RAM would */
  if (1 + d->generated >= SIM_PIN_RSA_ISSUER) return PIN_E_KEY_GENERATION_ERROR;
  sim_pin_rsa_key_t *k = NULL;
  for (int i = 0; i < d->nrsa; i++) if (!strcmp(d->rsa[i].name, name)) k = &d->rsa[i];
  if (!k) {
    if (d->nrsa >= PIN_MAX_RSA_KEYS) return PIN_E_KEY_GENERATION_ERROR;
    k = &d->rsa[d->nrsa++];
    strcpy(k->name, name);
  }
  k->use = use;
  k->pair = 1 + d->generated++;
  return 0;
}

static int32_t export_signed(sim_pin_state_t *d, const sim_request_t *req, wfs_result_t *r) {
  uint32_t type = req->in.w[0], alg = req->in.w[1], use = 0;
  const char *sig_name = req->in.w[2] ? (const char *)req->in.items[0].data : SIM_PIN_RSA_EPP_SIGKEY;
  if (alg != SIGN_NA && alg != SIGN_PKCS1_V15) return PIN_E_SIG_NOT_SUPP;
  int sig_pair = rsa_slot(d, sig_name, &use);
  if (sig_pair < 0) return PIN_E_NORSAKEYPAIR;
  if (!(use & PIN_USE_RSAPRIVATESIGN)) return PIN_E_ACCESSDENIED;
  uint8_t value[SIM_PIN_RSA_BYTES + 32];
  uint8_t self[SIM_PIN_RSA_BYTES], sig[SIM_PIN_RSA_BYTES];
  size_t vlen;
  int item_pair = -1;
  if (type == EXPORT_EPP_ID) {
    memcpy(value, EPP_ID, vlen = sizeof EPP_ID - 1);
  } else if (type == EXPORT_PUBLIC_KEY) {
    uint32_t item_use = 0;
    item_pair = rsa_slot(d, req->in.text, &item_use);
    if (item_pair < 0) return PIN_E_KEYNOTFOUND;
    vlen = sim_pin_rsa_public_der(item_pair, value, sizeof value);
  } else {
    return R_INVALID_DATA;
  }
  pin_export_rsa_epp_signed_item_output_t *o = sim_alloc_more(r, sizeof *o);
  o->lpxValue = sim_pin_xdata(r, value, (uint32_t)vlen);
  if (alg == SIGN_PKCS1_V15) {
    /* the item signed with the signing key; a public key also with its own private half */
    sim_pin_rsa_sign(sig_pair, value, vlen, sig);
    o->lpxSignature = sim_pin_xdata(r, sig, sizeof sig);
    if (item_pair >= 0) {
      sim_pin_rsa_sign(item_pair, value, vlen, self);
      o->lpxSelfSignature = sim_pin_xdata(r, self, sizeof self);
    }
  }
  r->lpBuffer = o;
  return 0;
}

/* Items the issuer signed at manufacture: the EPP ID and the EPP's own public key. A real EPP
 * stores those signatures; the simulator computes them with the issuer's pair. */
static int32_t export_issuer_signed(sim_pin_state_t *d, const sim_request_t *req, wfs_result_t *r) {
  uint8_t value[SIM_PIN_RSA_BYTES + 32], sig[SIM_PIN_RSA_BYTES];
  size_t vlen;
  uint32_t use = 0;
  if (req->in.w[0] == EXPORT_EPP_ID) {
    memcpy(value, EPP_ID, vlen = sizeof EPP_ID - 1);
  } else if (req->in.w[0] == EXPORT_PUBLIC_KEY) {
    int pair = rsa_slot(d, req->in.text, &use);
    if (pair < 0) return PIN_E_KEYNOTFOUND;
    if (pair != 0) return PIN_E_ACCESSDENIED;          /* a generated pair: the issuer never signed it */
    vlen = sim_pin_rsa_public_der(0, value, sizeof value);
  } else {
    return R_INVALID_DATA;
  }
  sim_pin_rsa_sign(SIM_PIN_RSA_ISSUER, value, vlen, sig);
  pin_export_rsa_issuer_signed_item_output_t *o = sim_alloc_more(r, sizeof *o);
  o->lpxValue = sim_pin_xdata(r, value, (uint32_t)vlen);
  o->dwRSASignatureAlgorithm = SIGN_PKCS1_V15;
  o->lpxSignature = sim_pin_xdata(r, sig, sizeof sig);
  r->lpBuffer = o;
  return 0;
}

/* Only the verification key has a certificate: the simulated EPP has no encryption pair of its own. */
static int32_t get_certificate(const sim_request_t *req, wfs_result_t *r) {
  if (req->in.w[0] == CERT_PUBLICENCKEY) return PIN_E_KEYNOTFOUND;
  if (req->in.w[0] != CERT_PUBLICVERIFICATIONKEY) return R_INVALID_DATA;
  pin_get_certificate_output_t *o = sim_alloc_more(r, sizeof *o);
  o->lpxCertificate = sim_pin_xdata(r, sim_pin_epp_certificate, (uint32_t)sim_pin_epp_certificate_len);
  r->lpBuffer = o;
  return 0;
}

/* The random item of the three-party (certificate) scheme. A real EPP keeps it to check the host's
 * signed key package against; the simulator has no command yet that takes such a package
 * (IMPORT_RSA_ENCIPHERED_PKCS7_KEY; its LOAD_CERTIFICATE checks signatures only), so it only hands it out. */
static int32_t start_key_exchange(wfs_result_t *r) {
  uint8_t rnd[8];
  FILE *f = fopen("/dev/urandom", "rb");
  size_t got = f ? fread(rnd, 1, sizeof rnd, f) : 0;
  if (f) fclose(f);
  if (got != sizeof rnd) return R_HARDWARE_ERROR;
  pin_start_key_exchange_t *o = sim_alloc_more(r, sizeof *o);
  o->lpxRandomItem = sim_pin_xdata(r, rnd, sizeof rnd);
  r->lpBuffer = o;
  return 0;
}

int32_t sim_pin_execute_rsa(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  sim_pin_state_t *d = sim_pin_state(svc);
  switch (req->code) {
  case PIN_CMD_GENERATE_RSA_KEY_PAIR: return generate(d, req);
  case PIN_CMD_EXPORT_RSA_EPP_SIGNED_ITEM: return export_signed(d, req, r);
  case PIN_CMD_EXPORT_RSA_ISSUER_SIGNED_ITEM: return export_issuer_signed(d, req, r);
  case PIN_CMD_GET_CERTIFICATE: return get_certificate(req, r);
  case PIN_CMD_START_KEY_EXCHANGE: return start_key_exchange(r);
  default: return sim_pin_execute_cert(svc, req, r);
  }
}
