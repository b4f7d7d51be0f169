/* Queries of the simulated CIM and the builders of its versioned structs. */
#include <stdio.h>
#include <string.h>
#include "sim_cim.h"

static const char *const EXTRA[] = { "Simulator=xfs4iot-gateway", "Model=SIM-CIM-1", NULL };

cim_note_number_list_t *sim_cim_build_nnl(wfs_result_t *r, const uint32_t *per_id) {
  cim_note_number_list_t *l = sim_alloc_more(r, sizeof *l);
  int n = 0;
  for (int id = 1; id <= CIM_NOTE_TYPES; id++) if (per_id[id]) n++;
  l->usNumOfNoteNumbers = (uint16_t)n;
  l->lppNoteNumber = sim_alloc_more(r, sizeof(void *) * (size_t)(n + 1));
  n = 0;
  for (int id = 1; id <= CIM_NOTE_TYPES; id++) {
    if (!per_id[id]) continue;
    cim_note_number_t *x = l->lppNoteNumber[n++] = sim_alloc_more(r, sizeof *x);
    x->usNoteID = (uint16_t)id;
    x->ulCount = per_id[id];
  }
  return l;
}

uint16_t *sim_cim_wstr(wfs_result_t *r, const char *s) {
  size_t n = strlen(s);
  uint16_t *w = sim_alloc_more(r, (n + 1) * sizeof *w);
  for (size_t i = 0; i < n; i++) w[i] = (uint8_t)s[i];
  return w;
}

/* A note's serial number, as its reader read it: EUR20-000123. */
void sim_cim_serial(char *out, size_t n, const sim_cim_item_t *it) {
  snprintf(out, n, "EUR%u-%06u", (unsigned)sim_cim_note_value(it->note_id), (unsigned)(it->serial % 1000000u));
}

void *sim_cim_build_unit(wfs_result_t *r, uint16_t v, const sim_cim_unit_t *u) {
  int v320 = CIM_V320(v);
  cim_cashin_v320_t *c = sim_alloc_more(r, v320 ? sizeof(cim_cashin_v320_t) : sizeof(cim_cashin_v300_t));
  uint16_t status = sim_cim_unit_status(u);
  c->usNumber = u->number; c->fwType = u->type; c->fwItemType = u->item_type;
  memcpy(c->cUnitID, u->unit_id, 5);
  memcpy(c->cCurrencyID, u->currency, 3);
  c->ulValues = u->value; c->ulCashInCount = u->cash_in_count; c->ulCount = u->count; c->ulMaximum = u->maximum;
  c->usStatus = status; c->bAppLock = u->app_lock;
  c->lpNoteNumberList = sim_cim_build_nnl(r, u->notes);
  c->usNumPhysicalCUs = 1;
  c->lppPhysical = sim_alloc_more(r, 2 * sizeof(void *));
  cim_phcu_v320_t *p = sim_alloc_more(r, v320 ? sizeof(cim_phcu_v320_t) : sizeof(cim_phcu_v300_t));
  p->lpPhysicalPositionName = sim_strdup_more(r, u->position);
  memcpy(p->cUnitID, u->unit_id, 5);
  p->ulCashInCount = u->cash_in_count; p->ulCount = u->count; p->ulMaximum = u->maximum;
  p->usPStatus = status; p->bHardwareSensors = 1;
  p->lpszExtra = sim_extra_more(r, NULL);
  c->lppPhysical[0] = p;
  c->lpszExtra = sim_extra_more(r, NULL);
  if (v320) {
    p->ulInitialCount = u->initial; p->ulDispensedCount = u->dispensed; p->ulPresentedCount = u->presented;
    p->ulRetractedCount = u->retracted; p->ulRejectCount = u->reject;
    uint16_t *ids = sim_alloc_more(r, 2 * sizeof *ids);   /* 0-terminated: the note a recycler takes, none for all */
    ids[0] = u->note_id;
    c->lpusNoteIDs = ids;
    c->usCDMType = u->type == CIM_TYPERECYCLING ? 3 : u->type == CIM_TYPERETRACTCASSETTE ? 5 : 0; /* WFS_CDM_TYPEBILLCASSETTE / RETRACTCASSETTE */
    c->lpszCashUnitName = sim_strdup_more(r, u->position);
    c->ulInitialCount = u->initial; c->ulDispensedCount = u->dispensed; c->ulPresentedCount = u->presented;
    c->ulRetractedCount = u->retracted; c->ulRejectCount = u->reject; c->ulMinimum = u->minimum;
  }
  return c;
}

cim_cash_info_t *sim_cim_build_changed(wfs_result_t *r, uint16_t v, const sim_cim_state_t *d, unsigned mask) {
  cim_cash_info_t *ci = sim_alloc_more(r, sizeof *ci);
  int n = 0;
  for (int i = 0; i < d->nunits; i++) if (mask & (1u << i)) n++;
  ci->usCount = (uint16_t)n;
  ci->lppCashIn = sim_alloc_more(r, sizeof(void *) * (size_t)(n + 1));
  n = 0;
  for (int i = 0; i < d->nunits; i++) if (mask & (1u << i)) ci->lppCashIn[n++] = sim_cim_build_unit(r, v, &d->units[i]);
  return ci;
}

int sim_cim_parse_info(uint16_t v, uint32_t cat, const void *data, sim_input_t *in) {
  int vn = sim_vnum(v);
  if (cat < CIM_INF_STATUS || cat > (uint32_t)(vn >= 330 ? CIM_INF_GET_BLACKLIST : vn >= 320 ? CIM_INF_CASH_UNIT_CAPABILITIES : CIM_INF_GET_P6_SIGNATURE))
    return R_UNSUPP_CATEGORY;
  switch (cat) {
  case CIM_INF_TELLER_INFO:
    if (data) { in->present = 1; in->w[0] = ((const cim_teller_info_t *)data)->usTellerID; }
    return 0;
  case CIM_INF_GET_P6_SIGNATURE:
    if (!data) return R_INVALID_POINTER;
    in->w[0] = ((const cim_get_p6_signature_t *)data)->usLevel; in->w[1] = ((const cim_get_p6_signature_t *)data)->usIndex;
    return 0;
  case CIM_INF_GET_ITEM_INFO: {
    if (!data) return R_INVALID_POINTER;
    const cim_get_item_info_t *g = data;
    in->w[0] = g->usLevel; in->w[1] = g->usIndex; in->w[2] = g->dwItemInfoType;
    return 0;
  }
  case CIM_INF_REPLENISH_TARGET: case CIM_INF_DEPLETE_SOURCE: case CIM_INF_GET_ALL_ITEMS_INFO:
    if (!data) return R_INVALID_POINTER;
    in->w[0] = *(const uint16_t *)data;   /* usNumberSource / usNumberTarget / usLevel */
    return 0;
  default:
    return 0;
  }
}

static void *build_position(wfs_result_t *r, uint16_t v, const sim_cim_state_t *d, uint16_t pos) {
  cim_inpos_v330_t *p = sim_alloc_more(r, CIM_V330(v) ? sizeof(cim_inpos_v330_t) : sizeof(cim_inpos_v300_t));
  int in = pos == CIM_POSINCENTER;
  uint16_t shutter = in ? d->shutter_in : d->shutter_out;
  p->fwPosition = pos;
  p->fwShutter = shutter;
  p->fwPositionStatus = (in ? d->ninput : d->noutput) ? 1 : 0;   /* WFS_CIM_PSNOTEMPTY / PSEMPTY */
  p->fwTransport = 0;          /* WFS_CIM_TPOK */
  p->fwTransportStatus = 0;    /* WFS_CIM_TPSTATEMPTY */
  if (CIM_V330(v)) p->fwJammedShutterPosition = shutter == CIM_SHTJAMMED ? 5 : 1;   /* UNKNOWN / NOTJAMMED */
  return p;
}

static int32_t status(const sim_cim_state_t *d, uint16_t v, wfs_result_t *r) {
  cim_status_v320_t *s = sim_alloc_more(r, CIM_V320(v) ? sizeof(cim_status_v320_t) : sizeof(cim_status_v300_t));
  s->fwDevice = d->jammed ? STAT_DEVHWERROR : STAT_DEVONLINE;
  s->fwSafeDoor = 1;           /* WFS_CIM_DOORNOTSUPPORTED */
  int stop = 0, state = 0;
  for (int i = 0; i < d->nunits; i++) {
    uint16_t st = sim_cim_unit_status(&d->units[i]);
    if (st != CIM_STATCUOK) state = 1;
    if ((d->units[i].type == CIM_TYPECASHIN || d->units[i].type == CIM_TYPERETRACTCASSETTE) && (st == CIM_STATCUFULL || st == CIM_STATCUINOP)) stop = 1;
  }
  s->fwAcceptor = stop ? 2 : state ? 1 : 0;   /* ACCCUSTOP / ACCCUSTATE / ACCOK */
  s->fwIntermediateStacker = d->nescrow >= CIM_ESCROW_MAX ? 2 : d->nescrow ? 1 : 0;
  s->fwStackerItems = d->nescrow ? 1 : 4;     /* WFS_CIM_NOCUSTOMERACCESS / WFS_CIM_NOITEMS */
  s->fwBanknoteReader = 0;
  s->bDropBox = 0;
  s->lppPositions = sim_alloc_more(r, 3 * sizeof(void *));
  s->lppPositions[0] = build_position(r, v, d, CIM_POSINCENTER);
  s->lppPositions[1] = build_position(r, v, d, CIM_POSOUTCENTER);
  s->lpszExtra = sim_extra_more(r, EXTRA);
  if (CIM_V320(v)) {
    memcpy(s->dwGuidLights, d->guid_lights, sizeof s->dwGuidLights);
    s->wDevicePosition = 3;    /* WFS_CIM_DEVICEPOSNOTSUPP */
    s->usPowerSaveRecoveryTime = d->power_save;
    s->wMixedMode = 0;
    s->wAntiFraudModule = 0;   /* WFS_CIM_AFMNOTSUPP */
  }
  r->lpBuffer = s;
  return 0;
}

static int32_t caps(uint16_t v, wfs_result_t *r) {
  size_t sz = CIM_V330(v) ? sizeof(cim_caps_v330_t) : CIM_V320(v) ? sizeof(cim_caps_v320_t) : sizeof(cim_caps_v300_t);
  cim_caps_v330_t *c = sim_alloc_more(r, sz);
  c->wClass = 13; c->fwType = 1;   /* WFS_CIM_SELFSERVICEBILL */
  c->wMaxCashInItems = CIM_MAX_CASH_IN_ITEMS;
  c->bShutter = 1; c->bShutterControl = 1; c->fwIntermediateStacker = CIM_ESCROW_MAX;
  c->bItemsTakenSensor = 1; c->bItemsInsertedSensor = 1;
  c->fwPositions = CIM_POSINCENTER | CIM_POSOUTCENTER;
  c->fwExchangeType = 0x0001;      /* WFS_CIM_EXBYHAND */
  c->fwRetractAreas = CIM_RA_RETRACT | CIM_RA_CASHIN | CIM_RA_TRANSPORT | CIM_RA_STACKER;
  c->fwRetractTransportActions = 0x0001 | 0x0002;   /* WFS_CIM_PRESENT | WFS_CIM_RETRACT */
  c->fwRetractStackerActions = 0x0001 | 0x0002;
  c->lpszExtra = sim_extra_more(r, EXTRA);
  if (CIM_V320(v)) {
    uint32_t light = 0x01 | 0x04 | 0x08 | 0x10 | 0x80 | 0x200;   /* off, slow/medium/quick flash, continuous, green */
    c->dwGuidLights[3] = light;    /* WFS_CIM_GUIDANCE_POSINCENTER */
    c->dwGuidLights[10] = light;   /* WFS_CIM_GUIDANCE_POSOUTCENTER */
    c->dwItemInfoTypes = 0x1 | 0x2;                 /* SERIALNUMBER | SIGNATURE */
    c->bCompareSignatures = 1; c->bPowerSaveControl = 1; c->bReplenish = 1;
    c->fwCashInLimit = 0x1 | 0x2;                   /* BYTOTALITEMS | BYAMOUNT */
    c->fwCountActions = 0x1 | 0x2;                  /* INDIVIDUAL | ALL */
    c->bDeviceLockControl = 1;
  }
  if (CIM_V330(v)) {
    c->bDeplete = 1; c->bBlacklist = 1;
    c->lpdwSynchronizableCommands = sim_alloc_more(r, sizeof(uint32_t));   /* none: an empty 0-terminated list */
  }
  r->lpBuffer = c;
  return 0;
}

static void *pos_caps(wfs_result_t *r, uint16_t pos, uint16_t usage, uint16_t retract) {
  cim_pos_caps_t *p = sim_alloc_more(r, sizeof *p);
  p->fwPosition = pos; p->fwUsage = usage; p->bShutterControl = 1; p->bItemsTakenSensor = 1; p->bItemsInsertedSensor = 1;
  p->fwRetractAreas = retract; p->lpszExtra = sim_extra_more(r, NULL); p->bPresentControl = 1;
  return p;
}

int32_t sim_cim_info_more(sim_service_t *svc, sim_request_t *req, wfs_result_t *r);   /* sim_cim_items.c */

int32_t sim_cim_info(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  sim_cim_state_t *d = sim_cim_state(svc);
  uint16_t v = req->version;
  if (!d) return R_INTERNAL_ERROR;
  switch (req->code) {
  case CIM_INF_STATUS: return status(d, v, r);
  case CIM_INF_CAPABILITIES: return caps(v, r);
  case CIM_INF_CASH_UNIT_INFO:
    r->lpBuffer = sim_cim_build_changed(r, v, d, (1u << d->nunits) - 1);
    return 0;
  case CIM_INF_CURRENCY_EXP: {
    cim_currency_exp_t **list = sim_alloc_more(r, 2 * sizeof(void *));
    list[0] = sim_alloc_more(r, sizeof(cim_currency_exp_t));
    memcpy(list[0]->cCurrencyID, "EUR", 3);
    list[0]->sExponent = 0;
    r->lpBuffer = list;
    return 0;
  }
  case CIM_INF_BANKNOTE_TYPES: {
    cim_note_type_list_t *l = sim_alloc_more(r, sizeof *l);
    l->usNumOfNoteTypes = CIM_NOTE_TYPES;
    l->lppNoteTypes = sim_alloc_more(r, sizeof(void *) * (CIM_NOTE_TYPES + 1));
    for (int id = 1; id <= CIM_NOTE_TYPES; id++) {
      cim_note_type_t *t = l->lppNoteTypes[id - 1] = sim_alloc_more(r, sizeof *t);
      t->usNoteID = (uint16_t)id;
      memcpy(t->cCurrencyID, "EUR", 3);
      t->ulValues = sim_cim_note_value((uint16_t)id);
      t->usRelease = 1;
      t->bConfigured = d->configured[id];
    }
    r->lpBuffer = l;
    return 0;
  }
  case CIM_INF_CASH_IN_STATUS: {
    cim_cash_in_status_t *s = sim_alloc_more(r, sizeof *s);
    s->wStatus = d->ci_status;
    s->usNumOfRefused = d->refused;
    s->lpNoteNumberList = sim_cim_build_nnl(r, d->accepted);
    s->lpszExtra = sim_extra_more(r, NULL);
    r->lpBuffer = s;
    return 0;
  }
  case CIM_INF_POSITION_CAPABILITIES: {
    cim_pos_capabilities_t *p = sim_alloc_more(r, sizeof *p);
    p->lppPosCapabilities = sim_alloc_more(r, 3 * sizeof(void *));
    p->lppPosCapabilities[0] = pos_caps(r, CIM_POSINCENTER, 0x0001, 0);                       /* WFS_CIM_POSIN */
    p->lppPosCapabilities[1] = pos_caps(r, CIM_POSOUTCENTER, 0x0002 | 0x0004, CIM_RA_RETRACT | CIM_RA_CASHIN); /* POSREFUSE | POSROLLBACK */
    r->lpBuffer = p;
    return 0;
  }
  default:
    return sim_cim_info_more(svc, req, r);
  }
}
