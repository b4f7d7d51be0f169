/* Simulated PTR: a receipt printer with one paper roll, a cutter, an exit slot and one retract
 * bin. Forms and media are data (sim_ptr_forms.c). Everything printed is kept as text so tests can
 * read what the customer would get (SimPtrOutput); SimPtrTakeMedia takes the receipt from the
 * exit slot (MEDIATAKEN). All with g_lock held. Queries in sim_ptr_info.c, controls in
 * sim_ptr_control.c, forms in sim_ptr_forms.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim_ptr.h"

/* One per printer service; as many as the simulator has services (tests add one per case). */
#define MAX_PRINTERS 256
static ptr_state_t g_ptr[MAX_PRINTERS];

ptr_state_t *sim_ptr_state(sim_service_t *svc) {
  for (int i = 0; i < MAX_PRINTERS; i++) if (g_ptr[i].svc == svc) return &g_ptr[i];
  return NULL;
}
static ptr_state_t *st(sim_service_t *svc) { return sim_ptr_state(svc); }

static void init(sim_service_t *svc) {
  ptr_state_t *d = st(svc);
  for (int i = 0; !d && i < MAX_PRINTERS; i++) if (!g_ptr[i].svc) d = &g_ptr[i];
  if (!d) return;
  memset(d, 0, sizeof *d);
  d->svc = svc;
  d->media = MEDIA_NOTPRESENT;
  d->paper = SUPPLY_FULL; d->toner = SUPPLY_FULL;
  d->bin_high = 8; d->bin_capacity = 10;
  d->kind = KIND_RECEIPT;
  d->ink = NOTSUPP; d->lamp = NOTSUPP;
}

void sim_ptr_emit(ptr_state_t *d, const char *s, size_t n) {
  if (d->out_len + n >= OUT_MAX) n = OUT_MAX - 1 - d->out_len;
  memcpy(d->out + d->out_len, s, n);
  d->out_len += n;
  d->out[d->out_len] = 0;
}

/* ---- input ---- */
static size_t multisz_len(const char *s) {
  size_t n = 0;
  while (s[n]) n += strlen(s + n) + 1;
  return n + 1;
}

static int parse_exec(uint16_t v, uint32_t cmd, const void *data, sim_input_t *in) {
  (void)v;
  switch (cmd) {
  case CMD_PRINT_FORM: {
    if (!data) return R_INVALID_POINTER;
    const ptr_print_form_t *p = data;
    if (!p->lpszFormName) return R_INVALID_DATA;
    if (strlen(p->lpszFormName) >= sizeof in->text) return E_FORMNOTFOUND;
    snprintf(in->text, sizeof in->text, "%s", p->lpszFormName);
    if (p->lpszMediaName) {
      if (strlen(p->lpszMediaName) >= sizeof in->items[0].data) return E_MEDIANOTFOUND;
      snprintf((char *)in->items[0].data, sizeof in->items[0].data, "%s", p->lpszMediaName);
      in->nitems = 1;
    }
    in->w[0] = p->dwMediaControl;
    if (p->lpszFields) {
      size_t n = multisz_len(p->lpszFields);
      if (n > SIM_MAX_BYTES) return R_INVALID_DATA;
      memcpy(in->bytes, p->lpszFields, n);
      in->nbytes = (uint32_t)n;
    }
    return 0;
  }
  case CMD_RAW_DATA: {
    if (!data) return R_INVALID_POINTER;
    const ptr_raw_data_t *r = data;
    if (r->ulSize > SIM_MAX_BYTES) return R_INVALID_DATA;
    if (r->ulSize && !r->lpbData) return R_INVALID_POINTER;
    in->w[0] = r->wInputData;
    memcpy(in->bytes, r->lpbData, r->ulSize);
    in->nbytes = r->ulSize;
    return 0;
  }
  case CMD_CONTROL_MEDIA:
    if (!data) return R_INVALID_POINTER;
    in->w[0] = *(const uint32_t *)data;
    return 0;
  case CMD_RESET:
    if (data) { in->w[0] = ((const ptr_reset_t *)data)->dwMediaControl; in->w[1] = ((const ptr_reset_t *)data)->usRetractBinNumber; in->w[2] = 1; }
    return 0;
  case CMD_RETRACT_MEDIA: case CMD_RESET_COUNT: case CMD_DISPENSE_PAPER:
    in->w[0] = data ? *(const uint16_t *)data : 0;
    return 0;
  default:
    return sim_ptr_parse_doc(cmd, data, in);
  }
}

static int parse_info(uint16_t v, uint32_t cat, const void *data, sim_input_t *in) {
  (void)v;
  switch (cat) {
  case INF_STATUS: case INF_CAPABILITIES: case INF_FORM_LIST: case INF_MEDIA_LIST: return 0;
  case INF_QUERY_FORM: case INF_QUERY_MEDIA:
    if (!data) return R_INVALID_POINTER;
    if (strlen(data) >= sizeof in->text) return cat == INF_QUERY_FORM ? E_FORMNOTFOUND : E_MEDIANOTFOUND;
    snprintf(in->text, sizeof in->text, "%s", (const char *)data);
    return 0;
  case INF_QUERY_FIELD: {
    if (!data) return R_INVALID_POINTER;
    const ptr_query_field_t *q = data;
    if (!q->lpszFormName) return R_INVALID_DATA;
    if (strlen(q->lpszFormName) >= sizeof in->text) return E_FORMNOTFOUND;
    snprintf(in->text, sizeof in->text, "%s", q->lpszFormName);
    if (q->lpszFieldName) {
      if (strlen(q->lpszFieldName) >= sizeof in->items[0].data) return E_FIELDNOTFOUND;
      snprintf((char *)in->items[0].data, sizeof in->items[0].data, "%s", q->lpszFieldName);
      in->nitems = 1;
    }
    return 0;
  }
  default: return R_UNSUPP_CATEGORY;
  }
}

/* ---- events ---- */
void sim_ptr_fill_word(wfs_result_t *r, uint16_t v, const void *ctx) {
  (void)v;
  uint16_t *w = sim_alloc_more(r, sizeof *w);
  *w = *(const uint16_t *)ctx;
  r->lpBuffer = w;
}
void sim_ptr_fill_two_words(wfs_result_t *r, uint16_t v, const void *ctx) {
  (void)v;
  uint16_t *w = sim_alloc_more(r, 2 * sizeof *w);
  memcpy(w, ctx, 2 * sizeof *w);
  r->lpBuffer = w;
}

static void bin_event(sim_service_t *svc, uint16_t state) {
  uint16_t ev[2] = { 1, state };   /* usBinNumber, wRetractBin */
  sim_event(svc, EVC_USER, NULL, EV_RETRACTBINTHRESHOLD, sim_ptr_fill_two_words, ev);
}
int sim_ptr_bin_state(const ptr_state_t *d) {
  return d->bin_count >= d->bin_capacity ? BIN_FULL : d->bin_count >= d->bin_high ? BIN_HIGH : BIN_OK;
}

/* ---- commands ---- */
int32_t sim_ptr_retract(sim_service_t *svc, ptr_state_t *d, uint16_t bin) {
  if (bin > 1) return R_INVALID_DATA;
  if (d->media == MEDIA_NOTPRESENT) return E_NOMEDIAPRESENT;
  if (sim_ptr_bin_state(d) == BIN_FULL) return E_RETRACTBINFULL;
  int before = sim_ptr_bin_state(d);
  d->bin_count++;
  d->media = MEDIA_NOTPRESENT;
  sim_ptr_emit(d, "<retracted>\n", 12);
  if (sim_ptr_bin_state(d) != before) bin_event(svc, (uint16_t)sim_ptr_bin_state(d));
  return 0;
}

int32_t sim_ptr_media_control(sim_service_t *svc, sim_request_t *req, ptr_state_t *d, uint32_t flags) {
  if (!flags) return R_INVALID_DATA;
  if (flags & ~(uint32_t)CONTROLS) return R_UNSUPP_DATA;
  if (flags & CTRL_RETRACT) return sim_ptr_retract(svc, d, 1);
  if ((flags & (CTRL_CUT | CTRL_EJECT)) && d->media == MEDIA_NOTPRESENT) return E_NOMEDIAPRESENT;
  if ((flags & CTRL_CUT) && d->media == MEDIA_PRESENT) sim_ptr_emit(d, "<cut>\n", 6);
  if ((flags & CTRL_EJECT) && d->media == MEDIA_PRESENT) {
    d->media = MEDIA_ENTERING;
    uint16_t wads[2] = { 1, 1 };
    sim_event(svc, EVC_EXECUTE, req, EV_MEDIAPRESENTED, sim_ptr_fill_two_words, wads);
  }
  return 0;
}

static int32_t supplies_ok(ptr_state_t *d) {
  if (d->paper == SUPPLY_OUT) return E_PAPEROUT;
  if (d->toner == SUPPLY_OUT) return E_TONEROUT;
  return 0;
}

/* Field values of "NAME=value" or "NAME[i]=value" entries. */
static int32_t print_form(sim_service_t *svc, sim_request_t *req, ptr_state_t *d) {
  const form_def_t *form = sim_ptr_find_form(d, req->in.text);
  if (!form) return E_FORMNOTFOUND;
  if (req->in.nitems && strcmp((const char *)req->in.items[0].data, SIM_PTR_MEDIA_NAMES[0])) return E_MEDIANOTFOUND;
  int32_t hr = supplies_ok(d);
  if (hr) return hr;
  if (form->doc_only) {
    if ((hr = sim_ptr_accept_media(svc, req, d, form->prompt))) return hr;
    if (d->doc_type == DOC_PASSBOOK && d->closed) return E_PASSBOOKCLOSED;
    char mark[40];
    int n = snprintf(mark, sizeof mark, d->doc_type == DOC_PASSBOOK ? "<page %d>\n" : "<document>\n", d->page);
    sim_ptr_emit(d, mark, (size_t)n);
  }
  char values[8][4][40];
  int given[8][4];
  memset(values, 0, sizeof values);
  memset(given, 0, sizeof given);
  const char *p = (const char *)req->in.bytes;
  while (req->in.nbytes && *p) {
    char name[64];
    const char *eq = strchr(p, '=');
    size_t nlen = eq ? (size_t)(eq - p) : strlen(p);
    if (nlen >= sizeof name) nlen = sizeof name - 1;
    memcpy(name, p, nlen);
    name[nlen] = 0;
    int index = 0;
    char *br = strchr(name, '[');
    if (br) { index = (int)strtol(br + 1, NULL, 10); *br = 0; }
    int f = sim_ptr_find_field(form, name);
    sim_field_fail_ctx_t fail = { form->name, name, FIELD_NOTFOUND };
    if (f < 0 || !eq || index < 0 || index >= (form->fields[f].index_count ? form->fields[f].index_count : 1)) {
      sim_event(svc, EVC_EXECUTE, req, EV_FIELDWARNING, sim_fill_field_fail, &fail);
    } else if (form->fields[f].cls == CLS_STATIC) {
      fail.failure = FIELD_STATICOVWR;
      sim_event(svc, EVC_EXECUTE, req, EV_FIELDWARNING, sim_fill_field_fail, &fail);
    } else {
      const char *value = eq + 1;
      size_t vlen = strlen(value), width = form->fields[f].width;
      if (vlen > width) {
        fail.failure = FIELD_OVERFLOW;
        sim_event(svc, EVC_EXECUTE, req, EV_FIELDWARNING, sim_fill_field_fail, &fail);
        vlen = width;
      }
      memcpy(values[f][index], value, vlen);
      values[f][index][vlen] = 0;
      given[f][index] = 1;
    }
    p += strlen(p) + 1;
  }
  for (int f = 0; f < form->nfields; f++) {
    if (form->fields[f].cls != CLS_REQUIRED || given[f][0]) continue;
    sim_field_fail_ctx_t fail = { form->name, form->fields[f].name, FIELD_REQUIRED };
    sim_event(svc, EVC_EXECUTE, req, EV_FIELDERROR, sim_fill_field_fail, &fail);
    return E_FIELDERROR;
  }
  char line[96];
  for (int f = 0; f < form->nfields; f++) {
    const field_def_t *fd = &form->fields[f];
    int count = fd->index_count ? fd->index_count : 1;
    for (int i = 0; i < count; i++) {
      int n;
      if (fd->cls == CLS_STATIC) n = snprintf(line, sizeof line, "%s\n", fd->initial);
      else if (given[f][i]) n = snprintf(line, sizeof line, "%s: %s\n", fd->name, values[f][i]);
      else continue;
      sim_ptr_emit(d, line, (size_t)n);
    }
  }
  d->media = d->media == MEDIA_ENTERING ? MEDIA_ENTERING : MEDIA_PRESENT;
  return req->in.w[0] ? sim_ptr_media_control(svc, req, d, req->in.w[0]) : 0;
}

static int32_t execute(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  ptr_state_t *d = st(svc);
  if (!d) return R_INTERNAL_ERROR;
  switch (req->code) {
  case CMD_PRINT_FORM: return print_form(svc, req, d);
  case CMD_RAW_DATA: {
    int32_t hr = supplies_ok(d);
    if (hr) return hr;
    sim_ptr_emit(d, (const char *)req->in.bytes, req->in.nbytes);
    if (req->in.nbytes) d->media = d->media == MEDIA_ENTERING ? MEDIA_ENTERING : MEDIA_PRESENT;
    if (req->in.w[0]) r->lpBuffer = sim_alloc_more(r, sizeof(ptr_raw_data_in_t)); /* the printer answers nothing */
    return 0;
  }
  case CMD_CONTROL_MEDIA: return sim_ptr_media_control(svc, req, d, req->in.w[0]);
  case CMD_RETRACT_MEDIA: {
    uint16_t bin = 1;
    int32_t hr = sim_ptr_retract(svc, d, (uint16_t)req->in.w[0]);
    if (hr) return hr;
    uint16_t *out = sim_alloc_more(r, sizeof *out);
    *out = bin;
    r->lpBuffer = out;
    return 0;
  }
  case CMD_DISPENSE_PAPER: {
    /* A blank sheet from the roll to the exit slot, for the customer to write on. */
    if (req->in.w[0] != 0x0001 && req->in.w[0] != PAPER_UPPER) return E_SOURCEINVALID;
    if (d->media != MEDIA_NOTPRESENT) return E_SEQUENCEINVALID;
    if (d->paper == SUPPLY_OUT) return E_PAPEROUT;   /* a blank sheet needs no toner */
    sim_ptr_emit(d, "<blank>\n<cut>\n", 15);
    d->media = MEDIA_ENTERING;
    return 0;
  }
  case CMD_RESET_COUNT: {
    if (req->in.w[0] > 1) return R_INVALID_DATA;
    int before = sim_ptr_bin_state(d);
    d->bin_count = 0;
    if (before != BIN_OK) bin_event(svc, BIN_OK);
    return 0;
  }
  case CMD_RESET: {
    if (d->media == MEDIA_NOTPRESENT) return 0;
    uint32_t how = req->in.w[2] ? req->in.w[0] : CTRL_RETRACT;
    ptr_media_detected_t found = { MEDIA_ENTERING, 0 };
    if (how & CTRL_RETRACT) {
      int32_t hr = sim_ptr_retract(svc, d, (uint16_t)req->in.w[1]);
      if (hr) return hr;
      found.wPosition = MEDIA_RETRACTED;
      found.usRetractBinNumber = 1;
    } else if (how & CTRL_EJECT) {
      d->media = MEDIA_ENTERING;
    } else {
      return R_UNSUPP_DATA;
    }
    sim_event(svc, EVC_SERVICE, NULL, EV_MEDIADETECTED, sim_ptr_fill_two_words, &found);
    return 0;
  }
  default:
    return sim_ptr_doc_execute(svc, req, r, d);
  }
}

const sim_class_t sim_ptr_class = { parse_exec, parse_info, execute, sim_ptr_info, init, NULL, NULL };

_Static_assert(sizeof(ptr_field_fail_t) == sizeof(sim_field_fail_t), "WFSPTRFIELDFAIL is sim_field_fail_t");
