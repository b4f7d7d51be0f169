/* The simulated PIN pad's VISA PIN verification (WFS_CMD_PIN_LOCAL_VISA) of the PIN entered last.
 * SIMULATOR-ONLY: clear keys in process memory. All with g_lock held. */
#include <string.h>
#include "sim_pin.h"

enum { PAN_DIGITS = 11, TSP_DIGITS = 16, PIN_DIGITS = 4 };

static int digits_only(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) if (s[i] < '0' || s[i] > '9') return 0;
  return 1;
}

/* lpsPAN: the eleven rightmost PAN digits without the check digit, then the PVKI (12 characters are
 * read); lpsPVV: the PVV from the track, of which wPVVDigits are compared. */
int sim_pin_parse_visa(const void *data, sim_input_t *in) {
  if (!data) return R_INVALID_POINTER;
  const pin_local_visa_t *c = data;
  if (!c->lpsPAN || !c->lpsPVV || !c->lpsKey) return R_INVALID_POINTER;
  size_t npan = strlen(c->lpsPAN), npvv = strlen(c->lpsPVV);
  if (npan < PAN_DIGITS + 1 || !digits_only(c->lpsPAN, PAN_DIGITS + 1)) return R_INVALID_DATA;
  if (c->wPVVDigits < 1 || c->wPVVDigits > npvv || npvv > TSP_DIGITS || !digits_only(c->lpsPVV, npvv)) return R_INVALID_DATA;
  if (c->lpxKeyEncKey) return PIN_E_FORMATNOTSUPP;   /* a PVK sent encrypted: this pad takes stored keys only */
  if (strlen(c->lpsKey) >= sizeof in->text) return PIN_E_KEYNOTFOUND;
  strcpy(in->text, c->lpsKey);
  memcpy(in->items[0].data, c->lpsPAN, PAN_DIGITS + 1);
  in->items[0].data[PAN_DIGITS + 1] = 0;
  memcpy(in->items[1].data, c->lpsPVV, npvv + 1);
  in->w[0] = c->wPVVDigits;
  return 0;
}

/* VISA PVV: the transformed security parameter (11 PAN digits, PVKI, the first 4 PIN digits) encrypted
 * under the PIN verification key (double length: encrypt, decrypt, encrypt; single DES for a single-length key); its decimal digits
 * from the left, then, if too few, its digits A-F less 10; the first wPVVDigits compared with the PVV. */
int32_t sim_pin_local_visa(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  sim_pin_state_t *d;
  sim_pin_key_t *k;
  int32_t hr = sim_pin_verifier(svc, req, &d, &k);
  if (hr) return hr;
  const sim_input_t *in = &req->in;
  if (strlen(d->pin) < PIN_DIGITS) return R_INVALID_DATA;
  char tsp[TSP_DIGITS + 1];
  memcpy(tsp, in->items[0].data, PAN_DIGITS + 1);
  memcpy(tsp + PAN_DIGITS + 1, d->pin, PIN_DIGITS);
  tsp[TSP_DIGITS] = 0;
  uint8_t block[8], enc[8];
  for (int i = 0; i < 8; i++) block[i] = (uint8_t)(((tsp[2 * i] - '0') << 4) | (tsp[2 * i + 1] - '0'));
  sim_tdes(k->value, k->len, 1, NULL, block, enc, 8);
  char pvv[TSP_DIGITS];
  size_t n = 0;
  for (int pass = 0; pass < 2; pass++) {
    for (int i = 0; i < TSP_DIGITS && n < in->w[0]; i++) {
      int nib = (enc[i / 2] >> (i % 2 ? 0 : 4)) & 0xf;
      if (pass == 0 && nib < 10) pvv[n++] = (char)('0' + nib);
      else if (pass == 1 && nib >= 10) pvv[n++] = (char)('0' + nib - 10);
    }
  }
  int match = n == in->w[0] && memcmp(pvv, in->items[1].data, n) == 0;
  memset(tsp, 0, sizeof tsp);
  memset(block, 0, sizeof block);
  memset(enc, 0, sizeof enc);
  memset(pvv, 0, sizeof pvv);
  return sim_pin_verdict(d, r, match);
}
