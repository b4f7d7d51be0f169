/* Control of the simulated IDC: the customer's card at the slot, chip and contactless
 * answers, the retain bin, service events without a command, and test hooks. */
#include <stdio.h>
#include <string.h>
#include "sim.h"
#include "sim_idc.h"

static sim_service_t *idc_service(const char *name) {
  sim_service_t *s = sim_find_class_service(name, 2);
  return s ? s : NULL;
}

static int hexval(char c) {
  return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static uint32_t parse_hex(const char *hex, uint8_t *out, uint32_t cap) {
  uint32_t n = 0;
  for (const char *p = hex; p && p[0] && p[1] && n < cap; ) {
    if (p[0] == ' ' || p[0] == ':') { p++; continue; }
    int a = hexval(p[0]), b = hexval(p[1]);
    if (a < 0 || b < 0) break;
    out[n++] = (uint8_t)(a * 16 + b);
    p += 2;
  }
  return n;
}

/* Puts a card at the slot. NULL track = absent; atrHex "" = no chip. flags bit 0: the card is
 * unreadable (INVALIDMEDIA); bit 1: the card is already inside with its chip powered. Returns 0, -1 unknown service, -2 a card is already there. */
SIM_EXPORT int32_t SimIdcInsertCard(const char *name, const char *track1, const char *track2, const char *track3,
                                    const char *atrHex, uint32_t flags) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = idc_service(name);
  int32_t rc = -1;
  if (s) {
    sim_idc_state_t *d = st(s);
    if (d->card_waiting || d->media == M_PRESENT || d->media == M_ENTERING) rc = -2;
    else {
      const char *t[3] = { track1, track2, track3 };
      for (int i = 0; i < 3; i++) {
        d->has_track[i] = t[i] != NULL;
        snprintf(d->tracks[i], sizeof d->tracks[i], "%s", t[i] ? t[i] : "");
      }
      d->atr_len = parse_hex(atrHex, d->atr, sizeof d->atr);
      d->card_invalid = (int)(flags & 1);
      if (flags & 2) {
        /* Already drawn in, its chip powered (as after a chip read): for a PIN pad's PRESENT_IDC test. */
        d->media = M_PRESENT;
        d->chip_power = d->atr_len ? CP_ONLINE : CP_NOCARD;
      } else {
        d->card_waiting = 1;
        sim_kick(s);
      }
      rc = 0;
    }
  }
  pthread_mutex_unlock(&g_lock);
  return rc;
}

/* The customer takes the card from the exit slot (MEDIAREMOVED) or withdraws a card that was
 * never drawn in. Returns 0, -1 unknown service, -2 no card to take. */
SIM_EXPORT int32_t SimIdcTakeCard(const char *name) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = idc_service(name);
  int32_t rc = -1;
  if (s) {
    sim_idc_state_t *d = st(s);
    if (d->media == M_ENTERING) { d->media = M_NOTPRESENT; sim_event(s, EVC_SERVICE, NULL, EV_MEDIAREMOVED, NULL, NULL); rc = 0; }
    else if (d->card_waiting) { d->card_waiting = 0; rc = 0; }
    else rc = -2;
  }
  pthread_mutex_unlock(&g_lock);
  return rc;
}

SIM_EXPORT int32_t SimIdcSetChipResponse(const char *name, const char *hex) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = idc_service(name);
  if (s) st(s)->chip_response_len = parse_hex(hex, st(s)->chip_response, SIM_MAX_CHIP);
  pthread_mutex_unlock(&g_lock);
  return s ? 0 : -1;
}

/* Data the contactless kernel returns (BER-TLV hex) and the transaction outcome it reports. */
SIM_EXPORT int32_t SimIdcSetClessData(const char *name, const char *hex, uint32_t outcome) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = idc_service(name);
  if (s) { st(s)->cless_len = parse_hex(hex, st(s)->cless_data, SIM_MAX_CHIP); st(s)->cless_outcome = (int)outcome; }
  pthread_mutex_unlock(&g_lock);
  return s ? 0 : -1;
}

SIM_EXPORT int32_t SimIdcSetRetainBin(const char *name, uint32_t count, uint32_t threshold, uint32_t capacity) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = idc_service(name);
  if (s) { st(s)->retain_count = (int)count; st(s)->retain_threshold = (int)threshold; st(s)->retain_capacity = (int)capacity; }
  pthread_mutex_unlock(&g_lock);
  return s ? 0 : -1;
}

/* Raises a service event without a command: 213 DEVICEPOSITION (arg = position),
 * 209 MEDIADETECTED (arg = position), 210/211 RETAINBININSERTED/REMOVED. */
SIM_EXPORT int32_t SimIdcServiceEvent(const char *name, uint32_t eventId, uint32_t arg) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = idc_service(name);
  if (s) {
    uint16_t w = (uint16_t)arg;
    int with_word = eventId == EV_DEVICEPOSITION || eventId == EV_MEDIADETECTED || eventId == EV_POWER_SAVE_CHANGE;
    sim_event(s, EVC_SERVICE, NULL, eventId, with_word ? sim_idc_fill_word : NULL, &w);
  }
  pthread_mutex_unlock(&g_lock);
  return s ? 0 : -1;
}

/* Test hook: the next READ_RAW_DATA result carries a corrupt ulDataLength. */
SIM_EXPORT int32_t SimIdcCorruptNextRead(const char *name) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = idc_service(name);
  if (s) st(s)->corrupt_next_read = 1;
  pthread_mutex_unlock(&g_lock);
  return s ? 0 : -1;
}

/* Media state for tests: fwMedia, retain count, card waiting at the slot. */
SIM_EXPORT int32_t SimIdcMedia(const char *name) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = idc_service(name);
  int32_t m = s ? (st(s)->media | (st(s)->card_waiting ? 0x100 : 0) | (st(s)->retain_count << 16)) : -1;
  pthread_mutex_unlock(&g_lock);
  return m;
}
