/* The simulated text terminal's queries (status, capabilities, key detail, forms) and controls for
 * tests and developers (press keys, read the screen, last beep). */
#include <string.h>
#include "sim_ttu.h"

const ttu_resolution_t SIM_TTU_RESOLUTIONS[] = { { 20, 4 }, { 40, 16 } };
const int SIM_TTU_NRESOLUTIONS = 2;
const char SIM_TTU_KEYS[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ .";
const uint16_t SIM_TTU_COMMAND_KEYS[] = { TTU_CK_ENTER, TTU_CK_CANCEL, TTU_CK_CLEAR, TTU_CK_BACKSPACE, TTU_CK_FDK01,
                                          TTU_CK_FDK01 + 1, TTU_CK_FDK01 + 2, TTU_CK_FDK04, 0 };
static const char *const EXTRA[] = { "Simulator=xfs4iot-gateway", "Model=SIM-TTU-1", NULL };

/* WFSTTUFRMHEADER: 3.20 and later append wLanguageID (0: the form has no language). */
static int32_t query_form(sim_request_t *req, wfs_result_t *r) {
  const ttu_form_def_t *f = sim_ttu_find_form(req->in.text);
  if (!f) return TTU_E_FORMNOTFOUND;
  if (f->invalid) return TTU_E_FORMINVALID;
  int v320 = sim_vnum(req->version) >= 320;
  ttu_frm_header_v320_t *h = sim_alloc_more(r, v320 ? sizeof(ttu_frm_header_v320_t) : sizeof(ttu_frm_header_v300_t));
  h->lpszFormName = sim_strdup_more(r, f->name);
  h->wWidth = f->width; h->wHeight = f->height;
  h->wVersionMajor = f->version_major; h->wVersionMinor = f->version_minor;
  h->fwCharSupport = 0x0001;
  size_t total = 2;
  for (int i = 0; i < f->nfields; i++) total += strlen(f->fields[i].name) + 1;
  char *p = h->lpszFields = sim_alloc_more(r, total);
  for (int i = 0; i < f->nfields; i++) { strcpy(p, f->fields[i].name); p += strlen(p) + 1; }
  r->lpBuffer = h;
  return 0;
}

/* A NULL-terminated array of WFSTTUFRMFIELD: the one named, or every field of the form. */
static int32_t query_field(sim_request_t *req, wfs_result_t *r) {
  const ttu_form_def_t *f = sim_ttu_find_form(req->in.text);
  if (!f) return TTU_E_FORMNOTFOUND;
  if (f->invalid) return TTU_E_FORMINVALID;
  int one = req->in.w[0] ? sim_ttu_find_field(f, (const char *)req->in.items[0].data) : -1;
  if (req->in.w[0] && one < 0) return TTU_E_FIELDNOTFOUND;
  int first = one < 0 ? 0 : one, count = one < 0 ? f->nfields : 1;
  for (int i = first; i < first + count; i++) if (f->fields[i].invalid) return TTU_E_FIELDINVALID;
  int v320 = sim_vnum(req->version) >= 320;
  ttu_frm_field_v320_t **list = sim_alloc_more(r, sizeof(void *) * (size_t)(count + 1));
  for (int i = 0; i < count; i++) {
    const ttu_field_def_t *d = &f->fields[first + i];
    ttu_frm_field_v320_t *x = sim_alloc_more(r, v320 ? sizeof(ttu_frm_field_v320_t) : sizeof(ttu_frm_field_v300_t));
    x->lpszFieldName = sim_strdup_more(r, d->name);
    x->fwType = d->type; x->fwClass = d->cls; x->fwAccess = d->access; x->fwOverflow = d->overflow;
    x->lpszFormat = d->format[0] ? sim_strdup_more(r, d->format) : NULL;
    list[i] = x;
  }
  r->lpBuffer = list;
  return 0;
}

int32_t sim_ttu_info(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  ttu_state_t *d = sim_ttu_state(svc);
  if (!d) return R_INTERNAL_ERROR;
  int v330 = sim_vnum(req->version) >= 330;
  switch (req->code) {
  case TTU_INF_STATUS: {
    ttu_status_v330_t *s = sim_alloc_more(r, v330 ? sizeof(ttu_status_v330_t) : sizeof(ttu_status_v300_t));
    s->fwDevice = STAT_DEVONLINE;
    s->wKeyboard = 1;          /* on */
    s->wKeylock = 0;           /* not available */
    for (int i = 0; i < 8; i++) s->wLEDs[i] = 0;
    s->wDisplaySizeX = (uint16_t)d->size_x;
    s->wDisplaySizeY = (uint16_t)d->size_y;
    s->lpszExtra = sim_extra_more(r, EXTRA);
    if (v330) { s->wDevicePosition = 3; s->usPowerSaveRecoveryTime = 0; s->lpLEDEx = NULL; s->wAntiFraudModule = 0; }
    r->lpBuffer = s;
    return 0;
  }
  case TTU_INF_CAPABILITIES: {
    ttu_caps_v330_t *c = sim_alloc_more(r, v330 ? sizeof(ttu_caps_v330_t) : sizeof(ttu_caps_v300_t));
    c->wClass = 7;
    c->fwType = 0x0001;        /* fixed */
    c->lppResolutions = sim_alloc_more(r, sizeof(void *) * (size_t)(SIM_TTU_NRESOLUTIONS + 1));
    for (int i = 0; i < SIM_TTU_NRESOLUTIONS; i++) {
      c->lppResolutions[i] = sim_alloc_more(r, sizeof(ttu_resolution_t));
      *c->lppResolutions[i] = SIM_TTU_RESOLUTIONS[i];
    }
    c->lppResolutions[SIM_TTU_NRESOLUTIONS] = NULL;
    c->wNumOfLEDs = 0;
    c->bKeyLock = 0; c->bDisplayLight = 0; c->bCursor = 1; c->bForms = 1;
    c->fwCharSupport = 0x0001; /* ASCII */
    c->lpszExtra = sim_extra_more(r, EXTRA);
    if (v330) {
      c->bPowerSaveControl = 0; c->lpLEDEx = NULL; c->bAntiFraudModule = 0;
      c->lpdwSynchronizableCommands = sim_alloc_more(r, sizeof(uint32_t));
      c->lpdwSynchronizableCommands[0] = 0;
    }
    r->lpBuffer = c;
    return 0;
  }
  case TTU_INF_FORM_LIST: {
    size_t total = 2;
    for (int i = 0; i < SIM_TTU_NFORMS; i++) total += strlen(SIM_TTU_FORMS[i].name) + 1;
    char *l = sim_alloc_more(r, total), *p = l;
    for (int i = 0; i < SIM_TTU_NFORMS; i++) { strcpy(p, SIM_TTU_FORMS[i].name); p += strlen(p) + 1; }
    r->lpBuffer = l;
    return 0;
  }
  case TTU_INF_QUERY_FORM: return query_form(req, r);
  case TTU_INF_QUERY_FIELD: return query_field(req, r);
  case TTU_INF_KEY_DETAIL: {
    ttu_key_detail_t *k = sim_alloc_more(r, sizeof *k);
    k->lpszKeys = sim_strdup_more(r, SIM_TTU_KEYS);
    k->lpwszUNICODEKeys = NULL;
    size_t n = 0;
    while (SIM_TTU_COMMAND_KEYS[n]) n++;
    k->lpwCommandKeys = sim_alloc_more(r, (n + 1) * sizeof(uint16_t));
    memcpy(k->lpwCommandKeys, SIM_TTU_COMMAND_KEYS, (n + 1) * sizeof(uint16_t));
    r->lpBuffer = k;
    return 0;
  }
  default: return R_UNSUPP_CATEGORY;
  }
}

/* ---- controls ---- */
static ttu_state_t *ttu_service(const char *name) {
  sim_service_t *s = sim_find_class_service(name, 7);
  return s ? sim_ttu_state(s) : NULL;
}

/* The customer presses one key: a character (ch != 0) or a command key (WFS_TTU_CK_*).
 * 0, -1 unknown service, -2 a key the keyboard does not have, -3 queue full. */
SIM_EXPORT int32_t SimTtuPressKey(const char *name, uint32_t ch, uint32_t commandKey) {
  pthread_mutex_lock(&g_lock);
  ttu_state_t *d = ttu_service(name);
  int32_t rc = -1;
  if (d) {
    int ok = 0;
    if (ch) ok = ch < 0x100 && strchr(SIM_TTU_KEYS, (int)ch) != NULL;
    else for (int i = 0; SIM_TTU_COMMAND_KEYS[i]; i++) if (SIM_TTU_COMMAND_KEYS[i] == commandKey) ok = 1;
    if (!ok) rc = -2;
    else if (d->qlen >= TTU_KEYQ) rc = -3;
    else {
      d->keyq[(d->qhead + d->qlen) % TTU_KEYQ] = ch ? (uint16_t)ch : (uint16_t)(0x100 | commandKey);
      d->qlen++;
      sim_kick(d->svc);
      rc = 0;
    }
  }
  pthread_mutex_unlock(&g_lock);
  return rc;
}

/* The screen as rows joined by '\n' (valid until the next call). */
SIM_EXPORT const char *SimTtuScreen(const char *name) {
  static char out[TTU_MAX_Y * (TTU_MAX_X + 1) + 1];
  pthread_mutex_lock(&g_lock);
  ttu_state_t *d = ttu_service(name);
  const char *res = NULL;
  if (d) {
    size_t p = 0;
    for (int y = 0; y < d->size_y; y++) {
      memcpy(out + p, d->screen[y], (size_t)d->size_x);
      p += (size_t)d->size_x;
      out[p++] = y + 1 < d->size_y ? '\n' : 0;
    }
    res = out;
  }
  pthread_mutex_unlock(&g_lock);
  return res;
}

/* Last beep (wBeep) in the low word, number of beeps above; -1 unknown service. */
SIM_EXPORT int32_t SimTtuLastBeep(const char *name) {
  pthread_mutex_lock(&g_lock);
  ttu_state_t *d = ttu_service(name);
  int32_t v = d ? (int32_t)(d->last_beep | ((d->beeps & 0x7fff) << 16)) : -1;
  pthread_mutex_unlock(&g_lock);
  return v;
}

SIM_EXPORT int32_t SimTtuPendingKeys(const char *name) {
  pthread_mutex_lock(&g_lock);
  ttu_state_t *d = ttu_service(name);
  int32_t n = d ? d->qlen : -1;
  pthread_mutex_unlock(&g_lock);
  return n;
}
