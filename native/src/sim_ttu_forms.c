/* The simulated text terminal's forms, as data, and the commands that use them: WRITE_FORM (fields
 * drawn at their positions, with field warnings and errors), READ_FORM (the customer fills the read
 * fields in turn with the keys of DEFINE_KEYS) and DEFINE_KEYS itself. All with g_lock held. */
#include <string.h>
#include "sim_ttu.h"

enum { TEXT = 0, INVISIBLE = 1, PASSWORD = 2 };

static const ttu_field_def_t WELCOME_FIELDS[] = {
  { "TITLE", TEXT, TTU_CLASS_STATIC, TTU_ACCESS_WRITE, TTU_OVF_TERMINATE, 0, 0, 20, "SIMULATED BANK", "", 0 },
  { "GREETING", TEXT, TTU_CLASS_REQUIRED, TTU_ACCESS_WRITE, TTU_OVF_TERMINATE, 0, 1, 20, "", "", 0 },
  { "NAME", TEXT, TTU_CLASS_OPTIONAL, TTU_ACCESS_WRITE, TTU_OVF_TRUNCATE, 0, 2, 12, "", "", 0 },
  { "FOOTER", TEXT, TTU_CLASS_OPTIONAL, TTU_ACCESS_WRITE, TTU_OVF_OVERWRITE, 0, 3, 8, "", "", 0 },
};
static const ttu_field_def_t AMOUNT_FIELDS[] = {
  { "PROMPT", TEXT, TTU_CLASS_STATIC, TTU_ACCESS_WRITE, TTU_OVF_TERMINATE, 0, 0, 20, "ENTER AMOUNT", "", 0 },
  { "AMOUNT", TEXT, TTU_CLASS_REQUIRED, TTU_ACCESS_READ, TTU_OVF_TERMINATE, 0, 1, 6, "", "NUMERIC", 0 },
  { "CODE", PASSWORD, TTU_CLASS_OPTIONAL, TTU_ACCESS_READ, TTU_OVF_TRUNCATE, 0, 2, 4, "", "", 0 },
  { "HINT", TEXT, TTU_CLASS_OPTIONAL, TTU_ACCESS_READ | TTU_ACCESS_WRITE, TTU_OVF_TRUNCATE, 0, 3, 20, "", "", 0 },
};
static const ttu_field_def_t WIDE_FIELDS[] = {
  { "LINE", TEXT, TTU_CLASS_OPTIONAL, TTU_ACCESS_WRITE, TTU_OVF_TRUNCATE, 0, 0, 40, "", "", 0 },
};
static const ttu_field_def_t LEGACY_FIELDS[] = {
  { "TEXT", TEXT, TTU_CLASS_OPTIONAL, TTU_ACCESS_WRITE, TTU_OVF_TRUNCATE, 0, 0, 20, "", "", 0 },
  { "OLD", TEXT, TTU_CLASS_OPTIONAL, TTU_ACCESS_WRITE, TTU_OVF_TRUNCATE, 0, 1, 20, "", "", 1 },
};
/* BROKEN is listed but its definition does not parse (WFS_ERR_TTU_FORMINVALID); LEGACY has one
 * field that does not (WFS_ERR_TTU_FIELDINVALID); WIDE needs the 40x16 resolution. */
const ttu_form_def_t SIM_TTU_FORMS[] = {
  { "WELCOME", 20, 4, 1, 0, WELCOME_FIELDS, 4, 0 },
  { "AMOUNT", 20, 4, 1, 2, AMOUNT_FIELDS, 4, 0 },
  { "WIDE", 40, 16, 1, 0, WIDE_FIELDS, 1, 0 },
  { "LEGACY", 20, 4, 2, 5, LEGACY_FIELDS, 2, 0 },
  { "BROKEN", 20, 4, 1, 0, NULL, 0, 1 },
};
const int SIM_TTU_NFORMS = 5;

const ttu_form_def_t *sim_ttu_find_form(const char *name) {
  for (int i = 0; i < SIM_TTU_NFORMS; i++) if (!strcmp(SIM_TTU_FORMS[i].name, name)) return &SIM_TTU_FORMS[i];
  return NULL;
}

int sim_ttu_find_field(const ttu_form_def_t *f, const char *name) {
  for (int i = 0; i < f->nfields; i++) if (!strcmp(f->fields[i].name, name)) return i;
  return -1;
}

static void field_event(sim_service_t *svc, sim_request_t *req, uint32_t id, const char *form, const char *field, uint16_t failure) {
  sim_field_fail_ctx_t c = { form, field, failure };
  sim_event(svc, EVC_EXECUTE, req, id, sim_fill_field_fail, &c);
}

static void draw(ttu_state_t *d, const ttu_field_def_t *f, const char *text, size_t n) {
  if (f->y >= d->size_y) return;
  for (size_t i = 0; i < n && f->x + (int)i < d->size_x; i++) d->screen[f->y][f->x + (int)i] = text[i];
}

static void draw_static(ttu_state_t *d, const ttu_form_def_t *form) {
  for (int i = 0; i < form->nfields; i++)
    if (form->fields[i].cls == TTU_CLASS_STATIC) draw(d, &form->fields[i], form->fields[i].initial, strlen(form->fields[i].initial));
}

static int32_t check_form(const ttu_state_t *d, const ttu_form_def_t *form) {
  if (!form) return TTU_E_FORMNOTFOUND;
  if (form->invalid) return TTU_E_FORMINVALID;
  if (form->width > d->size_x || form->height > d->size_y) return TTU_E_MEDIAOVERFLOW;
  return 0;
}

/* WRITE_FORM: every NAME=VALUE entry checked first (warnings go on, errors end the command with
 * WFS_ERR_TTU_FIELDERROR and nothing drawn), then the form drawn. */
int32_t sim_ttu_write_form(sim_service_t *svc, ttu_state_t *d, sim_request_t *req) {
  const ttu_form_def_t *form = sim_ttu_find_form(req->in.text);
  int32_t rc = check_form(d, form);
  if (rc) return rc;
  const char *entries[32], *values[32];
  size_t lengths[32];
  int given[8] = { 0 }, n = 0, failed = 0;
  for (const char *p = (const char *)req->in.bytes; *p; p += strlen(p) + 1) {
    const char *eq = strchr(p, '=');
    if (!eq || eq == p || n == 32) return TTU_E_FIELDSPECFAILURE;
    for (const char *c = eq + 1; *c; c++) if ((unsigned char)*c < 0x20 || (unsigned char)*c > 0x7e) return TTU_E_CHARSETDATA;
    char name[64];
    size_t len = (size_t)(eq - p);
    if (len >= sizeof name) len = sizeof name - 1;
    memcpy(name, p, len);
    name[len] = 0;
    int f = sim_ttu_find_field(form, name);
    if (f < 0) { field_event(svc, req, TTU_EV_FIELDWARNING, form->name, name, TTU_FAIL_NOTFOUND); continue; }
    const ttu_field_def_t *def = &form->fields[f];
    given[f] = 1;
    size_t vlen = strlen(eq + 1);
    uint16_t failure = 0xffff;
    if (def->cls == TTU_CLASS_STATIC) failure = TTU_FAIL_STATICOVWR;
    else if (!(def->access & TTU_ACCESS_WRITE)) failure = TTU_FAIL_NOTWRITE;
    else if (vlen > (size_t)def->width && def->overflow == TTU_OVF_TERMINATE) failure = TTU_FAIL_OVERFLOW;
    if (failure != 0xffff) { field_event(svc, req, TTU_EV_FIELDERROR, form->name, def->name, failure); failed = 1; continue; }
    if (vlen > (size_t)def->width && def->overflow == TTU_OVF_TRUNCATE) {
      field_event(svc, req, TTU_EV_FIELDWARNING, form->name, def->name, TTU_FAIL_OVERFLOW);
      vlen = (size_t)def->width;
    }
    entries[n] = def->name; values[n] = eq + 1; lengths[n] = vlen; n++;
  }
  for (int f = 0; f < form->nfields; f++) {
    if (form->fields[f].cls == TTU_CLASS_REQUIRED && (form->fields[f].access & TTU_ACCESS_WRITE) && !given[f]) {
      field_event(svc, req, TTU_EV_FIELDERROR, form->name, form->fields[f].name, TTU_FAIL_REQUIRED);
      failed = 1;
    }
  }
  if (failed) return TTU_E_FIELDERROR;
  if (req->in.w[0]) { sim_ttu_clear(d, 0, 0, d->size_x, d->size_y); d->cur_x = d->cur_y = 0; }
  draw_static(d, form);
  /* OVERWRITE fields print past their end (to the edge of the screen). */
  for (int i = 0; i < n; i++) draw(d, &form->fields[sim_ttu_find_field(form, entries[i])], values[i], lengths[i]);
  return 0;
}

static int has(const uint16_t *list, int n, uint16_t ck) {
  for (int i = 0; i < n; i++) if (list[i] == ck) return 1;
  return 0;
}

static const uint16_t DEFAULT_ACTIVE[] = { TTU_CK_BACKSPACE, TTU_CK_CLEAR };
static const uint16_t DEFAULT_TERMINATE[] = { TTU_CK_ENTER, TTU_CK_CANCEL };

/* Reads one field; 0 when it ended (ENTER or, for an OVFTERMINATE field, full), else hResult. */
static int32_t read_field(sim_service_t *svc, ttu_state_t *d, sim_request_t *req, const ttu_field_def_t *f, char *out, size_t *n) {
  const char *keys = d->keys_defined ? d->def_keys : SIM_TTU_KEYS;
  const uint16_t *active = d->keys_defined ? d->def_active : DEFAULT_ACTIVE;
  const uint16_t *terminate = d->keys_defined ? d->def_terminate : DEFAULT_TERMINATE;
  int nactive = d->keys_defined ? d->ndef_active : 2, nterminate = d->keys_defined ? d->ndef_terminate : 2;
  size_t max = (size_t)f->width;
  *n = 0;
  for (;;) {
    if (*n == max && f->overflow == TTU_OVF_TERMINATE) return 0;
    int32_t hr = sim_wait(svc, req, &d->qlen, 0);
    if (hr) return hr;
    uint16_t key = d->keyq[d->qhead];
    d->qhead = (d->qhead + 1) % TTU_KEYQ;
    d->qlen--;
    ttu_key_t ev = { 0, 0, 0 };
    if (key < 0x100) {
      if (!key || !strchr(keys, key) || *n >= max) continue;
      out[(*n)++] = (char)key;
      if (f->type != INVISIBLE && f->y < d->size_y && f->x + (int)*n - 1 < d->size_x)
        d->screen[f->y][f->x + (int)*n - 1] = f->type == PASSWORD ? '*' : (char)key;
      ev.cKey = (char)key; ev.wUNICODEKey = key;
      sim_event(svc, EVC_EXECUTE, req, TTU_EV_KEY, sim_ttu_fill_key, &ev);
      continue;
    }
    uint16_t ck = key & 0xff;
    int term = has(terminate, nterminate, ck);
    if (!term && !has(active, nactive, ck)) continue;
    ev.wCommandKey = ck;
    sim_event(svc, EVC_EXECUTE, req, TTU_EV_KEY, sim_ttu_fill_key, &ev);
    if (term) return ck == TTU_CK_CANCEL ? TTU_E_KEYCANCELED : 0;
    if (ck == TTU_CK_BACKSPACE && *n) { (*n)--; draw(d, &(ttu_field_def_t){ .x = f->x + (int)*n, .y = f->y }, " ", 1); }
    if (ck == TTU_CK_CLEAR) { sim_ttu_clear(d, f->x, f->y, (int)*n, 1); *n = 0; }
  }
}

/* READ_FORM: the form is shown and its read fields (all, or those named) filled in turn. */
int32_t sim_ttu_read_form(sim_service_t *svc, ttu_state_t *d, sim_request_t *req, wfs_result_t *r) {
  const ttu_form_def_t *form = sim_ttu_find_form(req->in.text);
  int32_t rc = check_form(d, form);
  if (rc) return rc;
  int order[8], n = 0, failed = 0;
  if (req->in.w[0]) {
    for (const char *p = (const char *)req->in.bytes; *p; p += strlen(p) + 1) {
      int f = sim_ttu_find_field(form, p);
      uint16_t failure = f < 0 ? TTU_FAIL_NOTFOUND : !(form->fields[f].access & TTU_ACCESS_READ) ? TTU_FAIL_NOTREAD : 0xffff;
      if (failure != 0xffff) { field_event(svc, req, TTU_EV_FIELDERROR, form->name, p, failure); failed = 1; continue; }
      if (n < 8) order[n++] = f;
    }
    if (failed) return TTU_E_FIELDERROR;
  } else {
    for (int f = 0; f < form->nfields; f++) if (form->fields[f].access & TTU_ACCESS_READ) order[n++] = f;
  }
  if (d->keys_defined && !d->def_keys[0] && !d->ndef_active && !d->ndef_terminate) return TTU_E_NOACTIVEKEYS;
  draw_static(d, form);
  char values[8][64];
  size_t lengths[8];
  for (int i = 0; i < n; i++) {
    rc = read_field(svc, d, req, &form->fields[order[i]], values[i], &lengths[i]);
    if (rc) return rc;
  }
  for (int i = 0; i < n; i++) {
    const ttu_field_def_t *f = &form->fields[order[i]];
    if (f->cls == TTU_CLASS_REQUIRED && !lengths[i]) { field_event(svc, req, TTU_EV_FIELDERROR, form->name, f->name, TTU_FAIL_REQUIRED); failed = 1; }
  }
  if (failed) return TTU_E_FIELDERROR;
  size_t total = 2;
  for (int i = 0; i < n; i++) total += strlen(form->fields[order[i]].name) + 1 + lengths[i] + 1;
  ttu_read_form_out_t *out = sim_alloc_more(r, sizeof *out);
  char *p = out->lpszFields = sim_alloc_more(r, total);
  for (int i = 0; i < n; i++) {
    const char *name = form->fields[order[i]].name;
    memcpy(p, name, strlen(name)); p += strlen(name);
    *p++ = '=';
    memcpy(p, values[i], lengths[i]); p += lengths[i];
    *p++ = 0;
  }
  *p = 0;
  if (!n) p[1] = 0;
  r->lpBuffer = out;
  return 0;
}

int32_t sim_ttu_define_keys(ttu_state_t *d, sim_request_t *req) {
  const sim_input_t *in = &req->in;
  if (!in->items[0].len && !in->items[1].len && !in->items[2].len) return TTU_E_NOACTIVEKEYS;
  for (uint32_t i = 0; i < in->items[0].len; i++) if (!strchr(SIM_TTU_KEYS, in->items[0].data[i])) return TTU_E_KEYNOTSUPPORTED;
  for (int item = 1; item <= 2; item++) {
    const uint16_t *p = (const uint16_t *)in->items[item].data;
    for (uint32_t i = 0; i < in->items[item].len; i++) if (!sim_ttu_supported_ck(p[i])) return TTU_E_KEYNOTSUPPORTED;
  }
  if (in->items[0].len >= sizeof d->def_keys || in->items[1].len > 64 || in->items[2].len > 64) return R_INVALID_DATA;
  memcpy(d->def_keys, in->items[0].data, in->items[0].len);
  d->def_keys[in->items[0].len] = 0;
  memcpy(d->def_active, in->items[1].data, in->items[1].len * 2);
  memcpy(d->def_terminate, in->items[2].data, in->items[2].len * 2);
  d->ndef_active = (int)in->items[1].len;
  d->ndef_terminate = (int)in->items[2].len;
  d->keys_defined = 1;
  return 0;
}

_Static_assert(sizeof(ttu_field_fail_t) == sizeof(sim_field_fail_t), "WFSTTUFIELDFAIL is sim_field_fail_t");
