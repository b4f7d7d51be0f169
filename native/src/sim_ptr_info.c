/* The simulated printer's queries: status, capabilities, forms, media and fields. */
#include <string.h>
#include "sim_ptr.h"

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
  f->fwType = fd->type;
  f->fwClass = fd->cls;
  f->fwAccess = fd->access ? fd->access : 0x0002; /* write, unless the form says read */
  f->fwOverflow = 1;          /* truncate */
  f->lpszInitialValue = sim_strdup_more(r, fd->initial);
  f->lpszFormat = sim_strdup_more(r, "");
  if (V320(v)) f->wLanguageID = 0x0409;
  return f;
}

int32_t sim_ptr_info(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  ptr_state_t *d = sim_ptr_state(svc);
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
    s->fwInk = (uint16_t)d->ink;
    s->fwLamp = (uint16_t)d->lamp;
    s->lppRetractBins = sim_alloc_more(r, 2 * sizeof(void *));
    s->lppRetractBins[0] = sim_alloc_more(r, sizeof(ptr_retract_bins_t));
    s->lppRetractBins[0]->wRetractBin = (uint16_t)(d->bin_missing ? (V320(v) ? 5 : 3) : sim_ptr_bin_state(d)); /* missing: 3.20+ */
    s->lppRetractBins[0]->usRetractCount = (uint16_t)d->bin_count;
    s->usMediaOnStacker = 0;
    s->lpszExtra = sim_extra_more(r, EXTRA);
    if (V320(v)) {
      s->wDevicePosition = 3; /* not supported */
      for (int i = 0; i < 16; i++) s->wPaperType[i] = 2; /* unknown */
      s->wPaperType[0] = 0;   /* single-sided */
      s->wAntiFraudModule = 0;
    }
    if (V330(v)) s->wBlackMarkMode = (uint16_t)d->black_mark;
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
    c->fwCharSupport = 0x0001; c->bDispensePaper = 1;
    c->lpszExtra = sim_extra_more(r, EXTRA);
    int doc = d->kind == KIND_DOCUMENT;
    if (doc) {
      /* passbook, document and scanner besides the receipt roll */
      c->fwType = 0x0001 | 0x0002 | 0x0008 | 0x0010; c->fwReadForm = 0x0001 | 0x0002 | 0x0020; c->fwExtents = 0x0003;
      c->bAcceptMedia = 1; c->fwImageType = 0x0004 | 0x0008; c->fwFrontImageColorFormat = 0x0001 | 0x0002;
      c->fwBackImageColorFormat = 0x0001; c->fwCodelineFormat = 0x0001 | 0x0002; c->fwImageSource = 0x0007;
    }
    if (V320(v)) {
      c->bMediaPresented = 1; c->usAutoRetractPeriod = 0; c->bRetractToTransport = 0; c->bPowerSaveControl = 0;
      c->fwCoercivityType = 0x0001; c->fwControlPassbook = doc ? 0x000f : 0; c->wPrintSides = 0x0001; c->bAntiFraudModule = 0;
      c->usAutoRetractPeriod = doc ? 30 : 0;
    }
    if (V330(v)) {
      c->dwControlEx = CONTROLS; c->bBlackMarkModeSupported = doc;
      c->lpdwSynchronizableCommands = sim_alloc_more(r, sizeof(uint32_t));
    }
    r->lpBuffer = c;
    return 0;
  }
  case INF_FORM_LIST: {
    const char *names[16];
    sim_ptr_form_names(d, names, 16);
    r->lpBuffer = sim_extra_more(r, names);
    return 0;
  }
  case INF_MEDIA_LIST: {
    const char *names[2 + MAX_LOADED] = { SIM_PTR_MEDIA_NAMES[0] };
    int n = 1;
    for (int i = 0; i < d->nloaded; i++) if (d->loaded_type[i] == 2) names[n++] = d->loaded[i];
    names[n] = NULL;
    r->lpBuffer = sim_extra_more(r, names);
    return 0;
  }
  case INF_QUERY_FORM: {
    const form_def_t *f = sim_ptr_find_form(d, req->in.text);
    if (!f) return E_FORMNOTFOUND;
    ptr_frm_header_v320_t *h = sim_alloc_more(r, V320(v) ? sizeof(ptr_frm_header_v320_t) : sizeof(ptr_frm_header_v300_t));
    h->lpszFormName = sim_strdup_more(r, f->name);
    h->wBase = 2; h->wUnitX = 1; h->wUnitY = 1; h->wWidth = 32; h->wHeight = (uint16_t)(f->nfields + 2);
    h->wAlignment = 0; h->wOrientation = 0; h->wOffsetX = 0; h->wOffsetY = 0;
    h->wVersionMajor = 1; h->wVersionMinor = 0;
    h->lpszUserPrompt = sim_strdup_more(r, f->prompt);
    h->fwCharSupport = 0x0001;
    h->lpszFields = field_names(r, f);
    if (V320(v)) h->wLanguageID = 0x0409;
    r->lpBuffer = h;
    return 0;
  }
  case INF_QUERY_MEDIA: {
    if (strcmp(req->in.text, SIM_PTR_MEDIA_NAMES[0])) return E_MEDIANOTFOUND;
    ptr_frm_media_t *m = sim_alloc_more(r, sizeof *m);
    m->fwMediaType = 0; m->wBase = 1; m->wUnitX = 1; m->wUnitY = 1; m->wSizeWidth = 80; m->wSizeHeight = 0;
    m->wPrintAreaX = 4; m->wPrintAreaWidth = 72; m->wPaperSources = PAPER_UPPER;
    r->lpBuffer = m;
    return 0;
  }
  case INF_QUERY_FIELD: {
    const form_def_t *f = sim_ptr_find_form(d, req->in.text);
    if (!f) return E_FORMNOTFOUND;
    int only = req->in.nitems ? sim_ptr_find_field(f, (const char *)req->in.items[0].data) : -2;
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

