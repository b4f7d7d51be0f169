/* Simulated CDM, continued: the cash unit exchange (START_EXCHANGE / END_EXCHANGE),
 * SET_CASH_UNIT_INFO, TEST_CASH_UNITS, CALIBRATE_CASH_UNIT and the tellers (TELLER_INFO, SET_TELLER_INFO). While an exchange is active the commands that move notes
 * or change the units complete WFS_ERR_CDM_EXCHANGEACTIVE. All with g_lock held (sim_cdm.c). */
#include <stdio.h>
#include <string.h>
#include "sim.h"

enum { CMD_DENOMINATE = 301, CMD_DISPENSE, CMD_PRESENT, CMD_REJECT, CMD_RETRACT, CMD_OPEN_SHUTTER = 307, CMD_CLOSE_SHUTTER,
       CMD_SET_TELLER_INFO = 309, CMD_SET_CASH_UNIT_INFO = 310, CMD_START_EXCHANGE, CMD_END_EXCHANGE, CMD_CALIBRATE_CASH_UNIT = 315, CMD_TEST_CASH_UNITS = 322, CMD_COUNT = 323,
       CMD_PREPARE_DISPENSE = 326 };
enum { INF_TELLER_INFO = 304 };
enum { EV_CASHUNITINFOCHANGED = 304, EV_TELLERINFOCHANGED = 305, EV_ITEMSPRESENTED = 313, EV_SHUTTERSTATUSCHANGED = 323 };
enum { E_INVALIDCURRENCY = -300, E_INVALIDTELLERID = -301, E_UNSUPPOSITION = -308, E_INVALIDCASHUNIT = -315, E_EXCHANGEACTIVE = -317, E_NOEXCHANGEACTIVE = -318,
       E_CASHUNITERROR = -302, E_NOTRETRACTAREA = -330, E_ITEMSNOTTAKEN = -335 };
enum { POS_CENTER = 0x0004, EXBYHAND = 0x0001, RA_RETRACT = 0x0001, RA_REJECT = 0x0008,
       STAT_EMPTY = 4, STAT_INOP = 5 };

#define MAX_UNITS ((int)(SIM_MAX_BYTES / sizeof(sim_cdm_unit_t)) < 8 ? (int)(SIM_MAX_BYTES / sizeof(sim_cdm_unit_t)) : 8)

/* WFSCDMCUINFO of SET_CASH_UNIT_INFO / END_EXCHANGE, copied unit by unit into in->bytes. */
static int parse_units(uint16_t v, const cdm_cu_info_t *ci, sim_input_t *in) {
  if (!ci) return R_INVALID_POINTER;
  if (ci->usCount > MAX_UNITS) return E_INVALIDCASHUNIT;
  if (ci->usCount && !ci->lppList) return R_INVALID_POINTER;
  sim_cdm_unit_t *out = (sim_cdm_unit_t *)in->bytes;
  for (int i = 0; i < ci->usCount; i++) {
    const cdm_cashunit_v320_t *c = ci->lppList[i];
    if (!c) return R_INVALID_POINTER;
    sim_cdm_unit_t *u = &out[i];
    memset(u, 0, sizeof *u);
    u->number = c->usNumber; u->type = c->usType;
    snprintf(u->name, sizeof u->name, "%s", c->lpszCashUnitName ? c->lpszCashUnitName : "");
    memcpy(u->unit_id, c->cUnitID, 5);
    memcpy(u->currency, c->cCurrencyID, 3);
    u->value = c->ulValues; u->initial = c->ulInitialCount; u->count = c->ulCount; u->reject = c->ulRejectCount;
    u->minimum = c->ulMinimum; u->maximum = c->ulMaximum; u->app_lock = c->bAppLock != 0; u->status = c->usStatus;
    if (sim_vnum(v) >= 320) { u->dispensed = c->ulDispensedCount; u->presented = c->ulPresentedCount; u->retracted = c->ulRetractedCount; }
  }
  in->nitems = ci->usCount;
  in->nbytes = (uint32_t)(sizeof(sim_cdm_unit_t) * ci->usCount);
  return 0;
}

int sim_cdm_more_parse(uint16_t v, uint32_t cmd, const void *data, sim_input_t *in) {
  switch (cmd) {
  case CMD_SET_CASH_UNIT_INFO: return parse_units(v, data, in);
  case CMD_END_EXCHANGE:
    in->w[0] = data != NULL;
    return data ? parse_units(v, data, in) : 0;
  case CMD_START_EXCHANGE: {
    if (!data) return R_INVALID_POINTER;
    const cdm_start_ex_t *x = data;
    in->w[0] = x->fwExchangeType; in->w[1] = x->usTellerID;
    if (x->usCount > SIM_MAX_ITEMS) return E_INVALIDCASHUNIT;
    if (x->usCount && !x->lpusCUNumList) return R_INVALID_POINTER;
    in->nvalues = x->usCount;
    for (int i = 0; i < x->usCount; i++) in->values[i] = x->lpusCUNumList[i];
    return 0;
  }
  case CMD_SET_TELLER_INFO: {
    if (!data) return R_INVALID_POINTER;
    const cdm_teller_update_t *u = data;
    if (!u->lpTellerDetails) return R_INVALID_POINTER;
    const cdm_teller_details_t *t = u->lpTellerDetails;
    in->w[0] = u->usAction; in->w[1] = t->usTellerID; in->w[2] = t->ulInputPosition; in->w[3] = t->fwOutputPosition;
    in->nvalues = 0;
    for (int i = 0; t->lppTellerTotals && t->lppTellerTotals[i]; i++) {
      const cdm_teller_totals_t *x = t->lppTellerTotals[i];
      if (memcmp(x->cCurrencyID, "EUR", 3)) return E_INVALIDCURRENCY;   /* the simulator counts EUR only */
      const uint32_t n[6] = { x->ulItemsReceived, x->ulItemsDispensed, x->ulCoinsReceived, x->ulCoinsDispensed, x->ulCashBoxReceived, x->ulCashBoxDispensed };
      memcpy(in->values, n, sizeof n);
      in->nvalues = 6;
    }
    return 0;
  }
  case CMD_CALIBRATE_CASH_UNIT: {
    if (!data) return R_INVALID_POINTER;
    const cdm_calibrate_t *c = data;
    const cdm_itemposition_t *p = c->lpPosition ? *c->lpPosition : NULL;
    in->w[4] = c->usNumber; in->w[5] = c->usNumOfBills;
    in->w[0] = p != NULL;
    if (p) {
      in->w[1] = p->usNumber;
      in->w[2] = p->lpRetractArea ? p->lpRetractArea->usRetractArea : 0;
      in->w[3] = p->fwOutputPosition;
    }
    return 0;
  }
  case CMD_TEST_CASH_UNITS: {
    in->w[0] = data != NULL;
    if (!data) return 0;
    const cdm_itemposition_t *p = data;
    in->w[1] = p->usNumber;
    in->w[2] = p->lpRetractArea ? p->lpRetractArea->usRetractArea : 0;
    in->w[3] = p->fwOutputPosition;
    return 0;
  }
  default:
    return R_UNSUPP_COMMAND;
  }
}

static void *build_cu_info(wfs_result_t *r, uint16_t v, const sim_cdm_state_t *d, uint16_t mask) {
  cdm_cu_info_t *ci = sim_alloc_more(r, sizeof *ci);
  int n = 0;
  ci->lppList = sim_alloc_more(r, sizeof(void *) * (size_t)(d->nunits + 1));
  for (int i = 0; i < d->nunits; i++) if (mask & (1u << i)) ci->lppList[n++] = sim_cdm_build_unit(r, v, &d->units[i]);
  ci->usCount = (uint16_t)n;
  return ci;
}

/* The fields an application sets: name, ids, denomination, counts, limits, the lock and the status.
 * The type and the physical units are the hardware's. */
static int32_t apply_units(sim_service_t *svc, sim_cdm_state_t *d, const sim_input_t *in, uint16_t v) {
  const sim_cdm_unit_t *given = (const sim_cdm_unit_t *)in->bytes;
  for (uint32_t k = 0; k < in->nitems; k++) {
    if (given[k].number < 1 || given[k].number > d->nunits) return E_INVALIDCASHUNIT;
    if (given[k].type != d->units[given[k].number - 1].type) return R_INVALID_DATA;
  }
  for (uint32_t k = 0; k < in->nitems; k++) {
    const sim_cdm_unit_t *g = &given[k];
    sim_cdm_unit_t *u = &d->units[g->number - 1];
    memcpy(u->name, g->name, sizeof u->name);
    memcpy(u->unit_id, g->unit_id, 5);
    memcpy(u->currency, g->currency, 3);
    u->value = g->value; u->initial = g->initial; u->count = g->count; u->reject = g->reject;
    u->minimum = g->minimum; u->maximum = g->maximum; u->app_lock = g->app_lock;
    u->status = g->status;
    if (SIM_CDM_DISPENSING(u->type) && u->status == STAT_EMPTY && u->count) u->status = 0;   /* refilled */
    if (SIM_CDM_DISPENSING(u->type) && !u->count) u->status = STAT_EMPTY;
    if (sim_vnum(v) >= 320) { u->dispensed = g->dispensed; u->presented = g->presented; u->retracted = g->retracted; }
    sim_event(svc, EVC_SERVICE, NULL, EV_CASHUNITINFOCHANGED, sim_cdm_fill_unit, u);
  }
  return 0;
}

static void fill_shutter(wfs_result_t *r, uint16_t v, const void *ctx) {
  (void)v;
  cdm_shutter_status_changed_t *e = sim_alloc_more(r, sizeof *e);
  e->fwPosition = POS_CENTER;
  e->fwShutter = (uint16_t)*(const int *)ctx;
  r->lpBuffer = e;
}

void sim_cdm_set_shutter(sim_service_t *svc, int shutter) {
  sim_cdm_state_t *d = &svc->dev.cdm;
  if (d->shutter == shutter) return;
  d->shutter = shutter;
  sim_event_since(svc, EVC_SERVICE, NULL, EV_SHUTTERSTATUSCHANGED, fill_shutter, &shutter, 330);
}

static int total(const uint32_t *a, int n) { int t = 0; for (int i = 0; i < n; i++) t += (int)a[i]; return t; }

/* One note from every bill unit that has one: to the reject unit (the default, the reject or retract
 * area, or unit 1 named), or to the output position. */
static int32_t test_units(sim_service_t *svc, sim_cdm_state_t *d, sim_request_t *req, wfs_result_t *r) {
  const sim_input_t *in = &req->in;
  int to_output = 0;
  if (in->w[0]) {
    if (in->w[1] && in->w[1] != 1) return E_INVALIDCASHUNIT;       /* only the reject unit takes test notes */
    if (in->w[2] && in->w[2] != RA_RETRACT && in->w[2] != RA_REJECT) return E_NOTRETRACTAREA;
    if (in->w[3] && in->w[3] != POS_CENTER) return E_UNSUPPOSITION;
    to_output = !in->w[1] && !in->w[2] && in->w[3] == POS_CENTER;
  }
  if (to_output && total(d->at_output, d->nunits)) return E_ITEMSNOTTAKEN;
  int moved = 0;
  for (int i = 0; i < d->nunits; i++) {
    sim_cdm_unit_t *u = &d->units[i];
    if (!SIM_CDM_DISPENSING(u->type) || u->status == STAT_INOP) continue;
    if (!u->count) { u->status = STAT_EMPTY; continue; }
    u->count--; u->dispensed++; moved++;
    if (to_output) { d->at_output[i]++; u->presented++; }
    else { u->reject++; d->units[0].count++; }
    if (!u->count) u->status = STAT_EMPTY;
    sim_event(svc, EVC_SERVICE, NULL, EV_CASHUNITINFOCHANGED, sim_cdm_fill_unit, u);
  }
  if (!moved) return E_CASHUNITERROR;
  if (to_output) {
    sim_cdm_set_shutter(svc, 1);
    d->present_state = 1;
    sim_event(svc, EVC_SERVICE, NULL, EV_ITEMSPRESENTED, NULL, NULL);
  } else {
    sim_event(svc, EVC_SERVICE, NULL, EV_CASHUNITINFOCHANGED, sim_cdm_fill_unit, &d->units[0]);
  }
  r->lpBuffer = build_cu_info(r, req->version, d, 0xff);
  return 0;
}

static int find_teller(const sim_cdm_state_t *d, uint32_t id) {
  for (int i = 0; i < d->ntellers; i++) if (d->tellers[i].id == id) return i;
  return -1;
}

static void fill_teller_id(wfs_result_t *r, uint16_t v, const void *ctx) {
  (void)v;
  uint16_t *id = sim_alloc_more(r, sizeof *id);
  *id = *(const uint16_t *)ctx;
  r->lpBuffer = id;
}

/* CREATE 1 / MODIFY 2 / DELETE 3 of one teller; the dispenser has no input position and one output. */
static int32_t set_teller(sim_service_t *svc, sim_cdm_state_t *d, const sim_input_t *in) {
  int t = find_teller(d, in->w[1]);
  uint16_t id = (uint16_t)in->w[1];
  switch (in->w[0]) {
  case 1:
    if (t >= 0 || d->ntellers >= 4) return E_INVALIDTELLERID;
    t = d->ntellers++;
    memset(&d->tellers[t], 0, sizeof d->tellers[t]);
    d->tellers[t].id = id;
    break;
  case 2: if (t < 0) return E_INVALIDTELLERID; break;
  case 3:
    if (t < 0) return E_INVALIDTELLERID;
    d->tellers[t] = d->tellers[--d->ntellers];
    sim_event(svc, EVC_SERVICE, NULL, EV_TELLERINFOCHANGED, fill_teller_id, &id);
    return 0;
  default: return R_INVALID_DATA;
  }
  if (in->w[2]) { if (in->w[0] == 1) d->ntellers--; return E_UNSUPPOSITION; }
  if (in->w[3] && in->w[3] != POS_CENTER) { if (in->w[0] == 1) d->ntellers--; return E_UNSUPPOSITION; }
  d->tellers[t].in = in->w[2];
  d->tellers[t].out = (uint16_t)in->w[3];
  if (in->nvalues == 6) memcpy(d->tellers[t].totals, in->values, sizeof d->tellers[t].totals);
  sim_event(svc, EVC_SERVICE, NULL, EV_TELLERINFOCHANGED, fill_teller_id, &id);
  return 0;
}

int sim_cdm_more_parse_info(uint16_t v, uint32_t cat, const void *data, sim_input_t *in) {
  (void)v;
  if (cat != INF_TELLER_INFO) return R_UNSUPP_CATEGORY;
  in->present = data != NULL;
  if (data) {
    const cdm_teller_info_t *q = data;
    in->w[0] = q->usTellerID;
    memcpy(in->text, q->cCurrencyID, 3);
    in->text[3] = 0;
  }
  return 0;
}

/* TELLER_INFO: one teller (or all without a query), its EUR totals unless another currency is asked. */
int32_t sim_cdm_more_info(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  sim_cdm_state_t *d = &svc->dev.cdm;
  const sim_input_t *in = &req->in;
  if (req->code != INF_TELLER_INFO) return R_UNSUPP_CATEGORY;
  if (in->present && find_teller(d, in->w[0]) < 0) return E_INVALIDTELLERID;
  int any_currency = !in->present || !strcmp(in->text, "   ") || !in->text[0];
  if (!any_currency && strcmp(in->text, "EUR")) return E_INVALIDCURRENCY;
  cdm_teller_details_t **list = sim_alloc_more(r, sizeof(void *) * (size_t)(d->ntellers + 1));
  int n = 0;
  for (int i = 0; i < d->ntellers; i++) {
    if (in->present && d->tellers[i].id != in->w[0]) continue;
    cdm_teller_details_t *t = list[n++] = sim_alloc_more(r, sizeof *t);
    t->usTellerID = d->tellers[i].id; t->ulInputPosition = d->tellers[i].in; t->fwOutputPosition = d->tellers[i].out;
    t->lppTellerTotals = sim_alloc_more(r, 2 * sizeof(void *));
    cdm_teller_totals_t *x = t->lppTellerTotals[0] = sim_alloc_more(r, sizeof *x);
    memcpy(x->cCurrencyID, "EUR", 3);
    const uint32_t *k = d->tellers[i].totals;
    x->ulItemsReceived = k[0]; x->ulItemsDispensed = k[1]; x->ulCoinsReceived = k[2];
    x->ulCoinsDispensed = k[3]; x->ulCashBoxReceived = k[4]; x->ulCashBoxDispensed = k[5];
  }
  r->lpBuffer = list;
  return 0;
}

/* CALIBRATE_CASH_UNIT: usNumOfBills from the unit into the reject unit (the only target the simulated
 * dispenser offers: none given, unit 1, or the reject/retract area); reports where they went. */
static int32_t calibrate(sim_service_t *svc, sim_cdm_state_t *d, const sim_input_t *in, wfs_result_t *r) {
  if (in->w[4] < 1 || in->w[4] > (uint32_t)d->nunits || !SIM_CDM_DISPENSING(d->units[in->w[4] - 1].type)) return E_INVALIDCASHUNIT;
  if (in->w[0]) {
    if (in->w[1] && in->w[1] != 1) return E_INVALIDCASHUNIT;
    if (in->w[2] && in->w[2] != RA_RETRACT && in->w[2] != RA_REJECT) return E_NOTRETRACTAREA;
    if (in->w[3]) return E_UNSUPPOSITION;
  }
  sim_cdm_unit_t *u = &d->units[in->w[4] - 1];
  if (u->status == STAT_INOP) return E_CASHUNITERROR;
  uint32_t n = in->w[5] < u->count ? in->w[5] : u->count;
  u->count -= n; u->dispensed += n; u->reject += n;
  d->units[0].count += n;
  if (!u->count) u->status = STAT_EMPTY;
  sim_event(svc, EVC_SERVICE, NULL, EV_CASHUNITINFOCHANGED, sim_cdm_fill_unit, u);
  sim_event(svc, EVC_SERVICE, NULL, EV_CASHUNITINFOCHANGED, sim_cdm_fill_unit, &d->units[0]);
  cdm_calibrate_t *c = sim_alloc_more(r, sizeof *c);
  c->usNumber = u->number;
  c->usNumOfBills = (uint16_t)n;
  c->lpPosition = sim_alloc_more(r, 2 * sizeof(void *));
  cdm_itemposition_t *p = c->lpPosition[0] = sim_alloc_more(r, sizeof *p);
  p->usNumber = 1;   /* the reject unit */
  r->lpBuffer = c;
  return 0;
}

int32_t sim_cdm_more_run(sim_service_t *svc, sim_request_t *req, wfs_result_t *r, int *handled) {
  sim_cdm_state_t *d = &svc->dev.cdm;
  *handled = 1;
  switch (req->code) {
  case CMD_DENOMINATE: case CMD_DISPENSE: case CMD_PRESENT: case CMD_REJECT: case CMD_RETRACT: case CMD_OPEN_SHUTTER:
  case CMD_CLOSE_SHUTTER: case CMD_COUNT: case CMD_PREPARE_DISPENSE:
    if (d->exchange_active) return E_EXCHANGEACTIVE;
    *handled = 0;
    return 0;
  case CMD_SET_CASH_UNIT_INFO:
    if (d->exchange_active) return E_EXCHANGEACTIVE;
    return apply_units(svc, d, &req->in, req->version);
  case CMD_START_EXCHANGE: {
    if (d->exchange_active) return E_EXCHANGEACTIVE;
    if (req->in.w[0] != EXBYHAND) return R_UNSUPP_DATA;          /* WFSCDMCAPS.fwExchangeType: by hand only */
    if (!req->in.nvalues) return E_INVALIDCASHUNIT;
    uint16_t mask = 0;
    for (uint32_t i = 0; i < req->in.nvalues; i++) {
      if (req->in.values[i] < 1 || req->in.values[i] > (uint32_t)d->nunits) return E_INVALIDCASHUNIT;
      mask |= (uint16_t)(1u << (req->in.values[i] - 1));
    }
    d->exchange_active = 1;
    d->exchange_units = mask;
    r->lpBuffer = build_cu_info(r, req->version, d, mask);
    return 0;
  }
  case CMD_END_EXCHANGE: {
    if (!d->exchange_active) return E_NOEXCHANGEACTIVE;
    if (req->in.w[0]) {
      int32_t hr = apply_units(svc, d, &req->in, req->version);
      if (hr) return hr;
    }
    d->exchange_active = 0;
    d->exchange_units = 0;
    return 0;
  }
  case CMD_TEST_CASH_UNITS:
    if (d->exchange_active) return E_EXCHANGEACTIVE;
    return test_units(svc, d, req, r);
  case CMD_CALIBRATE_CASH_UNIT:
    if (d->exchange_active) return E_EXCHANGEACTIVE;
    return calibrate(svc, d, &req->in, r);
  case CMD_SET_TELLER_INFO:
    if (d->exchange_active) return E_EXCHANGEACTIVE;
    return set_teller(svc, d, &req->in);
  default:
    *handled = 0;
    return 0;
  }
}
