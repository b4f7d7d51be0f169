/* The simulated CIM's notes of the current or last transaction (P6 signatures, item information,
 * where each went) and its other queries: teller info, replenish/deplete units, locks, cash unit
 * capabilities, blacklist. A note's signature is deterministic: "P6:<note id>:<serial number>". */
#include <stdio.h>
#include <string.h>
#include "sim_cim.h"

static int level_of(const sim_cim_item_t *it) { return it->kind == CIM_K_FIT || it->kind == CIM_K_UNFIT ? 4 : it->kind; }

static cim_p6_signature_t *signature(wfs_result_t *r, const sim_cim_item_t *it) {
  char serial[32], text[48];
  sim_cim_serial(serial, sizeof serial, it);
  int n = snprintf(text, sizeof text, "P6:%u:%s", (unsigned)it->note_id, serial);
  cim_p6_signature_t *s = sim_alloc_more(r, sizeof *s);
  s->usNoteId = it->note_id;
  s->ulLength = (uint32_t)n;
  s->dwOrientation = 1;        /* WFS_CIM_ORFRONTTOP */
  s->lpSignature = sim_memdup_more(r, text, (size_t)n);
  return s;
}

/* The index-th note (0-based) of a level in the transaction, or NULL. */
static const sim_cim_txn_item_t *nth(const sim_cim_state_t *d, uint32_t level, uint32_t index) {
  for (uint32_t k = 0; k < d->ntxn; k++) if ((uint32_t)level_of(&d->txn[k].item) == level && index-- == 0) return &d->txn[k];
  return NULL;
}

/* CREATE_P6_SIGNATURE: the customer lays one note at the input; its signature is read and the note
 * given back at the output position. */
int32_t sim_cim_create_signature(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  sim_cim_state_t *d = sim_cim_state(svc);
  if (d->active) return CIM_E_CASHINACTIVE;
  if (d->jammed) return R_HARDWARE_ERROR;
  if (!d->ninput) {
    d->shutter_in = CIM_SHTOPEN;
    d->input_ready = 0;
    if (CIM_V320(req->version)) sim_event(svc, EVC_EXECUTE, req, CIM_EV_INSERTITEMS, NULL, NULL);
    int32_t hr = sim_wait(svc, req, &d->input_ready, 0);
    if (hr) { d->shutter_in = CIM_SHTCLOSED; return hr; }
  }
  d->shutter_in = CIM_SHTCLOSED;
  sim_cim_item_t it = d->input[0];
  memmove(d->input, &d->input[1], (d->ninput - 1) * sizeof d->input[0]);
  d->input_ready = --d->ninput > 0;
  if (d->noutput < CIM_MAX_BUNCH) d->output[d->noutput++] = it;
  d->shutter_out = CIM_SHTOPEN;
  sim_cim_position_event(svc, CIM_EV_ITEMSPRESENTED, CIM_POSOUTCENTER);
  if (it.kind == CIM_K_UNKNOWN) return R_INVALID_DATA;   /* no note the reader knows: no signature */
  r->lpBuffer = signature(r, &it);
  return 0;
}

/* COMPARE_P6_SIGNATURE: every signature equal to a reference, confidence 100. */
int32_t sim_cim_compare(const sim_input_t *in, wfs_result_t *r) {
  if (!in->w[1]) return CIM_E_INVALIDREFSIG;
  if (!in->w[0]) return CIM_E_INVALIDTRNSIG;
  cim_p6_compare_result_t *res = sim_alloc_more(r, sizeof *res);
  res->lppP6SignaturesIndex = sim_alloc_more(r, sizeof(void *) * (SIM_MAX_ITEMS + 1));
  uint16_t index = 0;
  for (uint32_t k = 0; k < in->nitems; k++) {
    if (in->items[k].source) continue;
    for (uint32_t j = 0; j < in->nitems; j++) {
      if (!in->items[j].source || in->items[j].len != in->items[k].len || memcmp(in->items[j].data, in->items[k].data, in->items[k].len)) continue;
      cim_p6_signatures_index_t *x = res->lppP6SignaturesIndex[res->usCount++] = sim_alloc_more(r, sizeof *x);
      x->usIndex = index; x->usConfidenceLevel = 100;
      break;
    }
    index++;
  }
  r->lpBuffer = res;
  return 0;
}

static void *unit_list(wfs_result_t *r, const sim_cim_state_t *d, uint16_t number) {
  int k = sim_cim_unit_index(d, number);
  if (k < 0 || d->units[k].type != CIM_TYPECASHIN) return NULL;
  cim_rep_info_res_t *res = sim_alloc_more(r, sizeof *res);   /* WFSCIMDEPINFORES has the same shape */
  res->lppReplenishTargets = sim_alloc_more(r, sizeof(void *) * (CIM_MAX_UNITS + 1));
  int n = 0;
  for (int i = 0; i < d->nunits; i++) {
    if (d->units[i].type != CIM_TYPERECYCLING) continue;
    cim_rep_info_target_t *t = res->lppReplenishTargets[n++] = sim_alloc_more(r, sizeof *t);
    t->usNumberTarget = d->units[i].number;
  }
  return res;
}

static int on_blacklist(const sim_cim_state_t *d, const char *serial) {
  for (int i = 0; i < d->nblacklist; i++) {
    int k = 0;
    while (serial[k] && d->blacklist[i].serial[k] == (uint8_t)serial[k]) k++;
    if (!serial[k] && !d->blacklist[i].serial[k]) return 1;
  }
  return 0;
}

int32_t sim_cim_info_more(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  sim_cim_state_t *d = sim_cim_state(svc);
  const sim_input_t *in = &req->in;
  char serial[32];
  switch (req->code) {
  case CIM_INF_TELLER_INFO: {
    if (in->present && (!d->teller_exists || d->teller_id != in->w[0])) return CIM_E_INVALIDTELLERID;
    cim_teller_details_t **list = sim_alloc_more(r, 2 * sizeof(void *));
    if (d->teller_exists) {
      cim_teller_details_t *t = list[0] = sim_alloc_more(r, sizeof *t);
      t->usTellerID = d->teller_id; t->fwInputPosition = d->teller_in; t->fwOutputPosition = d->teller_out;
      t->lppTellerTotals = sim_alloc_more(r, 2 * sizeof(void *));
      cim_teller_totals_t *x = t->lppTellerTotals[0] = sim_alloc_more(r, sizeof *x);
      memcpy(x->cCurrencyID, "EUR", 3);
      x->ulItemsReceived = d->teller_received; x->ulItemsDispensed = d->teller_dispensed;
    }
    r->lpBuffer = list;
    return 0;
  }
  case CIM_INF_GET_P6_INFO: {
    uint32_t per[2][CIM_NOTE_TYPES + 1];
    memset(per, 0, sizeof per);
    for (uint32_t k = 0; k < d->ntxn; k++) {
      int level = level_of(&d->txn[k].item);
      if (level == 2 || level == 3) per[level - 2][d->txn[k].item.note_id]++;
    }
    cim_p6_info_t **list = sim_alloc_more(r, 3 * sizeof(void *));
    int n = 0;
    for (int level = 2; level <= 3; level++) {
      uint32_t total = 0;
      for (int id = 0; id <= CIM_NOTE_TYPES; id++) total += per[level - 2][id];
      if (!total) continue;
      cim_p6_info_t *x = list[n++] = sim_alloc_more(r, sizeof *x);
      x->usLevel = (uint16_t)level; x->lpNoteNumberList = sim_cim_build_nnl(r, per[level - 2]); x->usNumOfSignatures = (uint16_t)total;
    }
    r->lpBuffer = list;
    return 0;
  }
  case CIM_INF_GET_P6_SIGNATURE: {
    if (in->w[0] != 2 && in->w[0] != 3) return R_INVALID_DATA;
    const sim_cim_txn_item_t *t = nth(d, in->w[0], in->w[1]);
    if (!t) return R_INVALID_DATA;
    cim_p6_signature_t **list = sim_alloc_more(r, 2 * sizeof(void *));
    list[0] = signature(r, &t->item);
    r->lpBuffer = list;
    return 0;
  }
  case CIM_INF_GET_ITEM_INFO: {
    if (in->w[0] < 2 || in->w[0] > 4) return R_INVALID_DATA;
    const sim_cim_txn_item_t *t = nth(d, in->w[0], in->w[1]);
    if (!t) return R_INVALID_DATA;
    cim_item_info_v330_t **list = sim_alloc_more(r, 2 * sizeof(void *));
    cim_item_info_v330_t *x = list[0] = sim_alloc_more(r, CIM_V330(req->version) ? sizeof(cim_item_info_v330_t) : sizeof(cim_item_info_v320_t));
    x->usNoteID = t->item.note_id;
    sim_cim_serial(serial, sizeof serial, &t->item);
    if (in->w[2] & 0x1) x->lpszSerialNumber = sim_cim_wstr(r, serial);
    if (in->w[2] & 0x2) x->lpP6Signature = signature(r, &t->item);
    r->lpBuffer = list;
    return 0;
  }
  case CIM_INF_GET_ALL_ITEMS_INFO: {
    if (in->w[0] > 4) return R_INVALID_DATA;
    cim_all_items_info_t *a = sim_alloc_more(r, sizeof *a);
    a->lppItemsList = sim_alloc_more(r, sizeof(void *) * (d->ntxn + 1));
    for (uint32_t k = 0; k < d->ntxn; k++) {
      const sim_cim_txn_item_t *t = &d->txn[k];
      int level = level_of(&t->item);
      if (in->w[0] && (uint32_t)level != in->w[0]) continue;
      cim_item_info_all_t *x = a->lppItemsList[a->usCount++] = sim_alloc_more(r, sizeof *x);
      x->usLevel = (uint16_t)level; x->usNoteID = t->item.note_id;
      x->dwOrientation = level == 1 ? 5 : 1;   /* WFS_CIM_ORUNKNOWN / ORFRONTTOP */
      if (level > 1) {
        sim_cim_serial(serial, sizeof serial, &t->item);
        x->lpszSerialNumber = sim_cim_wstr(r, serial);
        x->wOnBlacklist = on_blacklist(d, serial) ? 1 : 2;
      } else x->wOnBlacklist = 3;              /* WFS_CIM_BLACKLISTUNKNOWN */
      x->wItemLocation = t->location; x->usNumber = t->unit;
    }
    r->lpBuffer = a;
    return 0;
  }
  case CIM_INF_REPLENISH_TARGET: case CIM_INF_DEPLETE_SOURCE:
    if (!(r->lpBuffer = unit_list(r, d, (uint16_t)in->w[0]))) return CIM_E_INVALIDCASHUNIT;
    return 0;
  case CIM_INF_DEVICELOCK_STATUS: {
    cim_device_lock_status_t *s = sim_alloc_more(r, sizeof *s);
    s->wDeviceLockStatus = d->device_lock;
    s->lppCashUnitLock = sim_alloc_more(r, sizeof(void *) * (size_t)(d->nunits + 1));
    for (int i = 0; i < d->nunits; i++) {
      cim_cash_unit_lock_t *u = s->lppCashUnitLock[i] = sim_alloc_more(r, sizeof *u);
      u->lpPhysicalPositionName = sim_strdup_more(r, d->units[i].position);
      u->wCashUnitLockStatus = d->units[i].locked ? 1 : 2;   /* WFS_CIM_LOCK / UNLOCK */
    }
    r->lpBuffer = s;
    return 0;
  }
  case CIM_INF_CASH_UNIT_CAPABILITIES: {
    cim_cash_capabilities_t *c = sim_alloc_more(r, sizeof *c);
    c->usCount = (uint16_t)d->nunits;
    c->lppCashUnitCaps = sim_alloc_more(r, sizeof(void *) * (size_t)(d->nunits + 1));
    for (int i = 0; i < d->nunits; i++) {
      cim_cash_unit_capabilities_t *u = c->lppCashUnitCaps[i] = sim_alloc_more(r, sizeof *u);
      u->usNumber = d->units[i].number; u->usNumPhysicalCUs = 1;
      u->lppPhysical = sim_alloc_more(r, 2 * sizeof(void *));
      cim_phcu_capabilities_t *p = u->lppPhysical[0] = sim_alloc_more(r, sizeof *p);
      p->lpPhysicalPositionName = sim_strdup_more(r, d->units[i].position);
      p->ulMaximum = d->units[i].maximum; p->bHardwareSensors = 1; p->lpszExtra = sim_extra_more(r, NULL);
      u->lpszExtra = sim_extra_more(r, NULL);
    }
    r->lpBuffer = c;
    return 0;
  }
  case CIM_INF_GET_BLACKLIST: {
    cim_blacklist_t *b = sim_alloc_more(r, sizeof *b);
    b->lpszVersion = sim_memdup_more(r, d->blacklist_version, sizeof d->blacklist_version);
    b->usCount = (uint16_t)d->nblacklist;
    b->lppBlacklistElements = sim_alloc_more(r, sizeof(void *) * (size_t)(d->nblacklist + 1));
    for (int i = 0; i < d->nblacklist; i++) {
      cim_blacklist_element_t *e = b->lppBlacklistElements[i] = sim_alloc_more(r, sizeof *e);
      e->lpszSerialNumber = sim_memdup_more(r, d->blacklist[i].serial, sizeof d->blacklist[i].serial);
      memcpy(e->cCurrencyID, d->blacklist[i].currency, 3);
      e->ulValue = d->blacklist[i].value;
    }
    r->lpBuffer = b;
    return 0;
  }
  default:
    return R_UNSUPP_CATEGORY;
  }
}
