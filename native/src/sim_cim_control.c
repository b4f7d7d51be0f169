/* Control of the simulated CIM for tests and developers: the customer lays a bunch of notes at the
 * input position and takes what the device gives back; faults for the next CASH_IN / CASH_IN_END.
 * Each returns 0 (or a count), -1 for an unknown service (or not a CIM), R_INVALID_DATA for bad input,
 * -2 when there is nothing to take. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim_cim.h"

void sim_kick(sim_service_t *svc);

static sim_service_t *cim_service(const char *name) {
  sim_service_t *s = sim_find_class_service(name, 13);
  return s ? s : NULL;
}

/* A service event only for handles of at least version min (e.g. 330). */
void sim_cim_event_from(sim_service_t *svc, int min, uint32_t id, sim_fill_fn fill, const void *ctx) {
  for (int i = 0; i < SIM_MAX_HANDLES; i++) {
    sim_handle_t *hd = &g_handles[i];
    if (!hd->used || hd->svc != svc || hd->generation != svc->generation || sim_vnum(hd->version) < min) continue;
    for (int k = 0; k < hd->nregs; k++) {
      if (!(hd->regs[k].classes & EVC_SERVICE)) continue;
      wfs_result_t *r = sim_new_result(0, hd->h, id, 0);
      if (fill) fill(r, hd->version, ctx);
      sim_deliver(hd->regs[k].hwnd, MSG_SERVICE_EVENT, r);
    }
  }
}

/* "3x3,1xunfit:2,2xsuspect:4,1xcounterfeit:3,1xunknown": count x kind (count 1 when left out). */
static int parse_spec(const char *spec, sim_cim_item_t *out, uint32_t room, uint32_t *n, uint32_t *serial) {
  const char *p = spec;
  *n = 0;
  if (!spec || !*spec) return -1;
  while (*p) {
    char word[48];
    size_t len = strcspn(p, ",");
    if (len == 0 || len >= sizeof word) return -1;
    memcpy(word, p, len);
    word[len] = 0;
    p += len + (p[len] == ',');
    char *kind = word, *x = strchr(word, 'x');
    unsigned long count = 1;
    if (x && x != word && strspn(word, "0123456789") == (size_t)(x - word)) {
      count = strtoul(word, NULL, 10);
      kind = x + 1;
    }
    if (count == 0 || count > CIM_MAX_BUNCH || *n + count > room) return -1;
    uint8_t k = CIM_K_FIT;
    if (!strncmp(kind, "unfit:", 6)) { k = CIM_K_UNFIT; kind += 6; }
    else if (!strncmp(kind, "suspect:", 8)) { k = CIM_K_SUSPECT; kind += 8; }
    else if (!strncmp(kind, "counterfeit:", 12)) { k = CIM_K_COUNTERFEIT; kind += 12; }
    else if (!strcmp(kind, "unknown")) k = CIM_K_UNKNOWN;
    unsigned long id = 0;
    if (k != CIM_K_UNKNOWN) {
      char *end;
      id = strtoul(kind, &end, 10);
      if (!*kind || *end || id < 1 || id > CIM_NOTE_TYPES) return -1;
    }
    for (unsigned long i = 0; i < count; i++) {
      sim_cim_item_t *it = &out[(*n)++];
      it->kind = k; it->pad = 0; it->note_id = (uint16_t)id;
      it->serial = k == CIM_K_UNKNOWN ? 0 : (*serial)++;
    }
  }
  return *n ? 0 : -1;
}

SIM_EXPORT int32_t SimCimInsertItems(const char *name, const char *spec) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = cim_service(name);
  int32_t rc = -1;
  if (s) {
    sim_cim_state_t *d = sim_cim_state(s);
    uint32_t n = 0, serial = d->next_serial;
    static sim_cim_item_t items[CIM_MAX_BUNCH];
    if (parse_spec(spec, items, CIM_MAX_BUNCH - d->ninput, &n, &serial)) rc = R_INVALID_DATA;
    else {
      memcpy(&d->input[d->ninput], items, n * sizeof items[0]);
      d->ninput += n;
      d->next_serial = serial;
      d->input_ready = 1;
      int awaited = s->running && (s->running->code == CIM_CMD_CASH_IN || s->running->code == CIM_CMD_CREATE_P6_SIGNATURE);
      if (!awaited) sim_cim_position_event(s, CIM_EV_ITEMSINSERTED, CIM_POSINCENTER);
      sim_cim_save(s);
      sim_kick(s);
      rc = 0;
    }
  }
  pthread_mutex_unlock(&g_lock);
  return rc;
}

/* The customer takes what lies at the output position: ITEMSTAKEN. */
SIM_EXPORT int32_t SimCimTakeItems(const char *name) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = cim_service(name);
  int32_t rc = -1;
  if (s) {
    sim_cim_state_t *d = sim_cim_state(s);
    if (!d->noutput) rc = -2;
    else {
      d->noutput = 0;
      d->shutter_out = CIM_SHTCLOSED;
      sim_cim_position_event(s, CIM_EV_ITEMSTAKEN, CIM_POSOUTCENTER);
      sim_cim_save(s);
      rc = 0;
    }
  }
  pthread_mutex_unlock(&g_lock);
  return rc;
}

#define GETTER(fn, expr) \
  SIM_EXPORT int32_t fn(const char *name) { \
    pthread_mutex_lock(&g_lock); \
    sim_service_t *s = cim_service(name); \
    int32_t v = s ? (int32_t)(expr) : -1; \
    pthread_mutex_unlock(&g_lock); \
    return v; \
  }
/* Items at the output position, in the escrow, at the input position; WFSCIMCASHINSTATUS.wStatus. */
GETTER(SimCimItemsAtOutput, sim_cim_state(s)->noutput)
GETTER(SimCimEscrow, sim_cim_state(s)->nescrow)
GETTER(SimCimItemsAtInput, sim_cim_state(s)->ninput)
GETTER(SimCimCashInState, sim_cim_state(s)->ci_status)

/* The next CASH_IN jams after jamAfter notes (HARDWARE_ERROR, device HWERROR until RESET); the next
 * CASH_IN_END fails after jamEndAfter notes (CASHUNITERROR); -1: no fault. */
SIM_EXPORT int32_t SimCimFault(const char *name, int32_t jamAfter, int32_t jamEndAfter) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = cim_service(name);
  if (s) { sim_cim_state(s)->jam_after = jamAfter; sim_cim_state(s)->jam_end_after = jamEndAfter; }
  pthread_mutex_unlock(&g_lock);
  return s ? 0 : -1;
}

/* The next REPLENISH or DEPLETE jams after this many notes (INCOMPLETEREPLENISH / INCOMPLETEDEPLETE). */
SIM_EXPORT int32_t SimCimMoveFault(const char *name, int32_t jamAfter) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = cim_service(name);
  if (s) sim_cim_state(s)->jam_move_after = jamAfter;
  pthread_mutex_unlock(&g_lock);
  return s ? 0 : -1;
}

/* The next CASH_IN raises NOTEERROR with this reason (WFS_CIM_DOUBLENOTEDETECTED...) and goes on. */
SIM_EXPORT int32_t SimCimNoteErrorNext(const char *name, uint32_t reason) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = cim_service(name);
  if (s) sim_cim_state(s)->note_error_next = (uint16_t)reason;
  pthread_mutex_unlock(&g_lock);
  return s ? 0 : -1;
}

/* Sets the count of cash unit `number` (its notes become that many of its note type). */
SIM_EXPORT int32_t SimCimSetUnitCount(const char *name, uint32_t number, uint32_t count) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = cim_service(name);
  int32_t rc = -1;
  if (s) {
    sim_cim_state_t *d = sim_cim_state(s);
    int i = sim_cim_unit_index(d, number);
    if (i >= 0) {
      sim_cim_changes_t c;
      sim_cim_changes_begin(d, &c);
      sim_cim_unit_t *u = &d->units[i];
      memset(u->notes, 0, sizeof u->notes);
      u->notes[u->note_id] = count;
      u->count = count;
      c.mask = 1u << i;
      sim_cim_changes_end(s, &c);
      sim_cim_save(s);
      rc = 0;
    }
  }
  pthread_mutex_unlock(&g_lock);
  return rc;
}

/* The device moves (or jams) a shutter itself: position WFS_CIM_POSINCENTER / POSOUTCENTER, state
 * WFS_CIM_SHTCLOSED / SHTOPEN / SHTJAMMED. 3.30 handles get SHUTTERSTATUSCHANGED. */
SIM_EXPORT int32_t SimCimShutter(const char *name, uint32_t position, uint32_t state) {
  if (state > CIM_SHTJAMMED) return R_INVALID_DATA;
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = cim_service(name);
  int32_t rc = -1;
  if (s) {
    sim_cim_state_t *d = sim_cim_state(s);
    uint16_t *sh = position == CIM_POSINCENTER ? &d->shutter_in : position == CIM_POSOUTCENTER ? &d->shutter_out : NULL;
    if (!sh) rc = R_INVALID_DATA;
    else {
      int changed = *sh != state;
      *sh = (uint16_t)state;
      if (changed) {
        cim_shutter_status_changed_t e = { (uint16_t)position, (uint16_t)state };
        sim_cim_event_from(s, 330, CIM_EV_SHUTTERSTATUSCHANGED, sim_cim_fill_shutter, &e);
      }
      sim_cim_save(s);
      rc = 0;
    }
  }
  pthread_mutex_unlock(&g_lock);
  return rc;
}
