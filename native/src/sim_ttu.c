/* Simulated TTU: a small text display (20x4, or 40x16 after SET_RESOLUTION) with a keyboard whose
 * key presses come from the control function SimTtuPressKey (the simulated customer). The screen
 * is kept as text rows so tests can read what the customer would see (SimTtuScreen). All with
 * g_lock held. Queries in sim_ttu_info.c, controls in sim_ttu_control.c. */
#include <stdio.h>
#include <string.h>
#include "sim_ttu.h"

static ttu_state_t g_ttu[64];   /* as many as the simulator has services */

ttu_state_t *sim_ttu_state(sim_service_t *svc) {
  for (int i = 0; i < 64; i++) if (g_ttu[i].svc == svc) return &g_ttu[i];
  return NULL;
}

void sim_ttu_clear(ttu_state_t *d, int x, int y, int w, int h) {
  for (int r = y; r < y + h && r < d->size_y; r++)
    for (int c = x; c < x + w && c < d->size_x; c++) d->screen[r][c] = ' ';
}

static void home(ttu_state_t *d) {
  memset(d->screen, 0, sizeof d->screen);
  sim_ttu_clear(d, 0, 0, d->size_x, d->size_y);
  d->cur_x = d->cur_y = 0;
}

static void init(sim_service_t *svc) {
  ttu_state_t *d = sim_ttu_state(svc);
  for (int i = 0; !d && i < 64; i++) if (!g_ttu[i].svc) d = &g_ttu[i];
  if (!d) return;
  memset(d, 0, sizeof *d);
  d->svc = svc;
  d->size_x = SIM_TTU_RESOLUTIONS[0].wSizeX;
  d->size_y = SIM_TTU_RESOLUTIONS[0].wSizeY;
  home(d);
}

/* ---- input ---- */
static int copy_name(sim_input_t *in, const char *name) {
  if (!name) return R_INVALID_POINTER;
  size_t n = strlen(name);
  if (n >= sizeof in->text) return TTU_E_FORMNOTFOUND;   /* no simulated form has so long a name */
  memcpy(in->text, name, n + 1);
  return 0;
}

/* A "a\0b\0\0" list into in->bytes, both terminators included. */
static int copy_list(sim_input_t *in, const char *list) {
  size_t n = 0;
  while (list[n] || list[n + 1]) { if (n + 2 >= SIM_MAX_BYTES) return R_INVALID_DATA; n++; }
  memcpy(in->bytes, list, n + 2);
  in->nbytes = (uint32_t)(n + 2);
  return 0;
}

static int copy_words(sim_input_t *in, int item, const uint16_t *w) {
  uint32_t n = 0;
  if (w) while (w[n]) { if (n >= sizeof in->items[0].data / 2 - 1) return R_INVALID_DATA; n++; }
  if (w) memcpy(in->items[item].data, w, n * 2);
  in->items[item].len = n;
  return 0;
}

static int parse_exec(uint16_t v, uint32_t cmd, const void *data, sim_input_t *in) {
  (void)v;
  switch (cmd) {
  case TTU_CMD_BEEP:
    if (!data) return R_INVALID_POINTER;
    in->w[0] = *(const uint16_t *)data;
    return 0;
  case TTU_CMD_CLEARSCREEN:
    if (data) {
      const ttu_clear_screen_t *c = data;
      in->w[0] = c->wPositionX; in->w[1] = c->wPositionY; in->w[2] = c->wWidth; in->w[3] = c->wHeight; in->w[4] = 1;
    }
    return 0;
  case TTU_CMD_SET_RESOLUTION:
    if (!data) return R_INVALID_POINTER;
    in->w[0] = ((const ttu_resolution_t *)data)->wSizeX;
    in->w[1] = ((const ttu_resolution_t *)data)->wSizeY;
    return 0;
  case TTU_CMD_WRITE: {
    if (!data) return R_INVALID_POINTER;
    const ttu_write_t *w = data;
    if (!w->lpsText) return w->lpsUNICODEText ? TTU_E_CHARSETDATA : R_INVALID_POINTER;
    size_t n = strlen(w->lpsText);
    if (n >= SIM_MAX_BYTES) return R_INVALID_DATA;
    in->w[0] = w->fwMode; in->w[1] = (uint32_t)(int32_t)w->wPosX; in->w[2] = (uint32_t)(int32_t)w->wPosY; in->w[3] = w->fwTextAttr;
    memcpy(in->bytes, w->lpsText, n);
    in->nbytes = (uint32_t)n;
    return 0;
  }
  case TTU_CMD_READ: {
    if (!data) return R_INVALID_POINTER;
    const ttu_read_t *r = data;
    if (r->lpwszActiveUNICODEKeys) return TTU_E_KEYNOTSUPPORTED;
    in->w[0] = r->wNumOfChars; in->w[1] = r->fwMode; in->w[2] = (uint32_t)(int32_t)r->wPosX; in->w[3] = (uint32_t)(int32_t)r->wPosY;
    in->w[4] = r->fwEchoMode; in->w[5] = r->fwEchoAttr; in->w[6] = r->bFlush != 0; in->w[7] = r->bAutoEnd != 0;
    if (r->lpszActiveKeys) {
      size_t n = strlen(r->lpszActiveKeys);
      if (n >= sizeof in->items[0].data) return R_INVALID_DATA;
      memcpy(in->items[0].data, r->lpszActiveKeys, n);
      in->items[0].len = (uint32_t)n;
    }
    int rc = copy_words(in, 1, r->lpwActiveCommandKeys);
    return rc ? rc : copy_words(in, 2, r->lpwTerminateCommandKeys);
  }
  case TTU_CMD_RESET: return 0;
  case TTU_CMD_WRITE_FORM: {
    if (!data) return R_INVALID_POINTER;
    const ttu_write_form_t *f = data;
    int rc = copy_name(in, f->lpszFormName);
    if (rc) return rc;
    if (!f->lpszFields) return f->lpszUNICODEFields ? TTU_E_CHARSETDATA : R_INVALID_POINTER;
    in->w[0] = f->bClearScreen != 0;
    return copy_list(in, f->lpszFields);
  }
  case TTU_CMD_READ_FORM: {
    if (!data) return R_INVALID_POINTER;
    const ttu_read_form_t *f = data;
    int rc = copy_name(in, f->lpszFormName);
    if (rc || !f->lpszFieldNames) return rc;
    in->w[0] = 1;
    return copy_list(in, f->lpszFieldNames);
  }
  case TTU_CMD_DEFINE_KEYS: {
    /* 3.00 has no DEFINE_KEYS; the public 3.20 header has it (no 3.10 header is public). */
    if (sim_vnum(v) < 320) return R_UNSUPP_COMMAND;
    if (!data) return R_INVALID_POINTER;
    const ttu_def_keys_t *k = data;
    if (k->lpwszActiveUNICODEKeys) return TTU_E_KEYNOTSUPPORTED;
    if (k->lpszActiveKeys) {
      size_t n = strlen(k->lpszActiveKeys);
      if (n >= sizeof in->items[0].data) return R_INVALID_DATA;
      memcpy(in->items[0].data, k->lpszActiveKeys, n);
      in->items[0].len = (uint32_t)n;
    }
    int rc = copy_words(in, 1, k->lpwActiveCommandKeys);
    return rc ? rc : copy_words(in, 2, k->lpwTerminateCommandKeys);
  }
  default: return R_UNSUPP_COMMAND;
  }
}

static int parse_info(uint16_t v, uint32_t cat, const void *data, sim_input_t *in) {
  (void)v;
  switch (cat) {
  case TTU_INF_STATUS: case TTU_INF_CAPABILITIES: case TTU_INF_FORM_LIST: case TTU_INF_KEY_DETAIL: return 0;
  case TTU_INF_QUERY_FORM: return copy_name(in, data);
  case TTU_INF_QUERY_FIELD: {
    if (!data) return R_INVALID_POINTER;
    const ttu_query_field_t *q = data;
    int rc = copy_name(in, q->lpszFormName);
    if (rc || !q->lpszFieldName) return rc;
    size_t n = strlen(q->lpszFieldName);
    if (n >= sizeof in->items[0].data) return TTU_E_FIELDNOTFOUND;
    memcpy(in->items[0].data, q->lpszFieldName, n + 1);
    in->items[0].len = (uint32_t)n;
    in->w[0] = 1;
    return 0;
  }
  default: return R_UNSUPP_CATEGORY;
  }
}

/* ---- commands ---- */
/* Position of fwMode 0 (relative to the cursor) or 1 (absolute); -1 when off the screen. */
static int position(ttu_state_t *d, uint32_t mode, uint32_t px, uint32_t py, int *x, int *y) {
  int32_t dx = (int32_t)px, dy = (int32_t)py;
  if (mode > 1) return -1;
  *x = mode ? dx : d->cur_x + dx;
  *y = mode ? dy : d->cur_y + dy;
  return *x < 0 || *y < 0 || *x >= d->size_x || *y >= d->size_y ? -1 : 0;
}

/* Puts one character at the cursor; past the end of a row it goes on at the next one. */
void sim_ttu_put(ttu_state_t *d, char c) {
  if (d->cur_y >= d->size_y) return;
  d->screen[d->cur_y][d->cur_x] = c;
  if (++d->cur_x >= d->size_x) { d->cur_x = 0; d->cur_y++; }
}

static int32_t write_text(ttu_state_t *d, sim_request_t *req) {
  int x, y;
  if (req->in.w[3] & ~0x7u) return R_INVALID_DATA;
  if (position(d, req->in.w[0], req->in.w[1], req->in.w[2], &x, &y)) return R_INVALID_DATA;
  for (uint32_t i = 0; i < req->in.nbytes; i++) {
    unsigned char c = req->in.bytes[i];
    if (c < 0x20 || c > 0x7e) return TTU_E_CHARSETDATA;
  }
  d->cur_x = x; d->cur_y = y;
  for (uint32_t i = 0; i < req->in.nbytes; i++) sim_ttu_put(d, (char)req->in.bytes[i]);
  if (d->cur_y >= d->size_y) { d->cur_y = d->size_y - 1; d->cur_x = d->size_x - 1; }
  return 0;
}

void sim_ttu_fill_key(wfs_result_t *r, uint16_t v, const void *ctx) {
  (void)v;
  ttu_key_t *k = sim_alloc_more(r, sizeof *k);
  *k = *(const ttu_key_t *)ctx;
  r->lpBuffer = k;
}

static int has_word(const sim_input_t *in, int item, uint16_t w) {
  const uint16_t *p = (const uint16_t *)in->items[item].data;
  for (uint32_t i = 0; i < in->items[item].len; i++) if (p[i] == w) return 1;
  return 0;
}

int sim_ttu_supported_ck(uint16_t ck) {
  for (int i = 0; SIM_TTU_COMMAND_KEYS[i]; i++) if (SIM_TTU_COMMAND_KEYS[i] == ck) return 1;
  return 0;
}

/* READ: echoes typed characters at the read position until a terminate key or auto end. */
static int32_t read_keys(sim_service_t *svc, ttu_state_t *d, sim_request_t *req, wfs_result_t *r) {
  const sim_input_t *in = &req->in;
  uint32_t max = in->w[0];
  int x, y;
  if (!in->items[0].len && !in->items[1].len) return TTU_E_NOACTIVEKEYS;
  for (uint32_t i = 0; i < in->items[0].len; i++) if (!strchr(SIM_TTU_KEYS, in->items[0].data[i])) return TTU_E_KEYNOTSUPPORTED;
  for (int item = 1; item <= 2; item++) {
    const uint16_t *p = (const uint16_t *)in->items[item].data;
    for (uint32_t i = 0; i < in->items[item].len; i++) if (!sim_ttu_supported_ck(p[i])) return TTU_E_KEYNOTSUPPORTED;
  }
  if (!max || max > 255) return R_INVALID_DATA;
  if (in->w[4] > 2 || (in->w[5] & ~0x7u)) return R_INVALID_DATA;
  if (position(d, in->w[1], in->w[2], in->w[3], &x, &y)) return R_INVALID_DATA;
  if (in->w[6]) d->qhead = d->qlen = 0;
  char buf[256];
  uint32_t n = 0;
  int32_t hr = 0;
  for (;;) {
    if (in->w[7] && n >= max) break;
    hr = sim_wait(svc, req, &d->qlen, 0);
    if (hr) break;
    uint16_t key = d->keyq[d->qhead];
    d->qhead = (d->qhead + 1) % TTU_KEYQ;
    d->qlen--;
    ttu_key_t ev = { 0, 0, 0 };
    if (key < 0x100) {
      if (!memchr(in->items[0].data, key, in->items[0].len) || !key || n >= max) continue;  /* ignored, as on a real terminal */
      buf[n++] = (char)key;
      ev.cKey = (char)key;
      ev.wUNICODEKey = key;
      d->cur_x = x + (int)n - 1; d->cur_y = y;
      if (d->cur_x < d->size_x && in->w[4] != 1) sim_ttu_put(d, in->w[4] == 2 ? '*' : (char)key);
      sim_event(svc, EVC_EXECUTE, req, TTU_EV_KEY, sim_ttu_fill_key, &ev);
      continue;
    }
    uint16_t ck = key & 0xff;
    int term = has_word(in, 2, ck);
    if (!term && !has_word(in, 1, ck)) continue;
    ev.wCommandKey = ck;
    sim_event(svc, EVC_EXECUTE, req, TTU_EV_KEY, sim_ttu_fill_key, &ev);
    /* Any terminate key, CANCEL too, ends READ with what was typed: the key event says which one
     * (WFS_ERR_TTU_KEYCANCELED belongs to READ_FORM). */
    if (term) break;
    if (ck == TTU_CK_BACKSPACE && n) { n--; if (x + (int)n < d->size_x) d->screen[y][x + (int)n] = ' '; }
    if (ck == TTU_CK_CLEAR) { sim_ttu_clear(d, x, y, (int)n, 1); n = 0; }
  }
  if (hr) return hr;
  buf[n] = 0;
  ttu_read_in_t *out = sim_alloc_more(r, sizeof *out);
  out->lpszInput = sim_strdup_more(r, buf);
  out->lpszUNICODEInput = NULL;
  r->lpBuffer = out;
  return 0;
}

static int32_t execute(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  ttu_state_t *d = sim_ttu_state(svc);
  if (!d) return R_INTERNAL_ERROR;
  const uint32_t *w = req->in.w;
  switch (req->code) {
  case TTU_CMD_BEEP:
    if (!w[0] || (w[0] & ~0xbfu)) return R_INVALID_DATA;
    d->last_beep = (uint16_t)w[0];
    d->beeps++;
    return 0;
  case TTU_CMD_CLEARSCREEN:
    if (!w[4] || !w[2] || !w[3]) { home(d); return 0; }   /* no area: the whole screen */
    if (w[0] >= (uint32_t)d->size_x || w[1] >= (uint32_t)d->size_y || w[0] + w[2] > (uint32_t)d->size_x ||
        w[1] + w[3] > (uint32_t)d->size_y) return R_INVALID_DATA;
    sim_ttu_clear(d, (int)w[0], (int)w[1], (int)w[2], (int)w[3]);
    d->cur_x = (int)w[0]; d->cur_y = (int)w[1];
    return 0;
  case TTU_CMD_SET_RESOLUTION:
    for (int i = 0; i < SIM_TTU_NRESOLUTIONS; i++) {
      if (SIM_TTU_RESOLUTIONS[i].wSizeX == w[0] && SIM_TTU_RESOLUTIONS[i].wSizeY == w[1]) {
        d->size_x = (int)w[0]; d->size_y = (int)w[1];
        home(d);
        return 0;
      }
    }
    return TTU_E_RESNOTSUPP;
  case TTU_CMD_WRITE: return write_text(d, req);
  case TTU_CMD_READ: return read_keys(svc, d, req, r);
  case TTU_CMD_WRITE_FORM: return sim_ttu_write_form(svc, d, req);
  case TTU_CMD_READ_FORM: return sim_ttu_read_form(svc, d, req, r);
  case TTU_CMD_DEFINE_KEYS: return sim_ttu_define_keys(d, req);
  case TTU_CMD_RESET:
    d->keys_defined = 0;
    d->size_x = SIM_TTU_RESOLUTIONS[0].wSizeX;
    d->size_y = SIM_TTU_RESOLUTIONS[0].wSizeY;
    d->qhead = d->qlen = 0;
    home(d);
    return 0;
  default: return R_UNSUPP_COMMAND;
  }
}

const sim_class_t sim_ttu_class = { parse_exec, parse_info, execute, sim_ttu_info, init, NULL, NULL };
