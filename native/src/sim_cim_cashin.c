/* The cash-in transaction of the simulated CIM: CASH_IN reads a bunch from the input position into
 * the escrow, CASH_IN_END stores the escrow in the cash units, CASH_IN_ROLLBACK gives it back. */
#include <stdio.h>
#include <string.h>
#include "sim_cim.h"

typedef struct { int level; uint32_t per_id[CIM_NOTE_TYPES + 1]; } p6_ctx_t;

static void fill_nnl(wfs_result_t *r, uint16_t v, const void *ctx) {
  (void)v;
  r->lpBuffer = sim_cim_build_nnl(r, ctx);
}

/* INPUT_P6: NULL-terminated LPWFSCIMP6INFO array, one per level (2 counterfeit, 3 suspect) found. */
static void fill_p6(wfs_result_t *r, uint16_t v, const void *ctx) {
  (void)v;
  const p6_ctx_t *p = ctx;
  cim_p6_info_t **list = sim_alloc_more(r, 3 * sizeof(void *));
  int n = 0;
  for (int k = 0; k < 2; k++) {
    uint32_t total = 0;
    for (int id = 0; id <= CIM_NOTE_TYPES; id++) total += p[k].per_id[id];
    if (!total) continue;
    cim_p6_info_t *x = list[n++] = sim_alloc_more(r, sizeof *x);
    x->usLevel = (uint16_t)p[k].level;
    x->lpNoteNumberList = sim_cim_build_nnl(r, p[k].per_id);
    x->usNumOfSignatures = (uint16_t)total;
  }
  r->lpBuffer = list;
}

/* INFO_AVAILABLE: NULL-terminated LPWFSCIMITEMINFOSUMMARY array (levels whose serial numbers were read). */
static void fill_summary(wfs_result_t *r, uint16_t v, const void *ctx) {
  (void)v;
  const uint32_t *per_level = ctx;   /* [5]: items by level */
  cim_item_info_summary_t **list = sim_alloc_more(r, 4 * sizeof(void *));
  int n = 0;
  for (int level = 2; level <= 4; level++) {
    if (!per_level[level]) continue;
    cim_item_info_summary_t *x = list[n++] = sim_alloc_more(r, sizeof *x);
    x->usLevel = (uint16_t)level;
    x->usNumOfItems = (uint16_t)per_level[level];
  }
  r->lpBuffer = list;
}

static int level_of(const sim_cim_item_t *it) {
  return it->kind == CIM_K_FIT || it->kind == CIM_K_UNFIT ? 4 : it->kind;
}

/* Level 4 notes in the escrow by note id: the completion of CASH_IN. */
static void escrow_level4(const sim_cim_state_t *d, uint32_t *per_id) {
  memset(per_id, 0, sizeof(uint32_t) * (CIM_NOTE_TYPES + 1));
  for (uint32_t k = 0; k < d->nescrow; k++) if (level_of(&d->escrow[k]) == 4) per_id[d->escrow[k].note_id]++;
}

static void record(sim_cim_state_t *d, const sim_cim_item_t *it, uint16_t location) {
  if (d->ntxn >= CIM_MAX_TXN) return;
  sim_cim_txn_item_t *t = &d->txn[d->ntxn++];
  t->item = *it; t->location = location; t->unit = 0;
}

int32_t sim_cim_cash_in(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  sim_cim_state_t *d = sim_cim_state(svc);
  uint16_t v = req->version;
  if (!d->active) return CIM_E_NOCASHINACTIVE;
  if (d->exchange) return CIM_E_EXCHANGEACTIVE;
  if (d->jammed) return R_HARDWARE_ERROR;
  if (d->note_error_next) {
    uint16_t reason = d->note_error_next;
    d->note_error_next = 0;
    sim_event(svc, EVC_EXECUTE, req, CIM_EV_NOTEERROR, sim_cim_fill_word, &reason);
  }
  if (!d->ninput) {
    d->shutter_in = CIM_SHTOPEN;                 /* the device opens its shutter for the customer */
    d->input_ready = 0;
    if (CIM_V320(v)) sim_event(svc, EVC_EXECUTE, req, CIM_EV_INSERTITEMS, NULL, NULL);
    sim_cim_save(svc);
    int32_t hr = sim_wait(svc, req, &d->input_ready, 0);
    if (hr) { d->shutter_in = CIM_SHTCLOSED; return hr; }
  }
  d->input_ready = 0;
  d->shutter_in = CIM_SHTCLOSED;
  /* The device draws in at most wMaxCashInItems; the rest of the bunch is refused too. */
  uint32_t taken = d->ninput;
  sim_cim_item_t bunch[CIM_MAX_BUNCH];
  memcpy(bunch, d->input, taken * sizeof bunch[0]);
  d->ninput = 0;
  uint32_t refused_by[12] = { 0 };
  uint32_t part[CIM_NOTE_TYPES + 1] = { 0 }, per_level[5] = { 0 };
  p6_ctx_t p6[2] = { { 2, { 0 } }, { 3, { 0 } } };
  uint32_t in_part = 0, moved = 0, total_items = 0, amount = 0;
  for (uint32_t k = 0; k < d->nescrow; k++) amount += sim_cim_note_value(d->escrow[k].note_id);
  total_items = d->nescrow;
  int jammed = 0;
  for (uint32_t k = 0; k < taken; k++) {
    const sim_cim_item_t *it = &bunch[k];
    if (d->jam_after >= 0 && moved == (uint32_t)d->jam_after) {
      /* The transport jams: what was not drawn in stays at the input position. */
      memcpy(d->input, &bunch[k], (taken - k) * sizeof bunch[0]);
      d->ninput = taken - k;
      d->input_ready = 1;
      jammed = 1;
      break;
    }
    int reason = 0;
    uint32_t value = sim_cim_note_value(it->note_id);
    if (k >= CIM_MAX_CASH_IN_ITEMS) reason = 8;                 /* WFS_CIM_INVALIDBUNCH: beyond wMaxCashInItems */
    else if (it->kind == CIM_K_UNKNOWN || !it->note_id || it->note_id > CIM_NOTE_TYPES || !d->configured[it->note_id]) reason = CIM_R_INVALIDBILL;
    else if (d->nescrow >= CIM_ESCROW_MAX) reason = CIM_R_STACKERFULL;
    else if (d->limit_items && total_items + 1 > d->limit_items) reason = CIM_R_LIMITOVERTOTALITEMS;
    else if (d->limit_amount && amount + value > d->limit_amount) reason = CIM_R_LIMITOVERAMOUNT;
    if (reason) {
      refused_by[reason]++;
      d->refused++;
      if (d->noutput < CIM_MAX_BUNCH) d->output[d->noutput++] = *it;
      record(d, it, CIM_LOC_CUSTOMER);
      continue;
    }
    d->escrow[d->nescrow++] = *it;
    record(d, it, CIM_LOC_DEVICE);
    moved++; total_items++; amount += value;
    int level = level_of(it);
    per_level[level]++;
    if (level == 4) { part[it->note_id]++; d->accepted[it->note_id]++; }
    else p6[level == 2 ? 0 : 1].per_id[it->note_id]++;
    if (++in_part == CIM_SUB_CASH_IN && k + 1 < taken) {
      sim_event(svc, EVC_EXECUTE, req, CIM_EV_SUBCASHIN, fill_nnl, part);
      memset(part, 0, sizeof part);
      in_part = 0;
    }
  }
  if (d->jam_after >= 0) d->jam_after = -1;
  for (uint16_t reason = 1; reason < 12; reason++)
    if (refused_by[reason]) sim_event(svc, EVC_EXECUTE, req, CIM_EV_INPUTREFUSE, sim_cim_fill_word, &reason);
  if (per_level[2] || per_level[3]) sim_event(svc, EVC_EXECUTE, req, CIM_EV_INPUT_P6, fill_p6, p6);
  if (CIM_V320(v) && (per_level[2] || per_level[3] || per_level[4])) sim_event(svc, EVC_EXECUTE, req, CIM_EV_INFO_AVAILABLE, fill_summary, per_level);
  if (d->noutput && (refused_by[2] || refused_by[6] || refused_by[8] || refused_by[10] || refused_by[11])) {
    d->shutter_out = CIM_SHTOPEN;
    sim_cim_position_event(svc, CIM_EV_ITEMSPRESENTED, CIM_POSOUTCENTER);
  }
  if (jammed) { d->jammed = 1; return R_HARDWARE_ERROR; }
  uint32_t per_id[CIM_NOTE_TYPES + 1];
  escrow_level4(d, per_id);
  r->lpBuffer = sim_cim_build_nnl(r, per_id);
  return 0;
}

typedef struct { uint16_t failure; const sim_cim_unit_t *u; } cu_error_ctx_t;
static void fill_cu_error(wfs_result_t *r, uint16_t v, const void *ctx) {
  const cu_error_ctx_t *c = ctx;
  cim_cu_error_t *e = sim_alloc_more(r, sizeof *e);
  e->wFailure = c->failure;
  e->lpCashUnit = sim_cim_build_unit(r, v, c->u);
  r->lpBuffer = e;
}

/* The unit a note from the escrow goes to: its recycler (fit notes, recycling allowed, room) or the cash-in unit. */
static int target_of(const sim_cim_state_t *d, const sim_cim_item_t *it) {
  if (it->kind == CIM_K_FIT && d->use_recycle) {
    for (int i = 0; i < d->nunits; i++) {
      const sim_cim_unit_t *u = &d->units[i];
      if (u->type == CIM_TYPERECYCLING && u->note_id == it->note_id && !u->inop && !u->locked && u->count < u->maximum) return i;
    }
  }
  for (int i = 0; i < d->nunits; i++) if (d->units[i].type == CIM_TYPECASHIN) return i;
  return -1;
}

int32_t sim_cim_cash_in_end(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  sim_cim_state_t *d = sim_cim_state(svc);
  if (!d->active) return CIM_E_NOCASHINACTIVE;
  if (d->jammed) return R_HARDWARE_ERROR;
  if (!d->nescrow) return CIM_E_NOITEMS;
  sim_cim_changes_t c;
  sim_cim_changes_begin(d, &c);
  uint32_t k = 0;
  int32_t hr = 0;
  int failed = -1;
  for (; k < d->nescrow; k++) {
    int t = target_of(d, &d->escrow[k]);
    if (t < 0 || (d->jam_end_after >= 0 && k == (uint32_t)d->jam_end_after)
        || (d->units[t].maximum && d->units[t].count >= d->units[t].maximum)) {
      failed = t < 0 ? 1 : t;
      hr = CIM_E_CASHUNITERROR;
      break;
    }
    sim_cim_store(d, t, &d->escrow[k], &c, 0);
    /* WFSCIMTELLERTOTALS.ulItemsReceived is an amount (in the currency's units), not a note count. */
    d->teller_received += sim_cim_note_value(d->escrow[k].note_id);
  }
  d->jam_end_after = -1;
  memmove(d->escrow, &d->escrow[k], (d->nescrow - k) * sizeof d->escrow[0]);   /* the rest stays in the escrow */
  d->nescrow -= k;
  sim_cim_changes_end(svc, &c);
  if (hr) {
    cu_error_ctx_t e = { 2, &d->units[failed] };                                 /* WFS_CIM_CASHUNITERROR */
    sim_event(svc, EVC_EXECUTE, req, CIM_EV_CASHUNITERROR, fill_cu_error, &e);
    return hr;
  }
  d->active = 0;
  d->ci_status = CIM_CIOK;
  r->lpBuffer = sim_cim_build_changed(r, req->version, d, c.mask);
  return 0;
}

/* Genuine and suspect notes back to the output position; counterfeit ones retained in the cash-in unit. */
int32_t sim_cim_rollback(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  sim_cim_state_t *d = sim_cim_state(svc);
  if (!d->active) return CIM_E_NOCASHINACTIVE;
  if (d->jammed) return R_HARDWARE_ERROR;
  sim_cim_changes_t c;
  sim_cim_changes_begin(d, &c);
  int cashin = -1, back = 0;
  for (int i = 0; i < d->nunits; i++) if (d->units[i].type == CIM_TYPECASHIN) cashin = i;
  for (uint32_t k = 0; k < d->nescrow; k++) {
    const sim_cim_item_t *it = &d->escrow[k];
    if (it->kind == CIM_K_COUNTERFEIT && cashin >= 0) { sim_cim_store(d, cashin, it, &c, 0); continue; }
    if (d->noutput < CIM_MAX_BUNCH) d->output[d->noutput++] = *it;
    for (uint32_t t = d->ntxn; t-- > 0;)
      if (d->txn[t].item.serial == it->serial && d->txn[t].location == CIM_LOC_DEVICE) { d->txn[t].location = CIM_LOC_CUSTOMER; break; }
    back++;
  }
  d->nescrow = 0;
  d->active = 0;
  d->ci_status = CIM_CIROLLBACK;
  sim_cim_changes_end(svc, &c);
  if (back) {
    d->shutter_out = CIM_SHTOPEN;
    sim_cim_position_event(svc, CIM_EV_ITEMSPRESENTED, CIM_POSOUTCENTER);
  }
  r->lpBuffer = sim_cim_build_changed(r, req->version, d, c.mask);
  return 0;
}
