/* The simulated PIN pad's PRESENT_IDC: the PIN entered last, in the clear, put into the application's
 * chip command at the bit it names and sent to the card's chip through the card reader the pad is
 * wired to (sim_idc_pin.c); the chip's answer is the result. SIMULATOR-ONLY. All with g_lock held. */
#include <string.h>
#include "sim_pin.h"

enum { PRESENT_CLEAR = 0x0001 };

int sim_pin_parse_present(const void *data, sim_input_t *in) {
  if (!data) return R_INVALID_POINTER;
  const pin_presentidc_t *c = data;
  if (!c->lpAlgorithmData || (c->ulChipDataLength && !c->lpbChipData)) return R_INVALID_POINTER;
  if (c->ulChipDataLength == 0 || c->ulChipDataLength > SIM_MAX_CHIP) return PIN_E_INVALIDDATA;
  in->w[0] = c->wPresentAlgorithm;
  in->w[1] = c->wChipProtocol;
  if (c->wPresentAlgorithm == PRESENT_CLEAR) {
    const pin_presentclear_t *clear = c->lpAlgorithmData;
    in->w[2] = clear->ulPINPointer;
    in->w[3] = clear->usPINOffset;
  }
  memcpy(in->bytes, c->lpbChipData, c->ulChipDataLength);
  in->nbytes = c->ulChipDataLength;
  return 0;
}

int32_t sim_pin_present_idc(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  sim_pin_state_t *d = sim_pin_state(svc);
  const sim_input_t *in = &req->in;
  if (in->w[0] != PRESENT_CLEAR) return PIN_E_INVALIDDATA;
  if (!d->pin_ready) return PIN_E_NOPIN;
  size_t len = strlen(d->pin);
  /* One nibble per digit from bit usPINOffset of byte ulPINPointer; it must fit in the chip data. */
  uint64_t first = (uint64_t)in->w[2] * 8 + in->w[3];
  if (first + 4 * (uint64_t)len > (uint64_t)in->nbytes * 8) return PIN_E_INVALIDDATA;
  uint8_t apdu[SIM_MAX_CHIP], reply[SIM_MAX_CHIP];
  memcpy(apdu, in->bytes, in->nbytes);
  for (size_t i = 0; i < len; i++) {
    uint32_t digit = (uint32_t)(d->pin[i] - '0');
    for (int b = 0; b < 4; b++) {
      uint64_t bit = first + 4 * i + (uint64_t)b;
      uint8_t mask = (uint8_t)(0x80 >> (bit % 8));
      if (digit & (0x8u >> b)) apdu[bit / 8] |= mask; else apdu[bit / 8] &= (uint8_t)~mask;
    }
  }
  uint32_t n = 0;
  int32_t rc = sim_idc_present_pin((uint16_t)in->w[1], apdu, in->nbytes, reply, &n);
  memset(apdu, 0, sizeof apdu);
  if (rc == -2) return PIN_E_PROTOCOLNOTSUPP;
  if (rc != 0) return R_HARDWARE_ERROR;   /* no card whose chip the pad can reach: the PIN stays for a retry */
  if (!d->maintain_pin) { memset(d->pin, 0, sizeof d->pin); d->pin_ready = 0; }
  pin_present_result_t *o = sim_alloc_more(r, sizeof *o);
  o->wChipProtocol = (uint16_t)in->w[1];
  o->ulChipDataLength = n;
  o->lpbChipData = sim_memdup_more(r, reply, n);
  r->lpBuffer = o;
  return 0;
}
