/* The simulated card's chip answering a PIN pad's PRESENT_IDC (WFS_CMD_PIN_PRESENT_IDC): the pad is
 * wired to the card readers of the simulated ATM and reaches the first card whose chip is powered.
 * The chip checks a plaintext offline PIN VERIFY (ISO 7816-4 / EMV: CLA 00, INS 20, P2 80, a PIN
 * block of control 2, the PIN length, the digits, F filler) against the card's PIN; any other APDU
 * gets the chip's configured answer. All with g_lock held. */
#include <string.h>
#include "sim.h"
#include "sim_idc.h"

static int chip_online(sim_service_t *s) {
  const sim_idc_state_t *d = st(s);
  return d->media == M_PRESENT && d->atr_len > 0 && d->chip_power == CP_ONLINE;
}

static uint32_t answer(uint8_t *out, uint8_t sw1, uint8_t sw2) {
  out[0] = sw1;
  out[1] = sw2;
  return 2;
}

static uint32_t verify(sim_idc_state_t *d, const uint8_t *apdu, uint32_t n, uint8_t *out) {
  if (n < 13 || apdu[4] != 8 || (apdu[5] >> 4) != 2) return answer(out, 0x67, 0x00);   /* wrong length */
  if (d->chip_pin_tries == 0) return answer(out, 0x69, 0x83);                            /* PIN blocked */
  uint32_t len = apdu[5] & 0xf;
  char pin[15];
  if (len < 4 || len > 12) return answer(out, 0x6a, 0x80);
  for (uint32_t i = 0; i < len; i++) {
    int nib = (apdu[6 + i / 2] >> (i % 2 ? 0 : 4)) & 0xf;
    if (nib > 9) return answer(out, 0x6a, 0x80);
    pin[i] = (char)('0' + nib);
  }
  pin[len] = 0;
  int match = strcmp(pin, d->chip_pin) == 0;
  memset(pin, 0, sizeof pin);
  if (match) {
    d->chip_pin_tries = 3;
    return answer(out, 0x90, 0x00);
  }
  d->chip_pin_tries--;
  return answer(out, 0x63, (uint8_t)(0xc0 | d->chip_pin_tries));
}

int32_t sim_idc_present_pin(uint16_t protocol, const uint8_t *apdu, uint32_t n, uint8_t *out, uint32_t *outlen) {
  sim_service_t *s = sim_first_service(2, chip_online);
  if (!s) return -1;
  if (protocol != 0x1 && protocol != 0x2) return -2;   /* the readers speak T=0 and T=1 */
  sim_idc_state_t *d = st(s);
  if (n >= 4 && apdu[0] == 0x00 && apdu[1] == 0x20 && apdu[3] == 0x80) {
    *outlen = verify(d, apdu, n, out);
  } else {
    memcpy(out, d->chip_response, d->chip_response_len);
    *outlen = d->chip_response_len;
  }
  return 0;
}
