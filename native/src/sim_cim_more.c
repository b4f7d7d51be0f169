/* The simulated CIM's other commands: cash unit info and exchanges, teller info, signatures,
 * replenish/deplete, counting, locks, present, limits, lights, power save, mode, blacklist. */
#include <stdio.h>
#include <string.h>
#include "sim_cim.h"

/* A unit as SET_CASH_UNIT_INFO / END_EXCHANGE give it (kept in sim_input_t.bytes). */
typedef struct { uint16_t number; uint32_t count, cash_in_count, maximum, initial, minimum; int32_t app_lock, v320; } cu_in_t;
typedef struct { uint32_t n; cu_in_t u[CIM_MAX_UNITS + 3]; } cu_list_t;
typedef struct { uint16_t number; uint32_t items; int32_t all; } move_in_t;
typedef struct { uint16_t other; uint32_t n; move_in_t m[CIM_MAX_UNITS]; } move_list_t;
_Static_assert(sizeof(cu_list_t) <= SIM_MAX_BYTES && sizeof(move_list_t) <= SIM_MAX_BYTES, "input fits");

static int parse_units(uint16_t v, const cim_cash_info_t *ci, sim_input_t *in) {
  cu_list_t *l = (cu_list_t *)in->bytes;
  if (!ci) return R_INVALID_POINTER;
  if (ci->usCount > CIM_MAX_UNITS + 3) return R_INVALID_DATA;
  if (ci->usCount && !ci->lppCashIn) return R_INVALID_POINTER;
  l->n = ci->usCount;
  for (uint32_t i = 0; i < l->n; i++) {
    const cim_cashin_v320_t *c = ci->lppCashIn[i];
    if (!c) return R_INVALID_POINTER;
    cu_in_t *u = &l->u[i];
    u->number = c->usNumber; u->count = c->ulCount; u->cash_in_count = c->ulCashInCount; u->maximum = c->ulMaximum;
    u->app_lock = c->bAppLock != 0; u->v320 = CIM_V320(v);
    if (u->v320) { u->initial = c->ulInitialCount; u->minimum = c->ulMinimum; }
  }
  in->present = 1;
  return 0;
}

/* REPLENISH targets / DEPLETE sources: NULL-terminated lists of { number, items, remove all }. */
static int parse_moves(const void *const *list, uint16_t other, sim_input_t *in) {
  move_list_t *l = (move_list_t *)in->bytes;
  l->other = other;
  if (!list) return R_INVALID_POINTER;
  for (l->n = 0; list[l->n]; l->n++) {
    if (l->n >= CIM_MAX_UNITS) return R_INVALID_DATA;
    const cim_rep_target_t *t = list[l->n];   /* same layout as cim_dep_source_t */
    l->m[l->n].number = t->usNumberTarget; l->m[l->n].items = t->ulNumberOfItemsToMove; l->m[l->n].all = t->bRemoveAll != 0;
  }
  return l->n ? 0 : R_INVALID_DATA;
}

int sim_cim_parse_more(uint16_t v, uint32_t cmd, const void *data, sim_input_t *in) {
  switch (cmd) {
  case CIM_CMD_SET_CASH_UNIT_INFO: return parse_units(v, data, in);
  case CIM_CMD_END_EXCHANGE: return data ? parse_units(v, data, in) : 0;
  case CIM_CMD_START_EXCHANGE: {
    const cim_start_ex_t *c = data;
    if (!c) return R_INVALID_POINTER;
    if (c->usCount > SIM_MAX_ITEMS) return R_INVALID_DATA;
    if (c->usCount && !c->lpusCUNumList) return R_INVALID_POINTER;
    in->w[0] = c->fwExchangeType; in->w[1] = c->usTellerID;
    for (uint32_t i = 0; i < c->usCount; i++) in->values[in->nvalues++] = c->lpusCUNumList[i];
    return 0;
  }
  case CIM_CMD_SET_TELLER_INFO: {
    const cim_teller_update_t *c = data;
    if (!c || !c->lpTellerDetails) return R_INVALID_POINTER;
    in->w[0] = c->usAction; in->w[1] = c->lpTellerDetails->usTellerID;
    in->w[2] = c->lpTellerDetails->fwInputPosition; in->w[3] = c->lpTellerDetails->fwOutputPosition;
    return c->usAction >= 1 && c->usAction <= 3 ? 0 : R_INVALID_DATA;
  }
  case CIM_CMD_SET_GUIDANCE_LIGHT:
    if (!data) return R_INVALID_POINTER;
    in->w[0] = ((const cim_set_guidlight_t *)data)->wGuidLight; in->w[1] = ((const cim_set_guidlight_t *)data)->dwCommand;
    return in->w[0] < 32 ? 0 : R_INVALID_DATA;
  case CIM_CMD_CONFIGURE_NOTE_READER:
    if (!data) return R_INVALID_POINTER;
    in->w[0] = ((const cim_configure_note_reader_t *)data)->bLoadAlways != 0;
    return 0;
  case CIM_CMD_COMPARE_P6_SIGNATURE: {
    const cim_p6_compare_signature_t *c = data;
    if (!c) return R_INVALID_POINTER;
    for (int ref = 1; ref >= 0; ref--) {
      cim_p6_signature_t *const *l = ref ? c->lppP6ReferenceSignatures : c->lppP6Signatures;
      uint32_t n = 0;
      for (; l && l[n]; n++) {
        if (in->nitems >= SIM_MAX_ITEMS || l[n]->ulLength > sizeof in->items[0].data) return R_INVALID_DATA;
        if (l[n]->ulLength && !l[n]->lpSignature) return R_INVALID_POINTER;
        in->items[in->nitems].source = (uint16_t)ref;
        in->items[in->nitems].len = l[n]->ulLength;
        memcpy(in->items[in->nitems].data, l[n]->lpSignature, l[n]->ulLength);
        in->nitems++;
      }
      in->w[ref] = n;
    }
    return 0;
  }
  case CIM_CMD_POWER_SAVE_CONTROL: case CIM_CMD_SET_MODE: case CIM_CMD_PRESENT_MEDIA:
    if (!data) return R_INVALID_POINTER;
    in->w[0] = *(const uint16_t *)data;   /* usMaxPowerSaveRecoveryTime / wMixedMode / fwPosition */
    return 0;
  case CIM_CMD_REPLENISH: {
    const cim_rep_t *c = data;
    if (!c) return R_INVALID_POINTER;
    return parse_moves((const void *const *)c->lppReplenishTargets, c->usNumberSource, in);
  }
  case CIM_CMD_DEPLETE: {
    const cim_dep_t *c = data;
    if (!c) return R_INVALID_POINTER;
    return parse_moves((const void *const *)c->lppDepleteSources, c->usNumberTarget, in);
  }
  case CIM_CMD_SET_CASH_IN_LIMIT: {
    const cim_cash_in_limit_t *c = data;
    if (!c) return 0;                      /* NULL: no limits */
    in->w[0] = c->ulTotalItemsLimit;
    if (c->lpAmountLimit) { in->w[1] = c->lpAmountLimit->ulAmount; memcpy(in->text, c->lpAmountLimit->cCurrencyID, 3); }
    return 0;
  }
  case CIM_CMD_CASH_UNIT_COUNT: {
    const cim_count_t *c = data;
    if (!c) return R_INVALID_POINTER;
    if (c->usCount > SIM_MAX_ITEMS) return R_INVALID_DATA;
    if (c->usCount && !c->lpusCUNumList) return R_INVALID_POINTER;
    for (uint32_t i = 0; i < c->usCount; i++) in->values[in->nvalues++] = c->lpusCUNumList[i];
    return 0;
  }
  case CIM_CMD_DEVICE_LOCK_CONTROL: {
    const cim_device_lock_control_t *c = data;
    if (!c) return R_INVALID_POINTER;
    in->w[0] = c->wDeviceAction; in->w[1] = c->wCashUnitAction;
    for (uint32_t i = 0; c->lppUnitLockControl && c->lppUnitLockControl[i]; i++) {
      if (i >= SIM_MAX_ITEMS || !c->lppUnitLockControl[i]->lpPhysicalPositionName) return i >= SIM_MAX_ITEMS ? R_INVALID_DATA : R_INVALID_POINTER;
      in->items[i].source = c->lppUnitLockControl[i]->wUnitAction;
      in->items[i].len = (uint32_t)snprintf((char *)in->items[i].data, sizeof in->items[i].data, "%s", c->lppUnitLockControl[i]->lpPhysicalPositionName);
      in->nitems = i + 1;
    }
    return 0;
  }
  case CIM_CMD_SET_BLACKLIST: {
    const cim_blacklist_t *c = data;
    if (!c) return R_INVALID_POINTER;
    if (c->usCount > CIM_MAX_BLACKLIST) return R_INVALID_DATA;
    if (c->usCount && !c->lppBlacklistElements) return R_INVALID_POINTER;
    for (int k = 0; c->lpszVersion && c->lpszVersion[k] && k < 15; k++) in->values[k] = c->lpszVersion[k];
    for (uint32_t i = 0; i < c->usCount; i++) {
      const cim_blacklist_element_t *e = c->lppBlacklistElements[i];
      if (!e || !e->lpszSerialNumber) return R_INVALID_POINTER;
      uint16_t serial[24] = { 0 };
      for (uint32_t n = 0; e->lpszSerialNumber[n]; n++) { if (n >= 23) return R_INVALID_DATA; serial[n] = e->lpszSerialNumber[n]; }
      memcpy(in->items[i].data, serial, sizeof serial);
      memcpy(&in->items[i].data[64], e->cCurrencyID, 3);
      memcpy(&in->items[i].data[68], &e->ulValue, 4);
    }
    in->nitems = c->usCount;
    return 0;
  }
  case CIM_CMD_SYNCHRONIZE_COMMAND:
    return data ? 0 : R_INVALID_POINTER;
  default:
    return R_UNSUPP_COMMAND;
  }
}

/* ---- output ---- */
static void fill_teller(wfs_result_t *r, uint16_t v, const void *ctx) { (void)v; sim_cim_fill_word(r, v, ctx); }

static int32_t set_units(sim_service_t *svc, sim_cim_state_t *d, const sim_input_t *in) {
  const cu_list_t *l = (const cu_list_t *)in->bytes;
  for (uint32_t i = 0; i < l->n; i++) if (sim_cim_unit_index(d, l->u[i].number) < 0) return CIM_E_INVALIDCASHUNIT;
  sim_cim_changes_t c;
  sim_cim_changes_begin(d, &c);
  for (uint32_t i = 0; i < l->n; i++) {
    int k = sim_cim_unit_index(d, l->u[i].number);
    sim_cim_unit_t *u = &d->units[k];
    if (u->count != l->u[i].count) {   /* the notes become that many of the unit's note type */
      memset(u->notes, 0, sizeof u->notes);
      u->notes[u->note_id] = l->u[i].count;
    }
    u->count = l->u[i].count; u->cash_in_count = l->u[i].cash_in_count; u->maximum = l->u[i].maximum; u->app_lock = l->u[i].app_lock;
    if (l->u[i].v320) { u->initial = l->u[i].initial; u->minimum = l->u[i].minimum; }
    c.mask |= 1u << k;
  }
  sim_cim_changes_end(svc, &c);
  return 0;
}

/* Moves notes between the cash-in unit and the recyclers (REPLENISH: from source to targets; DEPLETE:
 * from sources to target). A move fault stops it part way (INCOMPLETE*, CASHUNITERROR). */
static int32_t move(sim_service_t *svc, sim_request_t *req, wfs_result_t *r, int replenish) {
  sim_cim_state_t *d = sim_cim_state(svc);
  const move_list_t *l = (const move_list_t *)req->in.bytes;
  if (d->active) return CIM_E_CASHINACTIVE;
  if (d->exchange) return CIM_E_EXCHANGEACTIVE;
  int other = sim_cim_unit_index(d, l->other);
  if (other < 0 || d->units[other].type != CIM_TYPECASHIN) return CIM_E_INVALIDCASHUNIT;
  int idx[CIM_MAX_UNITS];
  for (uint32_t i = 0; i < l->n; i++) {
    idx[i] = sim_cim_unit_index(d, l->m[i].number);
    if (idx[i] < 0 || d->units[idx[i]].type != CIM_TYPERECYCLING) return CIM_E_INVALIDCASHUNIT;
  }
  sim_cim_changes_t c;
  sim_cim_changes_begin(d, &c);
  uint32_t total = 0, moved[CIM_MAX_UNITS] = { 0 };
  int jam = 0;
  for (uint32_t i = 0; i < l->n && !jam; i++) {
    sim_cim_unit_t *rec = &d->units[idx[i]], *from = replenish ? &d->units[other] : rec, *to = replenish ? rec : &d->units[other];
    uint16_t id = rec->note_id;
    uint32_t want = l->m[i].all ? from->notes[id] : l->m[i].items;
    if (want > from->notes[id]) want = from->notes[id];
    if (to->maximum && want > to->maximum - to->count) want = to->maximum - to->count;
    if (d->jam_move_after >= 0 && total + want > (uint32_t)d->jam_move_after) { want = (uint32_t)d->jam_move_after - total; jam = 1; }
    from->notes[id] -= want; from->count -= want; to->notes[id] += want; to->count += want;
    if (!replenish) rec->dispensed += want;
    moved[i] = want; total += want;
    if (want) c.mask |= (1u << idx[i]) | (1u << other);
  }
  d->jam_move_after = -1;
  sim_cim_changes_end(svc, &c);
  /* WFSCIMREPRES / WFSCIMDEPRES: same shape (two counts, then a NULL-terminated list of {number, note, count}). */
  cim_rep_res_t *res = sim_alloc_more(r, sizeof *res);
  res->ulNumberOfItemsRemoved = total;
  res->lppReplenishTargetResults = sim_alloc_more(r, sizeof(void *) * (l->n + 1));
  for (uint32_t i = 0; i < l->n; i++) {
    cim_rep_target_res_t *x = res->lppReplenishTargetResults[i] = sim_alloc_more(r, sizeof *x);
    x->usNumberTarget = l->m[i].number; x->usNoteID = d->units[idx[i]].note_id; x->ulNumberOfItemsReceived = moved[i];
  }
  if (jam) {
    sim_event(svc, EVC_EXECUTE, req, replenish ? CIM_EV_INCOMPLETEREPLENISH : CIM_EV_INCOMPLETEDEPLETE, sim_cim_fill_incomplete, res);
    return CIM_E_CASHUNITERROR;
  }
  r->lpBuffer = res;
  return 0;
}

static int32_t device_lock(sim_cim_state_t *d, const sim_input_t *in) {
  if (d->active) return CIM_E_CASHINACTIVE;
  if (in->w[0] == 1 || in->w[0] == 2) d->device_lock = (uint16_t)in->w[0];
  else if (in->w[0] != 6) return R_INVALID_DATA;    /* WFS_CIM_LOCK / UNLOCK / NOLOCKACTION */
  if (in->w[1] == 3 || in->w[1] == 4) for (int i = 0; i < d->nunits; i++) d->units[i].locked = in->w[1] == 3;
  else if (in->w[1] == 5) {
    for (uint32_t k = 0; k < in->nitems; k++) {
      int found = 0;
      for (int i = 0; i < d->nunits; i++)
        if (!strcmp(d->units[i].position, (const char *)in->items[k].data)) { d->units[i].locked = in->items[k].source == 1; found = 1; }
      if (!found) return CIM_E_INVALIDCASHUNIT;
    }
  } else if (in->w[1] != 6) return R_INVALID_DATA;
  return 0;
}

int32_t sim_cim_run_more(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  sim_cim_state_t *d = sim_cim_state(svc);
  const sim_input_t *in = &req->in;
  switch (req->code) {
  case CIM_CMD_SET_CASH_UNIT_INFO:
    if (d->active) return CIM_E_CASHINACTIVE;
    return set_units(svc, d, in);
  case CIM_CMD_START_EXCHANGE: {
    if (d->exchange) return CIM_E_EXCHANGEACTIVE;
    if (d->active) return CIM_E_CASHINACTIVE;
    if (in->w[0] != 0x0001) return R_UNSUPP_DATA;    /* only WFS_CIM_EXBYHAND */
    unsigned mask = 0;
    for (uint32_t i = 0; i < in->nvalues; i++) {
      int k = sim_cim_unit_index(d, in->values[i]);
      if (k < 0) return CIM_E_INVALIDCASHUNIT;
      mask |= 1u << k;
    }
    d->exchange = 1;
    r->lpBuffer = sim_cim_build_changed(r, req->version, d, mask);
    return 0;
  }
  case CIM_CMD_END_EXCHANGE: {
    if (!d->exchange) return CIM_E_NOEXCHANGEACTIVE;
    int32_t hr = in->present ? set_units(svc, d, in) : 0;
    if (!hr) d->exchange = 0;
    return hr;
  }
  case CIM_CMD_SET_TELLER_INFO: {
    uint16_t id = (uint16_t)in->w[1];
    if (in->w[0] == 1) { if (d->teller_exists && d->teller_id == id) return CIM_E_INVALIDTELLERID; d->teller_exists = 1; }
    else if (!d->teller_exists || d->teller_id != id) return CIM_E_INVALIDTELLERID;
    if (in->w[0] == 3) d->teller_exists = 0;
    d->teller_id = id; d->teller_in = (uint16_t)in->w[2]; d->teller_out = (uint16_t)in->w[3];
    if (in->w[0] != 2) { d->teller_received = 0; d->teller_dispensed = 0; }
    sim_event(svc, EVC_SERVICE, NULL, CIM_EV_TELLERINFOCHANGED, fill_teller, &id);
    return 0;
  }
  case CIM_CMD_CREATE_P6_SIGNATURE: return sim_cim_create_signature(svc, req, r);
  case CIM_CMD_SET_GUIDANCE_LIGHT: d->guid_lights[in->w[0]] = in->w[1]; return 0;
  case CIM_CMD_CONFIGURE_NOTE_READER: {
    d->load_always = (int32_t)in->w[0];
    cim_configure_note_reader_out_t *o = sim_alloc_more(r, sizeof *o);
    r->lpBuffer = o;     /* bRebootNecessary FALSE */
    return 0;
  }
  case CIM_CMD_COMPARE_P6_SIGNATURE: return sim_cim_compare(in, r);
  case CIM_CMD_POWER_SAVE_CONTROL: {
    d->power_save = (uint16_t)in->w[0];
    cim_power_save_change_t e = { d->power_save };
    sim_event(svc, EVC_SERVICE, NULL, CIM_EV_POWER_SAVE_CHANGE, sim_cim_fill_power_save, &e);
    return 0;
  }
  case CIM_CMD_REPLENISH: return move(svc, req, r, 1);
  case CIM_CMD_DEPLETE: return move(svc, req, r, 0);
  case CIM_CMD_SET_CASH_IN_LIMIT:
    if (d->active) return CIM_E_CASHINACTIVE;
    if (in->w[1] && memcmp(in->text, "EUR", 3)) return CIM_E_INVALIDCURRENCY;
    d->limit_items = in->w[0]; d->limit_amount = in->w[1];
    return 0;
  case CIM_CMD_CASH_UNIT_COUNT: {
    sim_cim_changes_t c;
    sim_cim_changes_begin(d, &c);
    for (uint32_t i = 0; i < in->nvalues; i++) {
      int k = sim_cim_unit_index(d, in->values[i]);
      if (k < 0) return CIM_E_INVALIDCASHUNIT;
      c.mask |= 1u << k;
    }
    if (!in->nvalues) c.mask = (1u << d->nunits) - 1;   /* no list: all units */
    /* The simulator's units hold what their counters say: the recount confirms them. */
    sim_event(svc, EVC_SERVICE, NULL, CIM_EV_COUNTS_CHANGED, sim_cim_fill_counts, &c.mask);
    return 0;
  }
  case CIM_CMD_DEVICE_LOCK_CONTROL: return device_lock(d, in);
  case CIM_CMD_SET_MODE: return in->w[0] == 0 ? 0 : R_UNSUPP_DATA;   /* no mixed media: only WFS_CIM_MIXEDMEDIANOTACTIVE */
  case CIM_CMD_PRESENT_MEDIA:
    if (in->w[0] != CIM_POSOUTCENTER) return CIM_E_UNSUPPOSITION;
    if (!d->noutput) return CIM_E_NOITEMS;
    d->shutter_out = CIM_SHTOPEN;
    sim_cim_position_event(svc, CIM_EV_ITEMSPRESENTED, CIM_POSOUTCENTER);
    return 0;
  case CIM_CMD_SET_BLACKLIST:
    memset(d->blacklist_version, 0, sizeof d->blacklist_version);
    for (int k = 0; k < 15; k++) d->blacklist_version[k] = (uint16_t)in->values[k];
    d->nblacklist = (int)in->nitems;
    for (uint32_t i = 0; i < in->nitems; i++) {
      memcpy(d->blacklist[i].serial, in->items[i].data, sizeof d->blacklist[i].serial);
      memcpy(d->blacklist[i].currency, &in->items[i].data[64], 3);
      d->blacklist[i].currency[3] = 0;
      memcpy(&d->blacklist[i].value, &in->items[i].data[68], 4);
    }
    return 0;
  case CIM_CMD_SYNCHRONIZE_COMMAND: return CIM_E_SYNCHRONIZEUNSUPP;
  default: return R_UNSUPP_COMMAND;
  }
}
