/* The simulated EPP's side of the three-party (certificate) scheme of remote key loading:
 * WFS_CMD_PIN_LOAD_CERTIFICATE and REPLACE_CERTIFICATE (3.10+), LOAD_CERTIFICATE_EX and
 * START_AUTHENTICATE (3.30), and WFS_SRVE_PIN_CERTIFICATE_CHANGE. The EPP really checks what it is
 * given: a DER walk of the PKCS#7 (RFC 5652) and of the X.509 certificate in it, and RSASSA-PKCS1-v1_5
 * with SHA-256 under the key it trusts: the issuer's (pair 3 of sim_pin_rsa_keys.c) until a
 * REPLACE_CERTIFICATE names a new CA, the bound host's for a host replacement it signs.
 * SIMULATOR-ONLY: 2048-bit keys with exponent 65537 only (the C bignum's size). All with g_lock held. */
#include <stdio.h>
#include <string.h>
#include "sim_pin_cert.h"
#include "sim_pin_rsa.h"

enum { CERT_PRIMARY = 1, CERT_SECONDARY = 2 };                        /* WFS_PIN_CERT_* */
enum { LOAD_NEWHOST = 1, LOAD_REPLACEHOST = 2 };                      /* WFS_PIN_LOAD_* */
enum { SIGNER_CERTHOST = 0x2, SIGNER_CA = 0x8 };                      /* WFS_PIN_SIGNER_* */
enum { RSA_KCV_SHA256 = 2 };                                          /* WFS_PIN_RSA_KCV_SHA256 */
enum { CMD_IMPORT_KEY = 403, CMD_INITIALIZATION = 409, EV_CERTIFICATE_CHANGE = 406 };
enum { E_KEYNOTFOUND = -400, E_MODENOTSUPPORTED = -401, E_FORMATINVALID = -426, E_INVALIDCERTSTATE = -432,
       E_SIGNATUREINVALID = -436, E_COMMANDUNSUPP = -451 };

static const uint8_t OID_SIGNED_DATA[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02 };
static const uint8_t OID_DATA[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01 };
static const uint8_t OID_RSA[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01 };
static const uint8_t OID_SHA256_RSA[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b };
static const uint8_t OID_SHA256[] = { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01 };
static const uint8_t OID_MESSAGE_DIGEST[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x04 };
#define IS_OID(s, oid) ((s).n == sizeof(oid) && !memcmp((s).p, (oid), sizeof(oid)))

typedef struct { const uint8_t *p; size_t n; } span_t;

/* The next DER element of [*at, end): tag, contents, whole encoding. -1 when malformed (indefinite
 * lengths are BER, not DER; lengths past 3 bytes cannot fit the 4096 bytes an input may have). */
static int der(const uint8_t **at, const uint8_t *end, uint8_t *tag, span_t *body, span_t *whole) {
  const uint8_t *p = *at;
  if (end - p < 2 || (p[0] & 0x1f) == 0x1f) return -1;
  size_t len = p[1], hl = 2;
  if (len & 0x80) {
    size_t k = len & 0x7f;
    if (k == 0 || k > 3 || (size_t)(end - p) < 2 + k) return -1;
    len = 0;
    for (size_t i = 0; i < k; i++) len = len << 8 | p[2 + i];
    hl = 2 + k;
  }
  if ((size_t)(end - p) - hl < len) return -1;
  if (tag) *tag = p[0];
  if (body) { body->p = p + hl; body->n = len; }
  if (whole) { whole->p = p; whole->n = hl + len; }
  *at = p + hl + len;
  return 0;
}

static int take(const uint8_t **at, const uint8_t *end, uint8_t want, span_t *body, span_t *whole) {
  uint8_t t;
  return der(at, end, &t, body, whole) || t != want ? -1 : 0;
}

/* ---- PKCS#7 SignedData (RFC 5652 5.1) ---- */
typedef struct {
  span_t content; int has_content;   /* encapContentInfo's eContent (id-data) */
  span_t cert; int has_cert;         /* the first of certificates */
  span_t signer; int has_signer;     /* the first SignerInfo */
} signed_data_t;

static int parse_signed_data(span_t msg, signed_data_t *o) {
  span_t ci, oid, explicit_, sd, x, eci;
  memset(o, 0, sizeof *o);
  const uint8_t *at = msg.p, *end = msg.p + msg.n;
  if (take(&at, end, 0x30, &ci, NULL) || at != end) return -1;
  at = ci.p; end = ci.p + ci.n;
  if (take(&at, end, 0x06, &oid, NULL) || !IS_OID(oid, OID_SIGNED_DATA)) return -1;
  if (take(&at, end, 0xa0, &explicit_, NULL) || at != end) return -1;
  at = explicit_.p; end = explicit_.p + explicit_.n;
  if (take(&at, end, 0x30, &sd, NULL) || at != end) return -1;
  at = sd.p; end = sd.p + sd.n;
  if (take(&at, end, 0x02, &x, NULL) || take(&at, end, 0x31, &x, NULL) || take(&at, end, 0x30, &eci, NULL)) return -1;
  const uint8_t *e = eci.p, *eend = eci.p + eci.n;
  if (take(&e, eend, 0x06, &oid, NULL) || !IS_OID(oid, OID_DATA)) return -1;
  if (e != eend) {
    span_t wrapped;
    if (take(&e, eend, 0xa0, &wrapped, NULL) || e != eend) return -1;
    const uint8_t *c = wrapped.p;
    if (take(&c, wrapped.p + wrapped.n, 0x04, &o->content, NULL) || c != wrapped.p + wrapped.n) return -1;
    o->has_content = 1;
  }
  uint8_t t;
  span_t body;
  int signers = 0;
  while (at < end) {
    if (signers || der(&at, end, &t, &body, NULL)) return -1;   /* signerInfos come last */
    if (t == 0xa0 && body.n) {
      const uint8_t *c = body.p;
      if (take(&c, body.p + body.n, 0x30, NULL, &o->cert)) return -1;
      o->has_cert = 1;
    } else if (t == 0x31) {
      signers = 1;
      const uint8_t *c = body.p;
      if (body.n && take(&c, body.p + body.n, 0x30, &o->signer, NULL)) return -1;
      o->has_signer = body.n != 0;
    } else if (t != 0xa0 && t != 0xa1) {                        /* [1] crls: not used */
      return -1;
    }
  }
  return signers ? 0 : -1;
}

/* ---- X.509 certificate (RFC 5280 4.1) ---- */
typedef struct {
  span_t tbs;                        /* tbsCertificate as encoded: what the issuer signed */
  const uint8_t *sig;                /* SIM_PIN_RSA_BYTES */
  span_t public_key;                 /* the subject's RSAPublicKey (PKCS#1), DER */
  uint8_t n[SIM_PIN_RSA_BYTES];      /* its modulus */
} cert_t;

static int parse_public_key(span_t spki, cert_t *o) {
  span_t alg, oid, bits, key, n, e;
  const uint8_t *at = spki.p, *end = spki.p + spki.n;
  if (take(&at, end, 0x30, &alg, NULL) || take(&at, end, 0x03, &bits, NULL) || at != end) return -1;
  const uint8_t *a = alg.p;
  if (take(&a, alg.p + alg.n, 0x06, &oid, NULL) || !IS_OID(oid, OID_RSA)) return -1;
  if (bits.n < 1 || bits.p[0] != 0) return -1;
  o->public_key = (span_t){ bits.p + 1, bits.n - 1 };
  at = o->public_key.p; end = at + o->public_key.n;
  if (take(&at, end, 0x30, &key, NULL) || at != end) return -1;
  at = key.p; end = key.p + key.n;
  if (take(&at, end, 0x02, &n, NULL) || take(&at, end, 0x02, &e, NULL) || at != end) return -1;
  if (n.n == SIM_PIN_RSA_BYTES + 1 && n.p[0] == 0) { n.p++; n.n--; }
  if (n.n != SIM_PIN_RSA_BYTES || !(n.p[0] & 0x80)) return -1;          /* 2048 bits exactly */
  if (e.n != 3 || e.p[0] != 0x01 || e.p[1] != 0x00 || e.p[2] != 0x01) return -1;
  memcpy(o->n, n.p, SIM_PIN_RSA_BYTES);
  return 0;
}

static int parse_cert(span_t der_cert, cert_t *o) {
  span_t seq, alg, oid, bits, tbs;
  const uint8_t *at = der_cert.p, *end = der_cert.p + der_cert.n;
  if (take(&at, end, 0x30, &seq, NULL) || at != end) return -1;
  at = seq.p; end = seq.p + seq.n;
  if (take(&at, end, 0x30, &tbs, &o->tbs) || take(&at, end, 0x30, &alg, NULL) || take(&at, end, 0x03, &bits, NULL) || at != end) return -1;
  const uint8_t *a = alg.p;
  if (take(&a, alg.p + alg.n, 0x06, &oid, NULL) || !IS_OID(oid, OID_SHA256_RSA)) return -1;
  if (bits.n != 1 + SIM_PIN_RSA_BYTES || bits.p[0] != 0) return -1;
  o->sig = bits.p + 1;
  /* [0] version, serialNumber, signature, issuer, validity, subject, then subjectPublicKeyInfo */
  uint8_t t;
  span_t spki;
  at = tbs.p; end = tbs.p + tbs.n;
  if (der(&at, end, &t, NULL, NULL)) return -1;
  if (t == 0xa0 && der(&at, end, &t, NULL, NULL)) return -1;
  if (t != 0x02) return -1;
  for (int i = 0; i < 4; i++) if (take(&at, end, 0x30, NULL, NULL)) return -1;
  if (take(&at, end, 0x30, &spki, NULL)) return -1;
  return parse_public_key(spki, o);
}

/* A degenerate ("certificates only") PKCS#7 holding one certificate of a 2048-bit RSA key. */
static int32_t certificate_of(span_t msg, cert_t *c) {
  signed_data_t sd;
  if (parse_signed_data(msg, &sd) || !sd.has_cert || parse_cert(sd.cert, c)) return E_FORMATINVALID;
  return 0;
}

/* ---- RSASSA-PKCS1-v1_5 with SHA-256 (RFC 8017 8.2.2) ---- */
static int rsa_verify(const uint8_t n[SIM_PIN_RSA_BYTES], const uint8_t *msg, size_t len, const uint8_t *sig) {
  static const uint8_t e[3] = { 0x01, 0x00, 0x01 };
  uint8_t m[SIM_PIN_RSA_BYTES], em[SIM_PIN_RSA_BYTES];
  if (memcmp(sig, n, SIM_PIN_RSA_BYTES) >= 0) return 0;      /* a signature representative is below n */
  sim_bn_modexp(sig, e, sizeof e, n, m);
  sim_pin_emsa_sha256(msg, len, em);
  return !memcmp(m, em, sizeof m);
}

/* The SignerInfo's signature of content under modulus n. With signed attributes (what OpenSSL writes
 * by default) their messageDigest must be the content's SHA-256 and the signature covers them, as a
 * SET OF (RFC 5652 5.4); without, it covers the content itself. */
static int32_t verify_signer(span_t si, span_t content, const uint8_t n[SIM_PIN_RSA_BYTES]) {
  span_t x, alg, oid, attrs, attrs_whole, sig;
  uint8_t t, digest[32];
  const uint8_t *at = si.p, *end = si.p + si.n;
  if (take(&at, end, 0x02, &x, NULL) || der(&at, end, &t, NULL, NULL) || take(&at, end, 0x30, &alg, NULL)) return E_FORMATINVALID;
  const uint8_t *a = alg.p;
  if (take(&a, alg.p + alg.n, 0x06, &oid, NULL) || !IS_OID(oid, OID_SHA256)) return E_FORMATINVALID;
  if (der(&at, end, &t, &attrs, &attrs_whole)) return E_FORMATINVALID;
  int signed_attrs = t == 0xa0;
  if (!signed_attrs) alg = attrs;                              /* that was the signatureAlgorithm */
  else if (der(&at, end, &t, &alg, NULL)) return E_FORMATINVALID;
  a = alg.p;
  if (t != 0x30 || take(&a, alg.p + alg.n, 0x06, &oid, NULL) || !(IS_OID(oid, OID_RSA) || IS_OID(oid, OID_SHA256_RSA))) return E_FORMATINVALID;
  if (take(&at, end, 0x04, &sig, NULL)) return E_FORMATINVALID;
  if (sig.n != SIM_PIN_RSA_BYTES) return E_SIGNATUREINVALID;  /* not made with a key of this size */
  if (!signed_attrs) return rsa_verify(n, content.p, content.n, sig.p) ? 0 : E_SIGNATUREINVALID;
  sim_sha256(content.p, content.n, digest);
  int found = 0;
  for (const uint8_t *p = attrs.p, *pend = attrs.p + attrs.n; p < pend;) {
    span_t attr, aoid, values, md;
    if (take(&p, pend, 0x30, &attr, NULL)) return E_FORMATINVALID;
    const uint8_t *q = attr.p, *qend = attr.p + attr.n;
    if (take(&q, qend, 0x06, &aoid, NULL) || take(&q, qend, 0x31, &values, NULL)) return E_FORMATINVALID;
    if (!IS_OID(aoid, OID_MESSAGE_DIGEST)) continue;
    const uint8_t *v = values.p;
    if (take(&v, values.p + values.n, 0x04, &md, NULL)) return E_FORMATINVALID;
    if (md.n != sizeof digest || memcmp(md.p, digest, sizeof digest)) return E_SIGNATUREINVALID;
    found = 1;
  }
  if (!found || attrs_whole.n > SIM_MAX_BYTES) return E_FORMATINVALID;
  uint8_t set[SIM_MAX_BYTES];
  memcpy(set, attrs_whole.p, attrs_whole.n);
  set[0] = 0x31;
  return rsa_verify(n, set, attrs_whole.n, sig.p) ? 0 : E_SIGNATUREINVALID;
}

/* ---- the EPP's answers ---- */
/* PKCS#7 DigestedData (RFC 5652 7): version 0, SHA-256, id-data without content, the digest: the
 * thumbprint by which the host checks which key the EPP took. */
static pin_xdata_t *thumbprint(wfs_result_t *r, span_t public_key) {
  static const uint8_t head[] = {
    0x30, 0x50, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x05, 0xa0, 0x43, 0x30, 0x41, 0x02, 0x01, 0x00,
    0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00,
    0x30, 0x0b, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01, 0x04, 0x20 };
  uint8_t out[sizeof head + 32];
  memcpy(out, head, sizeof head);
  sim_sha256(public_key.p, public_key.n, out + sizeof head);
  return sim_pin_xdata(r, out, sizeof out);
}

static const uint8_t *ca_modulus(const sim_pin_state_t *d, uint8_t buf[SIM_PIN_RSA_BYTES]) {
  if (d->ca_replaced) return d->ca_n;
  uint8_t priv[SIM_PIN_RSA_BYTES];
  sim_pin_rsa_pair(SIM_PIN_RSA_ISSUER, buf, priv);
  memset(priv, 0, sizeof priv);
  return buf;
}

uint32_t sim_pin_certificate_state(sim_service_t *svc) {
  sim_pin_state_t *d = sim_pin_state(svc);
  return d && d->ca_replaced ? CERT_SECONDARY : CERT_PRIMARY;
}

/* A new host certificate (newHost) must be signed by the CA; a replacement (replaceHost) comes in
 * SignedData signed by the CA or by the bound host (certHost), whose inner certificate is then taken
 * on that signature. The 3.10 form is newHost signed by the CA. */
static int32_t load(sim_pin_state_t *d, const sim_request_t *req, wfs_result_t *r, int ex) {
  uint32_t option = ex ? req->in.w[0] : LOAD_NEWHOST, signer = ex ? req->in.w[1] : SIGNER_CA;
  span_t msg = { req->in.bytes, req->in.nbytes };
  if (option != LOAD_NEWHOST && option != LOAD_REPLACEHOST) return R_INVALID_DATA;
  /* no higher-level authority is simulated, and a first host has no host to sign for it */
  if (signer != SIGNER_CA && !(signer == SIGNER_CERTHOST && option == LOAD_REPLACEHOST)) return E_MODENOTSUPPORTED;
  if ((option == LOAD_NEWHOST) == (d->host_loaded != 0)) return E_INVALIDCERTSTATE;
  uint8_t buf[SIM_PIN_RSA_BYTES];
  const uint8_t *ca = ca_modulus(d, buf);
  cert_t c;
  int32_t hr;
  if (option == LOAD_NEWHOST) {
    if ((hr = certificate_of(msg, &c))) return hr;
    if (!rsa_verify(ca, c.tbs.p, c.tbs.n, c.sig)) return E_SIGNATUREINVALID;
  } else {
    signed_data_t sd;
    if (parse_signed_data(msg, &sd) || !sd.has_content || !sd.has_signer) return E_FORMATINVALID;
    if ((hr = certificate_of(sd.content, &c))) return hr;
    if ((hr = verify_signer(sd.signer, sd.content, signer == SIGNER_CA ? ca : d->host_n))) return hr;
  }
  memcpy(d->host_n, c.n, sizeof d->host_n);
  d->host_loaded = 1;
  if (ex) {
    pin_load_certificate_ex_output_t *o = sim_alloc_more(r, sizeof *o);
    o->dwRSAKeyCheckMode = RSA_KCV_SHA256;
    o->lpxRSAData = thumbprint(r, c.public_key);
    r->lpBuffer = o;
  } else {
    pin_load_certificate_output_t *o = sim_alloc_more(r, sizeof *o);
    o->lpxCertificateData = thumbprint(r, c.public_key);
    r->lpBuffer = o;
  }
  return 0;
}

static void fill_change(wfs_result_t *r, uint16_t v, const void *ctx) {
  (void)v;
  uint32_t *p = sim_alloc_more(r, sizeof *p);
  *p = *(const uint32_t *)ctx;
  r->lpBuffer = p;
}

/* The new CA's certificate in SignedData signed by the current CA. The EPP then trusts the new CA
 * only (secondary state: primary certificates are no longer accepted) and unbinds its host, which
 * must be loaded again with a certificate of the new CA. */
static int32_t replace(sim_service_t *svc, sim_pin_state_t *d, const sim_request_t *req, wfs_result_t *r) {
  span_t msg = { req->in.bytes, req->in.nbytes };
  if (d->ca_replaced) return E_INVALIDCERTSTATE;
  signed_data_t sd;
  cert_t c;
  int32_t hr;
  uint8_t buf[SIM_PIN_RSA_BYTES];
  if (parse_signed_data(msg, &sd) || !sd.has_content || !sd.has_signer) return E_FORMATINVALID;
  if ((hr = certificate_of(sd.content, &c))) return hr;
  if ((hr = verify_signer(sd.signer, sd.content, ca_modulus(d, buf)))) return hr;
  memcpy(d->ca_n, c.n, sizeof d->ca_n);
  d->ca_replaced = 1;
  d->host_loaded = 0;
  pin_replace_certificate_output_t *o = sim_alloc_more(r, sizeof *o);
  o->lpxNewCertificateData = thumbprint(r, c.public_key);
  r->lpBuffer = o;
  uint32_t state = CERT_SECONDARY;
  sim_event_since(svc, EVC_SERVICE, NULL, EV_CERTIFICATE_CHANGE, fill_change, &state, 310);
  return 0;
}

/* What the authenticated command would do, checked now (hInternalCmdResult), and the data an
 * authority signs for it: a fresh nonce, then the command ID (big-endian), so that a signature
 * fits one command once. The signers: the CA, and the host once one is bound. WFS_CMD_PIN_AUTHENTICATE,
 * which would take the signature, is not simulated: the nonce is kept for it only. */
static int32_t start_authenticate(sim_pin_state_t *d, const sim_request_t *req, wfs_result_t *r) {
  uint32_t cmd = req->in.w[0];
  pin_start_authenticate_out_t *o = sim_alloc_more(r, sizeof *o);
  r->lpBuffer = o;
  if (cmd == CMD_IMPORT_KEY && !req->in.w[1] && !sim_pin_find_key(d, req->in.text)) {
    o->hInternalCmdResult = E_KEYNOTFOUND;            /* a deletion of a key that is not there */
    return 0;
  }
  uint8_t data[12];
  FILE *f = fopen("/dev/urandom", "rb");
  size_t got = f ? fread(data, 1, 8, f) : 0;
  if (f) fclose(f);
  if (got != 8) return R_HARDWARE_ERROR;
  data[8] = (uint8_t)(cmd >> 24); data[9] = (uint8_t)(cmd >> 16); data[10] = (uint8_t)(cmd >> 8); data[11] = (uint8_t)cmd;
  memcpy(d->auth_nonce, data, sizeof d->auth_nonce);
  d->auth_cmd = cmd;
  o->lpxDataToSign = sim_pin_xdata(r, data, sizeof data);
  o->dwSigners = SIGNER_CA | (d->host_loaded ? SIGNER_CERTHOST : 0);
  return 0;
}

static int copy_blob(sim_input_t *in, const pin_xdata_t *x) {
  if (!x || (x->usLength && !x->lpbData)) return R_INVALID_POINTER;
  if (x->usLength > sizeof in->bytes) return E_FORMATINVALID;   /* larger than any message this EPP takes */
  memcpy(in->bytes, x->lpbData, x->usLength);
  in->nbytes = x->usLength;
  return 0;
}

int sim_pin_parse_cert(uint16_t v, uint32_t cmd, const void *data, sim_input_t *in) {
  int since = cmd == PIN_CMD_LOAD_CERTIFICATE || cmd == PIN_CMD_REPLACE_CERTIFICATE ? 310
            : cmd == PIN_CMD_LOAD_CERTIFICATE_EX || cmd == PIN_CMD_START_AUTHENTICATE ? 330 : 0;
  if (!since || sim_vnum(v) < since) return R_UNSUPP_COMMAND;
  if (!data) return R_INVALID_POINTER;
  switch (cmd) {
  case PIN_CMD_LOAD_CERTIFICATE: return copy_blob(in, ((const pin_load_certificate_t *)data)->lpxLoadCertificate);
  case PIN_CMD_REPLACE_CERTIFICATE: return copy_blob(in, ((const pin_replace_certificate_t *)data)->lpxReplaceCertificate);
  case PIN_CMD_LOAD_CERTIFICATE_EX: {
    const pin_load_certificate_ex_t *c = data;
    in->w[0] = c->dwLoadOption;
    in->w[1] = c->dwSigner;
    return copy_blob(in, c->lpxCertificateData);
  }
  default: {
    const pin_start_authenticate_t *c = data;
    in->w[0] = c->dwCommandID;
    if (c->dwCommandID == CMD_INITIALIZATION) return 0;     /* its WFSPININIT may be NULL */
    if (c->dwCommandID != CMD_IMPORT_KEY) return E_COMMANDUNSUPP;
    const pin_import_t *k = c->lpvInputData;
    if (!k || !k->lpsKey) return R_INVALID_POINTER;
    if (strlen(k->lpsKey) >= sizeof in->text) return E_KEYNOTFOUND;
    snprintf(in->text, sizeof in->text, "%s", k->lpsKey);
    in->w[1] = k->lpxValue != NULL;
    return 0;
  }
  }
}

int32_t sim_pin_execute_cert(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  sim_pin_state_t *d = sim_pin_state(svc);
  switch (req->code) {
  case PIN_CMD_LOAD_CERTIFICATE: return load(d, req, r, 0);
  case PIN_CMD_LOAD_CERTIFICATE_EX: return load(d, req, r, 1);
  case PIN_CMD_REPLACE_CERTIFICATE: return replace(svc, d, req, r);
  case PIN_CMD_START_AUTHENTICATE: return start_authenticate(d, req, r);
  default: return R_UNSUPP_COMMAND;
  }
}
