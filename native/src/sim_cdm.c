/* Simulated CDM: one output position (centre) with a shutter, a reject cassette and three note
 * cassettes. Dispense takes notes from the cassettes into the stacker; present moves them to the
 * output position where SimCdmTakeNotes removes them (ITEMSTAKEN). All with g_lock held. */
#include <stdio.h>
#include <string.h>
#include "sim.h"

void sim_kick(sim_service_t *svc);

enum { CMD_DENOMINATE = 301, CMD_DISPENSE, CMD_PRESENT, CMD_REJECT, CMD_RETRACT, CMD_OPEN_SHUTTER = 307,
       CMD_CLOSE_SHUTTER, CMD_SET_MIX_TABLE = 320, CMD_RESET = 321, CMD_COUNT = 323, CMD_PREPARE_DISPENSE = 326 };
enum { INF_STATUS = 301, INF_CAPABILITIES, INF_CASH_UNIT_INFO, INF_CURRENCY_EXP = 306, INF_MIX_TYPES, INF_MIX_TABLE,
       INF_PRESENT_STATUS };
enum { EV_CASHUNITTHRESHOLD = 303, EV_CASHUNITINFOCHANGED = 304, EV_DELAYEDDISPENSE = 306, EV_STARTDISPENSE = 307,
       EV_CASHUNITERROR = 308, EV_ITEMSTAKEN = 309, EV_ITEMSPRESENTED = 313, EV_INCOMPLETEDISPENSE = 315, EV_NOTEERROR = 316,
       EV_MEDIADETECTED = 317 };
enum { EV_INCOMPLETERETRACT = 322, E_INCOMPLETERETRACT = -341 };
enum { E_INVALIDCURRENCY = -300, E_CASHUNITERROR = -302, E_INVALIDDENOMINATION = -303, E_INVALIDMIXNUMBER = -304,
       E_NOTDISPENSABLE = -306, E_TOOMANYITEMS = -307, E_UNSUPPOSITION = -308, E_SHUTTERNOTOPEN = -312,
       E_NOITEMS = -316, E_ITEMSNOTTAKEN = -335 };
enum { POS_CENTER = 0x0004, T_REJECT = 2, T_BILL = 3, T_RECYCLING = 12, SHT_CLOSED = 0, SHT_OPEN = 1, MAX_ITEMS = 40 };

#define V320(v) (sim_vnum(v) >= 320)
#define V330(v) (sim_vnum(v) >= 330)

static sim_cdm_state_t *st(sim_service_t *s) { return &s->dev.cdm; }

static void unit(sim_cdm_state_t *d, uint16_t type, const char *name, const char *id, const char *cur,
                 uint32_t value, uint32_t count) {
  sim_cdm_unit_t *u = &d->units[d->nunits];
  memset(u, 0, sizeof *u);
  u->number = (uint16_t)(d->nunits + 1);
  u->type = type;
  snprintf(u->name, sizeof u->name, "%s", name);
  snprintf(u->unit_id, sizeof u->unit_id, "%s", id);
  snprintf(u->currency, sizeof u->currency, "%s", cur);
  u->value = value; u->initial = count; u->count = count;
  u->minimum = SIM_CDM_DISPENSING(type) ? 10 : 0;
  u->maximum = type == T_BILL ? 0 : 500;
  d->nunits++;
}

/* ---- physical state kept across process restarts (g_state_dir) ---- */
static const char STATE_MAGIC[8] = { 'X', 'S', 'I', 'M', 'C', 'D', 'M', '1' };

static int state_path(const sim_service_t *svc, char *out, size_t n) {
  if (!g_state_dir[0]) return 0;
  snprintf(out, n, "%s/%s.cdm", g_state_dir, svc->name);
  return 1;
}

/* Written whole after every change (write, then rename: a kill never leaves half a file). Not
 * fsynced: it stands in for a device that keeps its notes when the PC process dies. */
void sim_cdm_save(sim_service_t *svc) {
  char path[700], tmp[720];
  if (!state_path(svc, path, sizeof path)) return;
  snprintf(tmp, sizeof tmp, "%s.tmp", path);
  FILE *f = fopen(tmp, "wb");
  if (!f) return;
  uint32_t size = sizeof svc->dev.cdm;
  int ok = fwrite(STATE_MAGIC, sizeof STATE_MAGIC, 1, f) == 1 && fwrite(&size, sizeof size, 1, f) == 1
        && fwrite(&svc->dev.cdm, size, 1, f) == 1;
  if (fclose(f) != 0) ok = 0;
  if (ok) rename(tmp, path); else remove(tmp);
}

void sim_cdm_load(sim_service_t *svc) {
  char path[700];
  if (!state_path(svc, path, sizeof path)) return;
  FILE *f = fopen(path, "rb");
  if (!f) return;
  char magic[8];
  uint32_t size = 0;
  sim_cdm_state_t kept;
  if (fread(magic, sizeof magic, 1, f) == 1 && memcmp(magic, STATE_MAGIC, sizeof magic) == 0
      && fread(&size, sizeof size, 1, f) == 1 && size == sizeof kept && fread(&kept, size, 1, f) == 1) {
    kept.note_error_next = 0;  /* an injected fault is not physical state */
    kept.delay_next_ms = 0;
    kept.jam_after = -1;
    kept.retract_jam_after = -1;
    svc->dev.cdm = kept;
  }
  fclose(f);
}

static void init(sim_service_t *svc) {
  sim_cdm_state_t *d = st(svc);
  memset(d, 0, sizeof *d);
  unit(d, T_REJECT, "REJECT", "REJ01", "   ", 0, 0);
  unit(d, T_BILL, "EUR10", "CAS01", "EUR", 10, 500);
  unit(d, T_BILL, "EUR20", "CAS02", "EUR", 20, 500);
  unit(d, T_BILL, "EUR50", "CAS03", "EUR", 50, 200);
  d->shutter = SHT_CLOSED;
  d->jam_after = -1;
  d->retract_jam_after = -1;
  sim_cdm_default_tables(d);
  d->present_state = 2; /* not presented */
  d->ntellers = 1;      /* teller 0, output position default */
  sim_cdm_load(svc);
}

/* A recycler's dispenser (sim_pair.c): its reject cassette and three recycling cassettes, which the
 * paired CIM fills; the unit id is the physical position name. Then whatever it kept is taken. */
void sim_cdm_make_recycler(sim_service_t *svc) {
  sim_cdm_state_t *d = st(svc);
  d->nunits = 0;
  unit(d, T_REJECT, "REJECT", "RJ", "   ", 0, 0);
  unit(d, T_RECYCLING, "EUR10", "RC1", "EUR", 10, 100);
  unit(d, T_RECYCLING, "EUR20", "RC2", "EUR", 20, 100);
  unit(d, T_RECYCLING, "EUR50", "RC3", "EUR", 50, 50);
  sim_cdm_load(svc);
}

/* ---- input ---- */
static int parse_denomination(const cdm_denomination_t *den, sim_input_t *in) {
  if (!den) return R_INVALID_DATA;
  memcpy(in->text, den->cCurrencyID, 3);
  in->text[3] = 0;
  in->w[2] = den->ulAmount;
  in->w[3] = den->ulCashBox;
  if (den->usCount > SIM_MAX_ITEMS) return E_INVALIDDENOMINATION;
  if (den->usCount && !den->lpulValues) return R_INVALID_DATA;
  in->nvalues = den->usCount;
  for (uint32_t i = 0; i < den->usCount; i++) in->values[i] = den->lpulValues[i];
  return 0;
}

static int parse_exec(uint16_t v, uint32_t cmd, const void *data, sim_input_t *in) {
  switch (cmd) {
  case CMD_SET_MIX_TABLE: return sim_cdm_parse_mix_table(data, in);
  case CMD_COUNT: {
    if (!data) return R_INVALID_POINTER;
    const cdm_physical_cu_t *c = data;
    in->w[0] = c->bEmptyAll != 0; in->w[1] = c->fwPosition;
    if (!c->bEmptyAll) {
      if (!c->lpPhysicalPositionName) return R_INVALID_POINTER;
      snprintf(in->text, sizeof in->text, "%.63s", c->lpPhysicalPositionName);
    }
    return 0;
  }
  case CMD_PREPARE_DISPENSE:
    if (sim_vnum(v) < 320) return R_UNSUPP_COMMAND;   /* 3.20 added it */
    if (!data) return R_INVALID_POINTER;
    in->w[0] = *(const uint16_t *)data;
    return in->w[0] == 1 || in->w[0] == 2 ? 0 : R_INVALID_DATA;
  case CMD_DENOMINATE: {
    if (!data) return R_INVALID_POINTER;
    const cdm_denominate_t *c = data;
    in->w[0] = c->usTellerID; in->w[1] = c->usMixNumber;
    return parse_denomination(c->lpDenomination, in);
  }
  case CMD_DISPENSE: {
    if (!data) return R_INVALID_POINTER;
    const cdm_dispense_t *c = data;
    in->w[0] = c->usTellerID; in->w[1] = c->usMixNumber; in->w[4] = c->fwPosition; in->w[5] = c->bPresent != 0;
    return parse_denomination(c->lpDenomination, in);
  }
  case CMD_PRESENT: case CMD_OPEN_SHUTTER: case CMD_CLOSE_SHUTTER:
    in->w[0] = data ? *(const uint16_t *)data : 0;
    return 0;
  case CMD_RETRACT:
    if (!data) return R_INVALID_POINTER;
    in->w[0] = ((const cdm_retract_t *)data)->fwOutputPosition;
    in->w[1] = ((const cdm_retract_t *)data)->usRetractArea;
    return 0;
  case CMD_REJECT: case CMD_RESET:
    return 0;
  default:
    return sim_cdm_more_parse(v, cmd, data, in);
  }
}

static int parse_info(uint16_t v, uint32_t cat, const void *data, sim_input_t *in) {
  switch (cat) {
  case INF_STATUS: case INF_CAPABILITIES: case INF_CASH_UNIT_INFO: case INF_CURRENCY_EXP: case INF_MIX_TYPES: return 0;
  case INF_MIX_TABLE:
    if (!data) return R_INVALID_POINTER;
    in->w[0] = *(const uint16_t *)data;
    return 0;
  case INF_PRESENT_STATUS:
    if (!data) return R_INVALID_POINTER;
    in->w[0] = *(const uint16_t *)data;
    return 0;
  default: return sim_cdm_more_parse_info(v, cat, data, in);
  }
}

/* ---- output builders ---- */
void *sim_cdm_build_unit(wfs_result_t *r, uint16_t v, const sim_cdm_unit_t *u) {
  cdm_cashunit_v320_t *c = sim_alloc_more(r, V320(v) ? sizeof(cdm_cashunit_v320_t) : sizeof(cdm_cashunit_v300_t));
  c->usNumber = u->number; c->usType = u->type;
  c->lpszCashUnitName = sim_strdup_more(r, u->name);
  memcpy(c->cUnitID, u->unit_id, 5);
  memcpy(c->cCurrencyID, u->currency, 3);
  c->ulValues = u->value; c->ulInitialCount = u->initial; c->ulCount = u->count;
  c->ulRejectCount = u->reject; c->ulMinimum = u->minimum; c->ulMaximum = u->maximum;
  c->bAppLock = u->app_lock; c->usStatus = u->status; c->usNumPhysicalCUs = 1;
  c->lppPhysical = sim_alloc_more(r, 2 * sizeof(void *));
  cdm_phcu_v320_t *p = sim_alloc_more(r, V320(v) ? sizeof(cdm_phcu_v320_t) : sizeof(cdm_phcu_v300_t));
  p->lpPhysicalPositionName = sim_strdup_more(r, u->unit_id);
  memcpy(p->cUnitID, u->unit_id, 5);
  p->ulInitialCount = u->initial; p->ulCount = u->count; p->ulRejectCount = u->reject;
  p->ulMaximum = u->maximum; p->usPStatus = u->status; p->bHardwareSensor = 1;
  if (V320(v)) {
    p->ulDispensedCount = u->dispensed; p->ulPresentedCount = u->presented; p->ulRetractedCount = u->retracted;
    c->ulDispensedCount = u->dispensed; c->ulPresentedCount = u->presented; c->ulRetractedCount = u->retracted;
  }
  c->lppPhysical[0] = p;
  return c;
}

static cdm_denomination_t *build_den(wfs_result_t *r, const char *cur, uint32_t amount, const uint32_t *values, int n) {
  cdm_denomination_t *den = sim_alloc_more(r, sizeof *den);
  memcpy(den->cCurrencyID, cur, 3);
  den->ulAmount = amount;
  den->usCount = (uint16_t)n;
  den->lpulValues = sim_memdup_more(r, values, sizeof(uint32_t) * (size_t)n);
  return den;
}

static void fill_word(wfs_result_t *r, uint16_t v, const void *ctx) {
  (void)v;
  uint16_t *w = sim_alloc_more(r, sizeof *w);
  *w = *(const uint16_t *)ctx;
  r->lpBuffer = w;
}
void sim_cdm_fill_unit(wfs_result_t *r, uint16_t v, const void *ctx) { r->lpBuffer = sim_cdm_build_unit(r, v, ctx); }


/* WFSCDMITEMPOSITION of MEDIADETECTED: the cash unit the found items went to. */
static void fill_item_position(wfs_result_t *r, uint16_t v, const void *ctx) {
  (void)v;
  cdm_itemposition_t *p = sim_alloc_more(r, sizeof *p);
  p->usNumber = *(const uint16_t *)ctx;
  r->lpBuffer = p;
}

static void fill_ulong(wfs_result_t *r, uint16_t v, const void *ctx) {
  (void)v;
  uint32_t *x = sim_alloc_more(r, sizeof *x);
  *x = *(const uint32_t *)ctx;
  r->lpBuffer = x;
}

/* WFSCDMCUERROR: WFS_CDM_CASHUNITERROR (2) of the unit that jammed. */
static void fill_cu_error(wfs_result_t *r, uint16_t v, const void *ctx) {
  cdm_cu_error_t *e = sim_alloc_more(r, sizeof *e);
  e->wFailure = 2;
  e->lpCashUnit = sim_cdm_build_unit(r, v, ctx);
  r->lpBuffer = e;
}

typedef struct { const char *cur; uint32_t amount; const uint32_t *values; int n; } den_ctx_t;
static void fill_den(wfs_result_t *r, uint16_t v, const void *ctx) {
  (void)v;
  const den_ctx_t *c = ctx;
  r->lpBuffer = build_den(r, c->cur, c->amount, c->values, c->n);
}

typedef struct { const sim_cdm_state_t *d; const uint32_t *moved; uint16_t reason; } retract_ctx_t;

/* WFSCDMINCOMPLETERETRACT: per unit the notes came from, how many went into the reject unit (1). */
static void fill_incomplete_retract(wfs_result_t *r, uint16_t v, const void *ctx) {
  (void)v;
  const retract_ctx_t *c = ctx;
  cdm_incomplete_retract_t *e = sim_alloc_more(r, sizeof *e);
  uint16_t n = 0;
  for (int i = 0; i < c->d->nunits; i++) if (c->moved[i]) n++;
  e->lpItemNumberList.usNumOfItemNumbers = n;
  e->lpItemNumberList.lppItemNumber = sim_alloc_more(r, (n + 1) * sizeof(cdm_item_number_t *));
  for (int i = 0, k = 0; i < c->d->nunits; i++) {
    if (!c->moved[i]) continue;
    cdm_item_number_t *x = sim_alloc_more(r, sizeof *x);
    memcpy(x->cCurrencyID, c->d->units[i].currency, 3);
    x->ulValues = c->d->units[i].value; x->usRelease = 0; x->ulCount = c->moved[i]; x->usNumber = 1;
    e->lpItemNumberList.lppItemNumber[k++] = x;
  }
  e->usReason = c->reason;
  r->lpBuffer = e;
}

/* A retract that stops after retract_jam_after notes (largest unit first): those go into the reject
 * unit, the rest stays at the output; 3.30 reports what moved (INCOMPLETERETRACT) and
 * WFS_ERR_CDM_INCOMPLETERETRACT, older versions a hardware error. */
static int32_t incomplete_retract(sim_service_t *svc, sim_request_t *req, sim_cdm_state_t *d) {
  uint32_t left = (uint32_t)d->retract_jam_after, moved[8] = { 0 };
  d->retract_jam_after = -1;
  for (int i = d->nunits - 1; i >= 0 && left; i--) {
    uint32_t m = d->at_output[i] < left ? d->at_output[i] : left;
    moved[i] = m; left -= m;
    d->at_output[i] -= m; d->units[i].retracted += m; d->units[0].count += m;
  }
  d->present_state = 2;
  sim_event(svc, EVC_SERVICE, NULL, EV_CASHUNITINFOCHANGED, sim_cdm_fill_unit, &d->units[0]);
  if (!V330(req->version)) return R_HARDWARE_ERROR;
  retract_ctx_t c = { d, moved, d->retract_fault_reason ? d->retract_fault_reason : 1 };
  sim_event(svc, EVC_EXECUTE, req, EV_INCOMPLETERETRACT, fill_incomplete_retract, &c);
  return E_INCOMPLETERETRACT;
}

/* Minimum number of notes, largest first; or the caller's own per-unit counts. */
static int32_t mix(sim_cdm_state_t *d, const sim_input_t *in, uint32_t *out) {
  memset(out, 0, sizeof(uint32_t) * 8);
  const char *cur = in->text;
  uint32_t amount = in->w[2];
  if (in->nvalues) {
    if (in->nvalues != (uint32_t)d->nunits) return E_INVALIDDENOMINATION;
    uint32_t total = 0, items = 0;
    for (int i = 0; i < d->nunits; i++) {
      if (in->values[i] && !SIM_CDM_DISPENSING(d->units[i].type)) return E_INVALIDDENOMINATION;
      if (in->values[i] > d->units[i].count) return E_NOTDISPENSABLE;
      out[i] = in->values[i]; total += in->values[i] * d->units[i].value; items += in->values[i];
    }
    if (amount && total != amount) return E_INVALIDDENOMINATION;
    if (items > MAX_ITEMS) return E_TOOMANYITEMS;
    return items ? 0 : E_INVALIDDENOMINATION;
  }
  if (in->w[1] != 1) {
    int t = sim_cdm_find_table(d, in->w[1]);
    if (t < 0) return E_INVALIDMIXNUMBER;
    if (strcmp(cur, "EUR")) return E_INVALIDCURRENCY;
    return sim_cdm_table_mix(d, t, amount, out);
  }
  if (strcmp(cur, "EUR")) return E_INVALIDCURRENCY;
  if (!amount) return E_INVALIDDENOMINATION;
  uint32_t left = amount, items = 0;
  for (int i = d->nunits - 1; i >= 0; i--) {
    sim_cdm_unit_t *u = &d->units[i];
    if (!SIM_CDM_DISPENSING(u->type) || !u->value || u->app_lock) continue;   /* a locked unit is not dispensed from */
    uint32_t n = left / u->value;
    if (n > u->count) n = u->count;
    out[i] = n; left -= n * u->value; items += n;
  }
  if (left) return E_NOTDISPENSABLE;
  if (items > MAX_ITEMS) return E_TOOMANYITEMS;
  return 0;
}

static int stacker_items(const uint32_t *a, int n) { int t = 0; for (int i = 0; i < n; i++) t += (int)a[i]; return t; }

/* COUNT: empties the bill units named (or all), counting their notes into the reject unit; the
 * count may differ from what the unit's counters said (a unit's ulCount is a belief, the count is
 * the fact): the simulator's units hold exactly what they say. */
static int32_t count_units(sim_service_t *svc, sim_cdm_state_t *d, sim_request_t *req, wfs_result_t *r) {
  if (req->in.w[1] && req->in.w[1] != POS_CENTER) return E_UNSUPPOSITION;
  int which[8], n = 0;
  for (int i = 0; i < d->nunits; i++) {
    if (!SIM_CDM_DISPENSING(d->units[i].type)) continue;
    if (req->in.w[0] || !strncmp(d->units[i].unit_id, req->in.text, 5)) which[n++] = i;
  }
  if (!n) return E_CASHUNITERROR;
  cdm_count_t *c = sim_alloc_more(r, sizeof *c);
  c->usNumPhysicalCUs = (uint16_t)n;
  c->lppCountedPhysCUs = sim_alloc_more(r, sizeof(void *) * (size_t)(n + 1));
  for (int k = 0; k < n; k++) {
    sim_cdm_unit_t *u = &d->units[which[k]];
    cdm_counted_phys_cu_t *x = sim_alloc_more(r, sizeof *x);
    x->lpPhysicalPositionName = sim_strdup_more(r, u->unit_id);
    memcpy(x->cUnitId, u->unit_id, 5);
    x->ulDispensed = u->count; x->ulCounted = u->count;
    d->units[0].count += u->count; u->dispensed += u->count; u->count = 0;
    u->status = 4;      /* WFS_CDM_STATCUEMPTY, until refilled */
    x->usPStatus = 4;
    c->lppCountedPhysCUs[k] = x;
  }
  sim_event(svc, EVC_SERVICE, NULL, EV_CASHUNITINFOCHANGED, sim_cdm_fill_unit, &d->units[0]);
  r->lpBuffer = c;
  return 0;
}

static int32_t run_command(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  sim_cdm_state_t *d = st(svc);
  uint16_t v = req->version;
  int handled = 0;
  int32_t more = sim_cdm_more_run(svc, req, r, &handled);
  if (handled) return more;
  switch (req->code) {
  case CMD_DENOMINATE: case CMD_DISPENSE: {
    uint32_t counts[8];
    int32_t hr = mix(d, &req->in, counts);
    if (hr) return hr;
    uint32_t amount = 0;
    for (int i = 0; i < d->nunits; i++) amount += counts[i] * d->units[i].value;
    if (req->code == CMD_DISPENSE) {
      if (d->note_error_next) {
        uint16_t reason = d->note_error_next;
        d->note_error_next = 0;
        sim_event(svc, EVC_EXECUTE, req, EV_NOTEERROR, fill_word, &reason);
      }
      if (stacker_items(d->stacker, d->nunits) || stacker_items(d->at_output, d->nunits)) return E_ITEMSNOTTAKEN;
      if (req->in.w[4] && req->in.w[4] != POS_CENTER) return E_UNSUPPOSITION;
      if (d->delay_next_ms) {        /* the device must wait (a recharge, a shutter) before it may dispense */
        uint32_t delay = d->delay_next_ms;
        d->delay_next_ms = 0;
        sim_event(svc, EVC_EXECUTE, req, EV_DELAYEDDISPENSE, fill_ulong, &delay);
        static const int never = 0;
        int32_t w = sim_wait(svc, req, &never, delay);
        if (w != 1) return w ? w : R_INTERNAL_ERROR;
      }
      uint32_t id = req->id;
      sim_event(svc, EVC_EXECUTE, req, EV_STARTDISPENSE, fill_ulong, &id);
      if (d->jam_after >= 0) {       /* notes move largest first until the jam; they wait in the stacker */
        uint32_t left = (uint32_t)d->jam_after, moved[8] = { 0 }, moved_amount = 0;
        int jammed = -1;
        d->jam_after = -1;
        for (int i = d->nunits - 1; i >= 0; i--) {
          if (!counts[i]) continue;
          uint32_t n = counts[i] < left ? counts[i] : left;
          moved[i] = n; left -= n; moved_amount += n * d->units[i].value;
          d->units[i].count -= n; d->units[i].dispensed += n; d->stacker[i] += n;
          if (n < counts[i]) { jammed = i; break; }
        }
        if (jammed < 0) jammed = d->nunits - 1;
        d->units[jammed].status = 5;   /* WFS_CDM_STATCUINOP */
        den_ctx_t partial = { req->in.text, moved_amount, moved, d->nunits };
        sim_event(svc, EVC_EXECUTE, req, EV_INCOMPLETEDISPENSE, fill_den, &partial);
        sim_event(svc, EVC_EXECUTE, req, EV_CASHUNITERROR, fill_cu_error, &d->units[jammed]);
        return E_CASHUNITERROR;
      }
      for (int i = 0; i < d->nunits; i++) {
        sim_cdm_unit_t *u = &d->units[i];
        if (!counts[i]) continue;
        u->count -= counts[i]; u->dispensed += counts[i];
        d->stacker[i] = counts[i];
        if (u->count == u->minimum || (u->count < u->minimum && u->count + counts[i] > u->minimum))
          sim_event(svc, EVC_USER, NULL, EV_CASHUNITTHRESHOLD, sim_cdm_fill_unit, u);
      }
      memcpy(d->last_currency, req->in.text, 3);
      d->last_currency[3] = 0;
      d->last_amount = amount;
      for (int k = 0; k < d->ntellers; k++)   /* the teller's ulItemsDispensed */
        if (d->tellers[k].id == req->in.w[0] && !strcmp(req->in.text, "EUR")) d->tellers[k].totals[1] += amount;
      d->present_state = 2;
      if (req->in.w[5]) {
        memcpy(d->at_output, d->stacker, sizeof d->stacker);
        memset(d->stacker, 0, sizeof d->stacker);
        for (int i = 0; i < d->nunits; i++) d->units[i].presented += d->at_output[i];
        sim_cdm_set_shutter(svc, SHT_OPEN);
        d->present_state = 1;
        sim_event(svc, EVC_SERVICE, NULL, EV_ITEMSPRESENTED, NULL, NULL);
      }
    }
    r->lpBuffer = build_den(r, req->in.text, amount, counts, d->nunits);
    (void)v;
    return 0;
  }
  case CMD_PRESENT: {
    if (req->in.w[0] && req->in.w[0] != POS_CENTER) return E_UNSUPPOSITION;
    if (!stacker_items(d->stacker, d->nunits)) return E_NOITEMS;
    for (int i = 0; i < d->nunits; i++) { d->at_output[i] += d->stacker[i]; d->units[i].presented += d->stacker[i]; }
    memset(d->stacker, 0, sizeof d->stacker);
    sim_cdm_set_shutter(svc, SHT_OPEN);
    d->present_state = 1;
    sim_event(svc, EVC_SERVICE, NULL, EV_ITEMSPRESENTED, NULL, NULL);
    return 0;
  }
  case CMD_REJECT: {
    int n = stacker_items(d->stacker, d->nunits);
    if (!n) return E_NOITEMS;
    for (int i = 0; i < d->nunits; i++) d->units[i].reject += d->stacker[i];
    d->units[0].count += (uint32_t)n;
    memset(d->stacker, 0, sizeof d->stacker);
    sim_event(svc, EVC_SERVICE, NULL, EV_CASHUNITINFOCHANGED, sim_cdm_fill_unit, &d->units[0]);
    return 0;
  }
  case CMD_RETRACT: {
    if (req->in.w[0] && req->in.w[0] != POS_CENTER) return E_UNSUPPOSITION;
    int n = stacker_items(d->at_output, d->nunits);
    if (!n) return E_NOITEMS;
    if (d->retract_jam_after >= 0) return incomplete_retract(svc, req, d);
    for (int i = 0; i < d->nunits; i++) d->units[i].retracted += d->at_output[i];
    d->units[0].count += (uint32_t)n;
    memset(d->at_output, 0, sizeof d->at_output);
    sim_cdm_set_shutter(svc, SHT_CLOSED);
    d->present_state = 2;
    sim_event(svc, EVC_SERVICE, NULL, EV_CASHUNITINFOCHANGED, sim_cdm_fill_unit, &d->units[0]);
    return 0;
  }
  case CMD_OPEN_SHUTTER: sim_cdm_set_shutter(svc, SHT_OPEN); return 0;
  case CMD_SET_MIX_TABLE: return sim_cdm_set_mix_table(d, &req->in);
  case CMD_COUNT: return count_units(svc, d, req, r);
  case CMD_PREPARE_DISPENSE: d->prepared = req->in.w[0] == 1; return 0;   /* WFS_CDM_START spins the dispenser up, STOP down */
  case CMD_CLOSE_SHUTTER: sim_cdm_set_shutter(svc, SHT_CLOSED); return 0;
  case CMD_RESET: {
    int n = stacker_items(d->stacker, d->nunits) + stacker_items(d->at_output, d->nunits);
    d->units[0].count += (uint32_t)n;
    if (n) {                   /* items found in the transport: into the reject unit (number 1) */
      uint16_t number = 1;
      sim_event(svc, EVC_SERVICE, NULL, EV_MEDIADETECTED, fill_item_position, &number);
    }
    memset(d->stacker, 0, sizeof d->stacker);
    memset(d->at_output, 0, sizeof d->at_output);
    sim_cdm_set_shutter(svc, SHT_CLOSED);
    for (int i = 0; i < d->nunits; i++) if (d->units[i].status == 5) d->units[i].status = 0;   /* the jam is cleared */
    return 0;
  }
  default:
    return R_UNSUPP_COMMAND;
  }
}

static const char *const EXTRA[] = { "Simulator=xfs4iot-gateway", "Model=SIM-CDM-1", NULL };

static int32_t info(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  sim_cdm_state_t *d = st(svc);
  uint16_t v = req->version;
  switch (req->code) {
  case INF_STATUS: {
    cdm_status_v320_t *s = sim_alloc_more(r, V320(v) ? sizeof(cdm_status_v320_t) : sizeof(cdm_status_v300_t));
    s->fwDevice = STAT_DEVONLINE;
    s->fwSafeDoor = 3;      /* closed */
    s->fwDispenser = 0;     /* ok */
    s->fwIntermediateStacker = stacker_items(d->stacker, d->nunits) ? 1 : 0;
    s->lppPositions = sim_alloc_more(r, 2 * sizeof(void *));
    cdm_outpos_v330_t *p = sim_alloc_more(r, V330(v) ? sizeof(cdm_outpos_v330_t) : sizeof(cdm_outpos_v300_t));
    p->fwPosition = POS_CENTER;
    p->fwShutter = (uint16_t)d->shutter;
    p->fwPositionStatus = stacker_items(d->at_output, d->nunits) ? 1 : 0;
    p->fwTransport = 0;
    p->fwTransportStatus = 0;
    if (V330(v)) p->fwJammedShutterPosition = 0;
    s->lppPositions[0] = p;
    s->lpszExtra = sim_extra_more(r, EXTRA);
    if (V320(v)) { s->wDevicePosition = 0; s->usPowerSaveRecoveryTime = 0; s->wAntiFraudModule = 0; }
    r->lpBuffer = s;
    return 0;
  }
  case INF_CAPABILITIES: {
    size_t sz = V330(v) ? sizeof(cdm_caps_v330_t) : V320(v) ? sizeof(cdm_caps_v320_t) : sizeof(cdm_caps_v300_t);
    cdm_caps_v330_t *c = sim_alloc_more(r, sz);
    c->wClass = 3; c->fwType = 1; c->wMaxDispenseItems = MAX_ITEMS; c->bCompound = 0;
    c->bShutter = 1; c->bShutterControl = 1; c->fwRetractAreas = 0x0001 | 0x0008;
    c->fwRetractTransportActions = 0x0001; c->fwRetractStackerActions = 0x0001;
    c->bSafeDoor = 1; c->bCashBox = 0; c->bIntermediateStacker = 1; c->bItemsTakenSensor = 1;
    c->fwPositions = POS_CENTER; c->fwMoveItems = 0x0001 | 0x0008; c->fwExchangeType = 0x0001;
    c->lpszExtra = sim_extra_more(r, EXTRA);
    if (V320(v)) { c->bPowerSaveControl = 0; c->bPrepareDispense = 1; c->bAntiFraudModule = 0; }
    if (V330(v)) { c->dwItemInfoTypes = 0; c->bBlacklist = 0; c->lpdwSynchronizableCommands = sim_alloc_more(r, sizeof(uint32_t)); }
    r->lpBuffer = c;
    return 0;
  }
  case INF_CASH_UNIT_INFO: {
    cdm_cu_info_t *ci = sim_alloc_more(r, sizeof *ci);
    ci->usTellerID = 0;
    ci->usCount = (uint16_t)d->nunits;
    ci->lppList = sim_alloc_more(r, sizeof(void *) * (size_t)(d->nunits + 1));
    for (int i = 0; i < d->nunits; i++) ci->lppList[i] = sim_cdm_build_unit(r, v, &d->units[i]);
    r->lpBuffer = ci;
    return 0;
  }
  case INF_CURRENCY_EXP: {
    cdm_currency_exp_t **list = sim_alloc_more(r, 2 * sizeof(void *));
    list[0] = sim_alloc_more(r, sizeof(cdm_currency_exp_t));
    memcpy(list[0]->cCurrencyID, "EUR", 3);
    /* 0 by default: values and amounts in whole euros (10, 20 and 50 EUR notes); SimCdmSetExponent
     * -2 makes them cents (1000, 2000, 5000), as many real dispensers report. */
    list[0]->sExponent = d->exponent;
    r->lpBuffer = list;
    return 0;
  }
  case INF_MIX_TYPES: {
    cdm_mix_type_t **list = sim_alloc_more(r, (size_t)(d->ntables + 2) * sizeof(void *));
    list[0] = sim_alloc_more(r, sizeof(cdm_mix_type_t));
    list[0]->usMixNumber = 1;
    list[0]->usMixType = 1;   /* mix algorithm */
    list[0]->usSubType = 1;   /* minimum number of bills */
    list[0]->lpszName = sim_strdup_more(r, "Minimum number of notes");
    for (int t = 0; t < d->ntables; t++) {
      cdm_mix_type_t *m = list[t + 1] = sim_alloc_more(r, sizeof(cdm_mix_type_t));
      m->usMixNumber = d->tables[t].number;
      m->usMixType = 2;       /* mix table */
      m->lpszName = sim_strdup_more(r, d->tables[t].name);
    }
    r->lpBuffer = list;
    return 0;
  }
  case INF_MIX_TABLE: {
    int t = sim_cdm_find_table(d, req->in.w[0]);
    if (t < 0) return E_INVALIDMIXNUMBER;
    r->lpBuffer = sim_cdm_build_mix_table(r, d, t);
    return 0;
  }
  case INF_PRESENT_STATUS: {
    if (req->in.w[0] != POS_CENTER) return E_UNSUPPOSITION;
    cdm_present_status_t *p = sim_alloc_more(r, sizeof *p);
    uint32_t zero[8] = { 0 };
    p->lpDenomination = build_den(r, d->last_currency[0] ? d->last_currency : "EUR", d->last_amount, zero, 0);
    p->wPresentState = (uint16_t)d->present_state;
    p->lpszExtra = sim_extra_more(r, NULL);
    r->lpBuffer = p;
    return 0;
  }
  default:
    return sim_cdm_more_info(svc, req, r);
  }
}

/* Every command may move notes or the shutter: the physical state is kept after each. */
static int32_t execute(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  int32_t hr = run_command(svc, req, r);
  sim_cdm_save(svc);
  return hr;
}

const sim_class_t sim_cdm_class = { parse_exec, parse_info, execute, info, init, NULL, NULL };

/* ---- control ---- */
static sim_service_t *cdm_service(const char *name) {
  sim_service_t *s = sim_find_class_service(name, 3);
  return s ? s : NULL;
}

/* The customer takes the presented notes: ITEMSTAKEN. Returns 0, -1 unknown service, -2 none. */
SIM_EXPORT int32_t SimCdmTakeNotes(const char *name) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = cdm_service(name);
  int32_t rc = -1;
  if (s) {
    sim_cdm_state_t *d = st(s);
    if (!stacker_items(d->at_output, d->nunits)) rc = -2;
    else {
      memset(d->at_output, 0, sizeof d->at_output);
      sim_cdm_set_shutter(s, SHT_CLOSED);
      uint16_t pos = POS_CENTER;
      sim_event(s, EVC_SERVICE, NULL, EV_ITEMSTAKEN, fill_word, &pos);
      sim_cdm_save(s);
      rc = 0;
    }
  }
  pthread_mutex_unlock(&g_lock);
  return rc;
}

/* Sets the count of cash unit `number` (1-based). */
SIM_EXPORT int32_t SimCdmSetCount(const char *name, uint32_t number, uint32_t count) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = cdm_service(name);
  int32_t rc = -1;
  if (s && number >= 1 && number <= (uint32_t)st(s)->nunits) {
    st(s)->units[number - 1].count = count;
    if (count && st(s)->units[number - 1].status == 4) st(s)->units[number - 1].status = 0;   /* refilled */
    sim_cdm_save(s);
    sim_event(s, EVC_SERVICE, NULL, EV_CASHUNITINFOCHANGED, sim_cdm_fill_unit, &st(s)->units[number - 1]);
    rc = 0;
  }
  pthread_mutex_unlock(&g_lock);
  return rc;
}

/* Reports EUR with this currency exponent (0 or below): every note value is rescaled so the notes
 * stay worth the same, and amounts are then given and reported in 10^exponent EUR. */
SIM_EXPORT int32_t SimCdmSetExponent(const char *name, int32_t exponent) {
  if (exponent > 0 || exponent < -4) return -1;
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = cdm_service(name);
  if (s) {
    sim_cdm_state_t *d = st(s);
    for (int i = 0; i < d->nunits; i++) {
      uint32_t v = d->units[i].value;
      for (int e = d->exponent; e < 0; e++) v /= 10;
      for (int e = exponent; e < 0; e++) v *= 10;
      d->units[i].value = v;
    }
    d->exponent = (int16_t)exponent;
    sim_cdm_save(s);
  }
  pthread_mutex_unlock(&g_lock);
  return s ? 0 : -1;
}

/* The next dispense reports a note error (execute event NOTEERROR with this reason) and goes on. */
SIM_EXPORT int32_t SimCdmNoteErrorNext(const char *name, uint32_t reason) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = cdm_service(name);
  if (s) st(s)->note_error_next = (uint16_t)reason;
  pthread_mutex_unlock(&g_lock);
  return s ? 0 : -1;
}

/* The next dispense is delayed by ms (DELAYEDDISPENSE, then STARTDISPENSE), or, with jamAfter >= 0,
 * jams after that many notes: INCOMPLETEDISPENSE with what moved, CASHUNITERROR for the unit, which
 * becomes inoperative, and WFS_ERR_CDM_CASHUNITERROR; the moved notes wait in the stacker. */
SIM_EXPORT int32_t SimCdmDispenseFault(const char *name, uint32_t delayMs, int32_t jamAfter) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = cdm_service(name);
  if (s) { st(s)->delay_next_ms = delayMs; st(s)->jam_after = jamAfter; }
  pthread_mutex_unlock(&g_lock);
  return s ? 0 : -1;
}

/* The next retract stops after jamAfter notes (-1: no fault) with reason (WFS_CDM_IR*, 1..4). */
SIM_EXPORT int32_t SimCdmRetractFault(const char *name, int32_t jamAfter, uint32_t reason) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = cdm_service(name);
  if (s) { st(s)->retract_jam_after = jamAfter; st(s)->retract_fault_reason = (uint16_t)reason; }
  pthread_mutex_unlock(&g_lock);
  return s ? 0 : -1;
}

/* 1 while a PREPARE_DISPENSE START is in force, 0 when stopped; -1 unknown service. */
SIM_EXPORT int32_t SimCdmPrepared(const char *name) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = cdm_service(name);
  int32_t v = s ? st(s)->prepared : -1;
  pthread_mutex_unlock(&g_lock);
  return v;
}

/* Notes waiting at the output position (tests). */
SIM_EXPORT int32_t SimCdmNotesAtOutput(const char *name) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = cdm_service(name);
  int32_t n = s ? stacker_items(st(s)->at_output, st(s)->nunits) : -1;
  pthread_mutex_unlock(&g_lock);
  return n;
}

/* The device forgets what it presented (WFS_CDM_UNKNOWN), as after a power failure of a dispenser
 * without non-volatile present status. */
SIM_EXPORT int32_t SimCdmForgetPresentStatus(const char *name) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = cdm_service(name);
  if (s) { st(s)->present_state = 3; sim_cdm_save(s); }
  pthread_mutex_unlock(&g_lock);
  return s ? 0 : -1;
}
