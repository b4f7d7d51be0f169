/* Control of the simulated printer for tests and developers: take the receipt, paper and toner
 * levels, the retract bin, and what was printed. */
#include <string.h>
#include "sim_ptr.h"

static ptr_state_t *ptr_service(const char *name) {
  sim_service_t *s = sim_find_class_service(name, 1);
  return s ? sim_ptr_state(s) : NULL;
}

/* The customer takes the receipt from the exit slot: MEDIATAKEN. 0, -1 unknown service, -2 none there. */
SIM_EXPORT int32_t SimPtrTakeMedia(const char *name) {
  pthread_mutex_lock(&g_lock);
  ptr_state_t *d = ptr_service(name);
  int32_t rc = -1;
  if (d) {
    if (d->media != MEDIA_ENTERING) rc = -2;
    else {
      d->media = MEDIA_NOTPRESENT;
      sim_event(d->svc, EVC_SERVICE, NULL, EV_MEDIATAKEN, NULL, NULL);
      rc = 0;
    }
  }
  pthread_mutex_unlock(&g_lock);
  return rc;
}

/* Paper and toner states (0 full, 1 low, 2 out); each change raises its threshold event. */
SIM_EXPORT int32_t SimPtrSetSupplies(const char *name, uint32_t paper, uint32_t toner) {
  if (paper > SUPPLY_OUT || toner > SUPPLY_OUT) return -3;
  pthread_mutex_lock(&g_lock);
  ptr_state_t *d = ptr_service(name);
  if (d) {
    if ((int)paper != d->paper) {
      d->paper = (int)paper;
      uint16_t ev[2] = { PAPER_UPPER, (uint16_t)paper };
      sim_event(d->svc, EVC_USER, NULL, EV_PAPERTHRESHOLD, sim_ptr_fill_two_words, ev);
    }
    if ((int)toner != d->toner) {
      d->toner = (int)toner;
      uint16_t w = (uint16_t)toner;
      sim_event(d->svc, EVC_USER, NULL, EV_TONERTHRESHOLD, sim_ptr_fill_word, &w);
    }
  }
  pthread_mutex_unlock(&g_lock);
  return d ? 0 : -1;
}

/* Retract bin fill level and limits (high: RETRACTBINTHRESHOLD high; capacity: full). */
SIM_EXPORT int32_t SimPtrSetRetractBin(const char *name, uint32_t count, uint32_t high, uint32_t capacity) {
  if (!capacity || high > capacity || count > capacity || capacity > 0xffff) return -3;
  pthread_mutex_lock(&g_lock);
  ptr_state_t *d = ptr_service(name);
  if (d) { d->bin_count = (int)count; d->bin_high = (int)high; d->bin_capacity = (int)capacity; }
  pthread_mutex_unlock(&g_lock);
  return d ? 0 : -1;
}

/* Everything printed since the last SimPtrClearOutput, as text (valid until the next print). */
SIM_EXPORT const char *SimPtrOutput(const char *name) {
  pthread_mutex_lock(&g_lock);
  ptr_state_t *d = ptr_service(name);
  const char *out = d ? d->out : NULL;
  pthread_mutex_unlock(&g_lock);
  return out;
}

SIM_EXPORT int32_t SimPtrClearOutput(const char *name) {
  pthread_mutex_lock(&g_lock);
  ptr_state_t *d = ptr_service(name);
  if (d) { d->out_len = 0; d->out[0] = 0; }
  pthread_mutex_unlock(&g_lock);
  return d ? 0 : -1;
}

/* fwMedia in the low byte, retract count above. */
SIM_EXPORT int32_t SimPtrMedia(const char *name) {
  pthread_mutex_lock(&g_lock);
  ptr_state_t *d = ptr_service(name);
  int32_t v = d ? (d->media | (d->bin_count << 16)) : -1;
  pthread_mutex_unlock(&g_lock);
  return v;
}
