/* Simulated PTR: a receipt printer with one paper roll, a cutter, an exit slot and one retract
 * bin. Forms and media are data (tables below). Everything printed is kept as text so tests can
 * read what the customer would get (SimPtrOutput); SimPtrTakeMedia takes the receipt from the
 * exit slot (MEDIATAKEN). All with g_lock held. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim_ptr.h"

enum { CMD_CONTROL_MEDIA = 101, CMD_PRINT_FORM, CMD_RAW_DATA = 104, CMD_RESET_COUNT = 106, CMD_RESET = 108,
       CMD_RETRACT_MEDIA };
enum { INF_STATUS = 101, INF_CAPABILITIES, INF_FORM_LIST, INF_MEDIA_LIST, INF_QUERY_FORM, INF_QUERY_MEDIA,
       INF_QUERY_FIELD };
enum { EV_FIELDERROR = 103, EV_FIELDWARNING, EV_RETRACTBINTHRESHOLD, EV_MEDIATAKEN, EV_PAPERTHRESHOLD,
       EV_TONERTHRESHOLD, EV_MEDIADETECTED = 112, EV_MEDIAPRESENTED = 114 };
enum { E_FORMNOTFOUND = -100, E_FIELDNOTFOUND = -101, E_NOMEDIAPRESENT = -102, E_FIELDERROR = -107,
       E_MEDIANOTFOUND = -108, E_RETRACTBINFULL = -114, E_PAPEROUT = -123, E_TONEROUT = -125 };
enum { MEDIA_PRESENT = 0, MEDIA_NOTPRESENT = 1, MEDIA_ENTERING = 5, MEDIA_RETRACTED = 6 };
enum { CTRL_EJECT = 0x0001, CTRL_CUT = 0x0004, CTRL_FLUSH = 0x0010, CTRL_RETRACT = 0x0020 };
enum { FIELD_REQUIRED = 0, FIELD_STATICOVWR = 1, FIELD_OVERFLOW = 2, FIELD_NOTFOUND = 3 };
enum { CLS_STATIC = 0, CLS_OPTIONAL = 1, CLS_REQUIRED = 2 };
enum { BIN_OK = 0, BIN_FULL = 1, BIN_HIGH = 4 };
enum { PAPER_UPPER = 0x0002, SUPPLY_FULL = 0, SUPPLY_LOW = 1, SUPPLY_OUT = 2, NOTSUPP = 3 };
#define CONTROLS (CTRL_EJECT | CTRL_CUT | CTRL_FLUSH | CTRL_RETRACT)
#define V320(v) (sim_vnum(v) >= 320)
#define V330(v) (sim_vnum(v) >= 330)
#define OUT_MAX 16384

/* ---- forms and media as data ---- */
typedef struct { const char *name; uint16_t cls; uint16_t width; uint16_t index_count; const char *initial; } field_def_t;
typedef struct { const char *name; const field_def_t *fields; int nfields; } form_def_t;

static const field_def_t RECEIPT_FIELDS[] = {
  { "TITLE", CLS_STATIC, 24, 0, "SIMULATED BANK" },
  { "DATE", CLS_OPTIONAL, 20, 0, "" },
  { "ACCOUNT", CLS_OPTIONAL, 20, 0, "" },
  { "AMOUNT", CLS_REQUIRED, 16, 0, "" },
  { "LINE", CLS_OPTIONAL, 32, 3, "" },
};
static const field_def_t BALANCE_FIELDS[] = {
  { "TITLE", CLS_STATIC, 24, 0, "BALANCE ENQUIRY" },
  { "ACCOUNT", CLS_OPTIONAL, 20, 0, "" },
  { "BALANCE", CLS_REQUIRED, 16, 0, "" },
};
static const form_def_t FORMS[] = {
  { "RECEIPT", RECEIPT_FIELDS, 5 },
  { "BALANCE", BALANCE_FIELDS, 3 },
};
#define NFORMS 2
static const char *const FORM_NAMES[] = { "RECEIPT", "BALANCE", NULL };
static const char *const MEDIA_NAMES[] = { "RECEIPT80", NULL };

static const form_def_t *find_form(const char *name) {
  for (int i = 0; i < NFORMS; i++) if (!strcmp(FORMS[i].name, name)) return &FORMS[i];
  return NULL;
}
static int find_field(const form_def_t *f, const char *name) {
  for (int i = 0; i < f->nfields; i++) if (!strcmp(f->fields[i].name, name)) return i;
  return -1;
}

/* ---- state: kept here, keyed by service, so sim.h needs no PTR member ---- */
typedef struct {
  sim_service_t *svc;
  int media;                   /* MEDIA_NOTPRESENT, MEDIA_PRESENT (printed, in the printer), MEDIA_ENTERING (at the exit) */
  int paper, toner;
  int bin_count, bin_high, bin_capacity;
  char out[OUT_MAX];
  size_t out_len;
} ptr_state_t;

static ptr_state_t g_ptr[16];

static ptr_state_t *st(sim_service_t *svc) {
  for (int i = 0; i < 16; i++) if (g_ptr[i].svc == svc) return &g_ptr[i];
  return NULL;
}

static void init(sim_service_t *svc) {
  ptr_state_t *d = st(svc);
  for (int i = 0; !d && i < 16; i++) if (!g_ptr[i].svc) d = &g_ptr[i];
  if (!d) return;
  memset(d, 0, sizeof *d);
  d->svc = svc;
  d->media = MEDIA_NOTPRESENT;
  d->paper = SUPPLY_FULL; d->toner = SUPPLY_FULL;
  d->bin_high = 8; d->bin_capacity = 10;
}

static void emit(ptr_state_t *d, const char *s, size_t n) {
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
  case CMD_RETRACT_MEDIA: case CMD_RESET_COUNT:
    in->w[0] = data ? *(const uint16_t *)data : 0;
    return 0;
  default:
    return R_UNSUPP_COMMAND;
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
typedef struct { const char *form; const char *field; uint16_t failure; } field_fail_ctx_t;
static void fill_field_fail(wfs_result_t *r, uint16_t v, const void *ctx) {
  (void)v;
  const field_fail_ctx_t *c = ctx;
  ptr_field_fail_t *f = sim_alloc_more(r, sizeof *f);
  f->lpszFormName = sim_strdup_more(r, c->form);
  f->lpszFieldName = sim_strdup_more(r, c->field);
  f->wFailure = c->failure;
  r->lpBuffer = f;
}
static void fill_word(wfs_result_t *r, uint16_t v, const void *ctx) {
  (void)v;
  uint16_t *w = sim_alloc_more(r, sizeof *w);
  *w = *(const uint16_t *)ctx;
  r->lpBuffer = w;
}
static void fill_two_words(wfs_result_t *r, uint16_t v, const void *ctx) {
  (void)v;
  uint16_t *w = sim_alloc_more(r, 2 * sizeof *w);
  memcpy(w, ctx, 2 * sizeof *w);
  r->lpBuffer = w;
}

static void bin_event(sim_service_t *svc, uint16_t state) {
  uint16_t ev[2] = { 1, state };   /* usBinNumber, wRetractBin */
  sim_event(svc, EVC_USER, NULL, EV_RETRACTBINTHRESHOLD, fill_two_words, ev);
}
static int bin_state(const ptr_state_t *d) {
  return d->bin_count >= d->bin_capacity ? BIN_FULL : d->bin_count >= d->bin_high ? BIN_HIGH : BIN_OK;
}

/* ---- commands ---- */
static int32_t retract(sim_service_t *svc, ptr_state_t *d, uint16_t bin) {
  if (bin > 1) return R_INVALID_DATA;
  if (d->media == MEDIA_NOTPRESENT) return E_NOMEDIAPRESENT;
  if (bin_state(d) == BIN_FULL) return E_RETRACTBINFULL;
  int before = bin_state(d);
  d->bin_count++;
  d->media = MEDIA_NOTPRESENT;
  emit(d, "<retracted>\n", 12);
  if (bin_state(d) != before) bin_event(svc, (uint16_t)bin_state(d));
  return 0;
}

static int32_t control(sim_service_t *svc, sim_request_t *req, ptr_state_t *d, uint32_t flags) {
  if (!flags) return R_INVALID_DATA;
  if (flags & ~(uint32_t)CONTROLS) return R_UNSUPP_DATA;
  if (flags & CTRL_RETRACT) return retract(svc, d, 1);
  if ((flags & (CTRL_CUT | CTRL_EJECT)) && d->media == MEDIA_NOTPRESENT) return E_NOMEDIAPRESENT;
  if ((flags & CTRL_CUT) && d->media == MEDIA_PRESENT) emit(d, "<cut>\n", 6);
  if ((flags & CTRL_EJECT) && d->media == MEDIA_PRESENT) {
    d->media = MEDIA_ENTERING;
    uint16_t wads[2] = { 1, 1 };
    sim_event(svc, EVC_EXECUTE, req, EV_MEDIAPRESENTED, fill_two_words, wads);
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
  const form_def_t *form = find_form(req->in.text);
  if (!form) return E_FORMNOTFOUND;
  if (req->in.nitems && strcmp((const char *)req->in.items[0].data, MEDIA_NAMES[0])) return E_MEDIANOTFOUND;
  int32_t hr = supplies_ok(d);
  if (hr) return hr;
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
    int f = find_field(form, name);
    field_fail_ctx_t fail = { form->name, name, FIELD_NOTFOUND };
    if (f < 0 || !eq || index < 0 || index >= (form->fields[f].index_count ? form->fields[f].index_count : 1)) {
      sim_event(svc, EVC_EXECUTE, req, EV_FIELDWARNING, fill_field_fail, &fail);
    } else if (form->fields[f].cls == CLS_STATIC) {
      fail.failure = FIELD_STATICOVWR;
      sim_event(svc, EVC_EXECUTE, req, EV_FIELDWARNING, fill_field_fail, &fail);
    } else {
      const char *value = eq + 1;
      size_t vlen = strlen(value), width = form->fields[f].width;
      if (vlen > width) {
        fail.failure = FIELD_OVERFLOW;
        sim_event(svc, EVC_EXECUTE, req, EV_FIELDWARNING, fill_field_fail, &fail);
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
    field_fail_ctx_t fail = { form->name, form->fields[f].name, FIELD_REQUIRED };
    sim_event(svc, EVC_EXECUTE, req, EV_FIELDERROR, fill_field_fail, &fail);
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
      emit(d, line, (size_t)n);
    }
  }
  d->media = d->media == MEDIA_ENTERING ? MEDIA_ENTERING : MEDIA_PRESENT;
  return req->in.w[0] ? control(svc, req, d, req->in.w[0]) : 0;
}

static int32_t execute(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  ptr_state_t *d = st(svc);
  if (!d) return R_INTERNAL_ERROR;
  switch (req->code) {
  case CMD_PRINT_FORM: return print_form(svc, req, d);
  case CMD_RAW_DATA: {
    int32_t hr = supplies_ok(d);
    if (hr) return hr;
    emit(d, (const char *)req->in.bytes, req->in.nbytes);
    if (req->in.nbytes) d->media = d->media == MEDIA_ENTERING ? MEDIA_ENTERING : MEDIA_PRESENT;
    if (req->in.w[0]) r->lpBuffer = sim_alloc_more(r, sizeof(ptr_raw_data_in_t)); /* the printer answers nothing */
    return 0;
  }
  case CMD_CONTROL_MEDIA: return control(svc, req, d, req->in.w[0]);
  case CMD_RETRACT_MEDIA: {
    uint16_t bin = 1;
    int32_t hr = retract(svc, d, (uint16_t)req->in.w[0]);
    if (hr) return hr;
    uint16_t *out = sim_alloc_more(r, sizeof *out);
    *out = bin;
    r->lpBuffer = out;
    return 0;
  }
  case CMD_RESET_COUNT: {
    if (req->in.w[0] > 1) return R_INVALID_DATA;
    int before = bin_state(d);
    d->bin_count = 0;
    if (before != BIN_OK) bin_event(svc, BIN_OK);
    return 0;
  }
  case CMD_RESET: {
    if (d->media == MEDIA_NOTPRESENT) return 0;
    uint32_t how = req->in.w[2] ? req->in.w[0] : CTRL_RETRACT;
    ptr_media_detected_t found = { MEDIA_ENTERING, 0 };
    if (how & CTRL_RETRACT) {
      int32_t hr = retract(svc, d, (uint16_t)req->in.w[1]);
      if (hr) return hr;
      found.wPosition = MEDIA_RETRACTED;
      found.usRetractBinNumber = 1;
    } else if (how & CTRL_EJECT) {
      d->media = MEDIA_ENTERING;
    } else {
      return R_UNSUPP_DATA;
    }
    sim_event(svc, EVC_SERVICE, NULL, EV_MEDIADETECTED, fill_two_words, &found);
    return 0;
  }
  default:
    return R_UNSUPP_COMMAND;
  }
}

/* ---- queries ---- */
static const char *const EXTRA[] = { "Simulator=xfs4iot-gateway", "Model=SIM-PTR-1", NULL };

static char *field_names(wfs_result_t *r, const form_def_t *f) {
  const char *names[9];
  for (int i = 0; i < f->nfields; i++) names[i] = f->fields[i].name;
  names[f->nfields] = NULL;
  return sim_extra_more(r, names);
}

static void *build_field(wfs_result_t *r, uint16_t v, const field_def_t *fd) {
  ptr_frm_field_v320_t *f = sim_alloc_more(r, V320(v) ? sizeof(ptr_frm_field_v320_t) : sizeof(ptr_frm_field_v300_t));
  f->lpszFieldName = sim_strdup_more(r, fd->name);
  f->wIndexCount = fd->index_count;
  f->fwType = 0;              /* text */
  f->fwClass = fd->cls;
  f->fwAccess = 0x0002;       /* write */
  f->fwOverflow = 1;          /* truncate */
  f->lpszInitialValue = sim_strdup_more(r, fd->initial);
  f->lpszFormat = sim_strdup_more(r, "");
  f->wLanguageID = 0x0409;
  return f;
}

static int32_t info(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  ptr_state_t *d = st(svc);
  if (!d) return R_INTERNAL_ERROR;
  uint16_t v = req->version;
  switch (req->code) {
  case INF_STATUS: {
    size_t sz = V330(v) ? sizeof(ptr_status_v330_t) : V320(v) ? sizeof(ptr_status_v320_t) : sizeof(ptr_status_v300_t);
    ptr_status_v330_t *s = sim_alloc_more(r, sz);
    s->fwDevice = STAT_DEVONLINE;
    s->fwMedia = (uint16_t)d->media;
    for (int i = 0; i < 16; i++) s->fwPaper[i] = NOTSUPP;
    s->fwPaper[0] = (uint16_t)d->paper;
    s->fwToner = (uint16_t)d->toner;
    s->fwInk = NOTSUPP;
    s->fwLamp = NOTSUPP;
    s->lppRetractBins = sim_alloc_more(r, 2 * sizeof(void *));
    s->lppRetractBins[0] = sim_alloc_more(r, sizeof(ptr_retract_bins_t));
    s->lppRetractBins[0]->wRetractBin = (uint16_t)bin_state(d);
    s->lppRetractBins[0]->usRetractCount = (uint16_t)d->bin_count;
    s->usMediaOnStacker = 0;
    s->lpszExtra = sim_extra_more(r, EXTRA);
    if (V320(v)) {
      s->wDevicePosition = 3; /* not supported */
      for (int i = 0; i < 16; i++) s->wPaperType[i] = 2; /* unknown */
      s->wPaperType[0] = 0;   /* single-sided */
      s->wAntiFraudModule = 0;
    }
    if (V330(v)) s->wBlackMarkMode = 0;
    r->lpBuffer = s;
    return 0;
  }
  case INF_CAPABILITIES: {
    size_t sz = V330(v) ? sizeof(ptr_caps_v330_t) : V320(v) ? sizeof(ptr_caps_v320_t) : sizeof(ptr_caps_v300_t);
    ptr_caps_v330_t *c = sim_alloc_more(r, sz);
    c->wClass = 1; c->fwType = 0x0001; c->bCompound = 0; c->wResolution = 0x0002;
    c->fwReadForm = 0; c->fwWriteForm = 0x0001; c->fwExtents = 0; c->fwControl = CONTROLS;
    c->usMaxMediaOnStacker = 0; c->bAcceptMedia = 0; c->bMultiPage = 0; c->fwPaperSources = PAPER_UPPER;
    c->bMediaTaken = 1; c->usRetractBins = 1;
    c->lpusMaxRetract = sim_alloc_more(r, sizeof(uint16_t));
    c->lpusMaxRetract[0] = (uint16_t)d->bin_capacity;
    c->fwCharSupport = 0x0001; c->bDispensePaper = 0;
    c->lpszExtra = sim_extra_more(r, EXTRA);
    if (V320(v)) {
      c->bMediaPresented = 1; c->usAutoRetractPeriod = 0; c->bRetractToTransport = 0; c->bPowerSaveControl = 0;
      c->fwCoercivityType = 0x0001; c->fwControlPassbook = 0; c->wPrintSides = 0x0001; c->bAntiFraudModule = 0;
    }
    if (V330(v)) {
      c->dwControlEx = CONTROLS; c->bBlackMarkModeSupported = 0;
      c->lpdwSynchronizableCommands = sim_alloc_more(r, sizeof(uint32_t));
    }
    r->lpBuffer = c;
    return 0;
  }
  case INF_FORM_LIST: r->lpBuffer = sim_extra_more(r, FORM_NAMES); return 0;
  case INF_MEDIA_LIST: r->lpBuffer = sim_extra_more(r, MEDIA_NAMES); return 0;
  case INF_QUERY_FORM: {
    const form_def_t *f = find_form(req->in.text);
    if (!f) return E_FORMNOTFOUND;
    ptr_frm_header_t *h = sim_alloc_more(r, sizeof *h);
    h->lpszFormName = sim_strdup_more(r, f->name);
    h->wBase = 2; h->wUnitX = 1; h->wUnitY = 1; h->wWidth = 32; h->wHeight = (uint16_t)(f->nfields + 2);
    h->wAlignment = 0; h->wOrientation = 0; h->wOffsetX = 0; h->wOffsetY = 0;
    h->wVersionMajor = 1; h->wVersionMinor = 0;
    h->lpszUserPrompt = sim_strdup_more(r, "");
    h->fwCharSupport = 0x0001;
    h->lpszFields = field_names(r, f);
    h->wLanguageID = 0x0409;
    r->lpBuffer = h;
    return 0;
  }
  case INF_QUERY_MEDIA: {
    if (strcmp(req->in.text, MEDIA_NAMES[0])) return E_MEDIANOTFOUND;
    ptr_frm_media_t *m = sim_alloc_more(r, sizeof *m);
    m->fwMediaType = 0; m->wBase = 1; m->wUnitX = 1; m->wUnitY = 1; m->wSizeWidth = 80; m->wSizeHeight = 0;
    m->wPrintAreaX = 4; m->wPrintAreaWidth = 72; m->wPaperSources = PAPER_UPPER;
    r->lpBuffer = m;
    return 0;
  }
  case INF_QUERY_FIELD: {
    const form_def_t *f = find_form(req->in.text);
    if (!f) return E_FORMNOTFOUND;
    int only = req->in.nitems ? find_field(f, (const char *)req->in.items[0].data) : -2;
    if (only == -1) return E_FIELDNOTFOUND;
    void **list = sim_alloc_more(r, sizeof(void *) * (size_t)(f->nfields + 1));
    int n = 0;
    for (int i = 0; i < f->nfields; i++) if (only < 0 || only == i) list[n++] = build_field(r, v, &f->fields[i]);
    r->lpBuffer = list;
    return 0;
  }
  default:
    return R_UNSUPP_CATEGORY;
  }
}

const sim_class_t sim_ptr_class = { parse_exec, parse_info, execute, info, init };

/* ---- control ---- */
static ptr_state_t *ptr_service(const char *name) {
  sim_service_t *s = name ? sim_find_service(name) : NULL;
  return s && s->cls == 1 ? st(s) : NULL;
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
      sim_event(d->svc, EVC_USER, NULL, EV_PAPERTHRESHOLD, fill_two_words, ev);
    }
    if ((int)toner != d->toner) {
      d->toner = (int)toner;
      uint16_t w = (uint16_t)toner;
      sim_event(d->svc, EVC_USER, NULL, EV_TONERTHRESHOLD, fill_word, &w);
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
