/* The simulated PIN pad's keyboard extras: WFS_CMD_PIN_SECUREKEY_ENTRY (3.10+: a key part typed as
 * hex digits, kept in the pad for IMPORT_KEY with WFS_PIN_USESECURECONSTRUCT, which XORs the parts),
 * WFS_EXEE_PIN_ENTERDATA (3.10+: every entry says when it is ready for keys), and the touch screen
 * (ETS) variant of 3.30: WFS_CMD_PIN_DEFINE_LAYOUT and WFS_EXEE_PIN_LAYOUT, the positions the keys
 * have during the next entry of that mode. SIMULATOR-ONLY: key parts live in clear process memory.
 * All with g_lock held. */
#include <stdio.h>
#include <string.h>
#include "sim_pin.h"

enum { EV_ENTERDATA = 408, EV_LAYOUT = 411 };
enum { E_NOTALLOWED = -418, E_KEYNOTSUPPORTED = -411, E_NOACTIVEKEYS = -412, E_NOTERMINATEKEYS = -414,
       E_TOOMANYFRAMES = -442, E_MISSINGKEYS = -444, E_FRAMECOORD = -445, E_KEYCOORD = -446,
       E_FRAMEOVERLAP = -447, E_KEYOVERLAP = -448, E_TOOMANYKEYS = -449, E_KEYALREADYDEFINED = -450 };
enum { FK_ENTER = 0x400, FK_CANCEL = 0x800, FK_CLEAR = 0x1000, FK_BACKSPACE = 0x2000, FK_HELP = 0x4000,
       FK_A = 0x40000, HEX_AF = 0xfc0000, SECURE_KEYS = 0x1ffff | HEX_AF };
enum { C_AUTO = 0, C_ENTER = 1, C_CANCEL = 2, C_CONTINUE = 6, C_CLEAR = 7, C_BACKSPACE = 8, C_HELP = 10, C_FK = 11 };
enum { KCV_SELF = 1, KCV_ZERO = 2, USE_CONSTRUCT = 0x100, USE_SECURECONSTRUCT = 0x200 };
enum { LAYOUT_DATA = 1, LAYOUT_PIN = 2, LAYOUT_SECURE = 4, KEYTYPE_FK = 1, KEYTYPE_FDK = 2, FLOAT_X = 1, FLOAT_Y = 2 };
/* The simulated touch screen: 800 x 480 pixels, two frames, 24 keys, frames may float both ways. */
enum { SCREEN_W = 800, SCREEN_H = 480 };

static int mode_index(uint32_t mode) { return mode == LAYOUT_DATA ? 0 : mode == LAYOUT_PIN ? 1 : mode == LAYOUT_SECURE ? 2 : -1; }

/* ---- input ---- */

/* lppLayout: a NULL-terminated array of WFSPINLAYOUT, staged in in->bytes as three layouts and the
 * mask of modes given in w[0] (a mode given twice is w[1]). */
static int parse_layouts(const void *data, sim_input_t *in) {
  if (!data) return R_INVALID_POINTER;
  sim_pin_touch_layout_t staged[3];
  memset(staged, 0, sizeof staged);
  const pin_layout_t *const *list = data;
  for (int i = 0; list[i]; i++) {
    if (i >= 3) return R_INVALID_DATA;
    const pin_layout_t *l = list[i];
    int m = mode_index(l->dwEntryMode);
    if (m < 0) { in->w[1] = 1; continue; }
    if (in->w[0] & l->dwEntryMode) in->w[1] = 1;
    in->w[0] |= l->dwEntryMode;
    if (l->usNumberOfFrames > PIN_TOUCH_FRAMES) return E_TOOMANYFRAMES;
    if (l->usNumberOfFrames && !l->lppFrames) return R_INVALID_POINTER;
    staged[m].nframes = l->usNumberOfFrames;
    for (int f = 0; f < l->usNumberOfFrames; f++) {
      const pin_frame_t *src = l->lppFrames[f];
      if (!src) return R_INVALID_POINTER;
      sim_pin_touch_frame_t *dst = &staged[m].frames[f];
      dst->x = src->usFrameXPos; dst->y = src->usFrameYPos; dst->w = src->usFrameXSize; dst->h = src->usFrameYSize;
      dst->flt = src->wFloatAction;
      for (int k = 0; src->lppFKs && src->lppFKs[k]; k++) {
        if (k >= PIN_TOUCH_KEYS) return E_TOOMANYKEYS;
        const pin_fk_t *fk = src->lppFKs[k];
        dst->keys[k] = (sim_pin_touch_key_t){ fk->usXPos, fk->usYPos, fk->usXSize, fk->usYSize, fk->wKeyType, fk->ulFK, fk->ulShiftFK };
        dst->nkeys = k + 1;
      }
    }
  }
  memcpy(in->bytes, staged, sizeof staged);
  in->nbytes = sizeof staged;
  return 0;
}

int sim_pin_parse_kbd(uint16_t v, uint32_t cmd, const void *data, sim_input_t *in) {
  if (cmd == PIN_CMD_SECUREKEY_ENTRY) {
    if (sim_vnum(v) < 310) return R_UNSUPP_COMMAND;
    if (!data) return R_INVALID_POINTER;
    const pin_securekey_entry_t *c = data;
    in->w[0] = c->usKeyLen; in->w[1] = c->bAutoEnd != 0; in->w[2] = c->ulActiveKeys; in->w[3] = c->ulTerminateKeys;
    in->w[4] = c->ulActiveFDKs; in->w[5] = c->ulTerminateFDKs; in->w[6] = c->wVerificationType;
    return 0;
  }
  if (cmd == PIN_CMD_DEFINE_LAYOUT) return sim_vnum(v) < 330 ? R_UNSUPP_COMMAND : parse_layouts(data, in);
  return R_UNSUPP_COMMAND;
}

/* ---- events ---- */

typedef struct { uint32_t mode; const sim_pin_touch_layout_t *layout; } layout_ctx_t;

pin_layout_t *sim_pin_layout_out(wfs_result_t *r, uint32_t mode, const sim_pin_touch_layout_t *layout) {
  pin_layout_t *l = sim_alloc_more(r, sizeof *l);
  l->dwEntryMode = mode;
  l->usNumberOfFrames = (uint16_t)layout->nframes;
  l->lppFrames = sim_alloc_more(r, sizeof(void *) * (size_t)(layout->nframes + 1));
  for (int f = 0; f < layout->nframes; f++) {
    const sim_pin_touch_frame_t *src = &layout->frames[f];
    pin_frame_t *fr = sim_alloc_more(r, sizeof *fr);
    fr->usFrameXPos = src->x; fr->usFrameYPos = src->y; fr->usFrameXSize = src->w; fr->usFrameYSize = src->h;
    fr->wFloatAction = src->flt;
    fr->lppFKs = sim_alloc_more(r, sizeof(void *) * (size_t)(src->nkeys + 1));
    for (int k = 0; k < src->nkeys; k++) {
      pin_fk_t *fk = sim_alloc_more(r, sizeof *fk);
      const sim_pin_touch_key_t *key = &src->keys[k];
      *fk = (pin_fk_t){ key->x, key->y, key->w, key->h, key->type, key->fk, key->shift };
      fr->lppFKs[k] = fk;
    }
    l->lppFrames[f] = fr;
  }
  return l;
}

static void fill_layout(wfs_result_t *r, uint16_t v, const void *ctx) {
  (void)v;
  const layout_ctx_t *c = ctx;
  r->lpBuffer = sim_pin_layout_out(r, c->mode, c->layout);
}

static uint32_t random_below(uint32_t n) {
  uint32_t x = 0;
  FILE *f = fopen("/dev/urandom", "rb");
  if (f) { if (fread(&x, sizeof x, 1, f) != 1) x = 0; fclose(f); }
  return n ? x % n : 0;
}

/* A floating frame moves, keys and all, to a random place on the screen for this entry only. */
static void float_frame(sim_pin_touch_frame_t *f) {
  int dx = 0, dy = 0;
  if (f->flt & FLOAT_X) dx = (int)random_below((uint32_t)(SCREEN_W - f->w + 1)) - f->x;
  if (f->flt & FLOAT_Y) dy = (int)random_below((uint32_t)(SCREEN_H - f->h + 1)) - f->y;
  f->x = (uint16_t)(f->x + dx); f->y = (uint16_t)(f->y + dy);
  for (int k = 0; k < f->nkeys; k++) { f->keys[k].x = (uint16_t)(f->keys[k].x + dx); f->keys[k].y = (uint16_t)(f->keys[k].y + dy); }
}

int32_t sim_pin_entry_ready(sim_service_t *svc, sim_request_t *req, uint32_t mode, uint32_t active) {
  sim_pin_state_t *d = sim_pin_state(svc);
  int m = mode_index(mode);
  if (d->touch && sim_vnum(req->version) >= 330 && m >= 0 && d->layouts[m].nframes) {
    sim_pin_touch_layout_t used = d->layouts[m];
    uint32_t shown = 0;
    for (int f = 0; f < used.nframes; f++) {
      for (int k = 0; k < used.frames[f].nkeys; k++) {
        if (used.frames[f].keys[k].type == KEYTYPE_FK) shown |= used.frames[f].keys[k].fk | used.frames[f].keys[k].shift;
      }
    }
    if (active & ~shown) return E_MISSINGKEYS;   /* an active key the customer could not touch */
    for (int f = 0; f < used.nframes; f++) float_frame(&used.frames[f]);
    layout_ctx_t ctx = { mode, &used };
    sim_event(svc, EVC_EXECUTE, req, EV_LAYOUT, fill_layout, &ctx);
  }
  /* 3.10 added the event: an older session never hears of it. */
  if (sim_vnum(req->version) >= 310) sim_event(svc, EVC_EXECUTE, req, EV_ENTERDATA, NULL, NULL);
  return 0;
}

/* ---- secure key entry ---- */

static int hex_value(uint32_t key) {
  for (int i = 0; i < 10; i++) if (key == 1u << i) return i;
  for (int i = 0; i < 6; i++) if (key == (uint32_t)FK_A << i) return 10 + i;
  return -1;
}

static int32_t securekey_entry(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  sim_pin_state_t *d = sim_pin_state(svc);
  const uint32_t *w = req->in.w;
  uint32_t len = w[0], active = w[2], term = w[3], mode = w[6];
  int auto_end = (int)w[1];
  if (len != 16 && len != 32 && len != 48) return PIN_E_INVALIDKEYLENGTH;
  if (mode != KCV_SELF && mode != KCV_ZERO) return PIN_E_MODENOTSUPPORTED;
  if (!active && !w[4]) return E_NOACTIVEKEYS;
  if ((active & ~(uint32_t)SECURE_KEYS) || (term & ~(uint32_t)SECURE_KEYS) || w[4] || w[5]) return E_KEYNOTSUPPORTED;
  if (!term && !auto_end) return E_NOTERMINATEKEYS;
  /* A new entry replaces the part not yet imported. */
  memset(d->skey, 0, sizeof d->skey);
  d->skey_len = 0;
  int32_t hr = sim_pin_entry_ready(svc, req, LAYOUT_SECURE, active);
  if (hr) return hr;
  uint8_t nibbles[48];
  uint32_t n = 0;
  uint16_t completion = C_ENTER;
  for (;;) {
    hr = sim_wait(svc, req, &d->qlen, 0);
    if (hr) { memset(nibbles, 0, sizeof nibbles); return hr; }
    uint32_t key = d->keyq[d->qhead];
    d->qhead = (d->qhead + 1) % PIN_KEYQ;
    d->qlen--;
    if (!(key & active)) continue;
    int hex = hex_value(key);
    if (key & term) {
      completion = sim_pin_terminate_completion(key);
      sim_pin_key_event(svc, req, hex >= 0 ? 0 : key, completion);
      break;
    }
    if (key == FK_CLEAR) { n = 0; sim_pin_key_event(svc, req, key, C_CLEAR); continue; }
    if (key == FK_BACKSPACE) { if (n) n--; sim_pin_key_event(svc, req, key, C_BACKSPACE); continue; }
    if (hex < 0) { sim_pin_key_event(svc, req, key, C_CONTINUE); continue; }
    if (n >= len) continue;     /* the key is complete: digit keys are disabled */
    nibbles[n++] = (uint8_t)hex;
    sim_pin_key_event(svc, req, 0, C_CONTINUE);   /* which digit, never */
    if (auto_end && n >= len) { completion = C_AUTO; break; }
  }
  if (completion == C_CANCEL) n = 0;
  pin_securekey_entry_out_t *o = sim_alloc_more(r, sizeof *o);
  o->usDigits = (uint16_t)n;
  o->wCompletion = completion;
  o->lpxKCV = NULL;
  if (n == len) {
    for (uint32_t i = 0; i < len / 2; i++) d->skey[i] = (uint8_t)(nibbles[2 * i] << 4 | nibbles[2 * i + 1]);
    d->skey_len = (uint8_t)(len / 2);
    /* KCVSELF: the part's first 8 bytes encrypted under the part; KCVZERO: 8 zero bytes (3 bytes
     * kept), as GENERATE_KCV does for stored keys. */
    uint8_t block[8] = { 0 }, kcv[8];
    if (mode == KCV_SELF) memcpy(block, d->skey, 8);
    sim_tdes(d->skey, d->skey_len, 1, NULL, block, kcv, 8);
    memset(block, 0, sizeof block);
    o->lpxKCV = sim_pin_xdata(r, kcv, mode == KCV_ZERO ? 3 : 8);
  }
  memset(nibbles, 0, sizeof nibbles);
  r->lpBuffer = o;
  return 0;
}

/* ---- key parts ---- */

int32_t sim_pin_add_part(sim_pin_state_t *d, const char *name, const uint8_t *part, uint8_t len) {
  /* A part XORed into the key being constructed under this name; the first part starts it. */
  if (strcmp(d->cons_name, name) || !d->cons_len) {
    memset(d->cons_value, 0, sizeof d->cons_value);
    snprintf(d->cons_name, sizeof d->cons_name, "%s", name);
    d->cons_len = len;
  } else if (d->cons_len != len) {
    return PIN_E_INVALIDKEYLENGTH;
  }
  for (int i = 0; i < len; i++) d->cons_value[i] ^= part[i];
  return 0;
}

int sim_pin_import_part(sim_pin_state_t *d, const char *name, uint16_t use, int32_t *hr, uint8_t kcv[8]) {
  if (use & USE_SECURECONSTRUCT) {
    /* The part from the secure key buffer. */
    if (!d->skey_len) { *hr = E_NOTALLOWED; return 1; }
    *hr = sim_pin_add_part(d, name, d->skey, d->skey_len);
    if (*hr) return 1;
    memset(d->skey, 0, sizeof d->skey);
    d->skey_len = 0;
    return 1;
  }
  if (use & USE_CONSTRUCT) { *hr = R_INVALID_DATA; return 1; }   /* a clear part needs its value */
  if (!use) return 0;                                  /* no use: a deletion */
  /* No value for a key without parts: nothing to load yet (parts are entered first). */
  if (!d->cons_len || strcmp(d->cons_name, name)) { *hr = E_NOTALLOWED; return 1; }
  /* The same name without the construct flags and without a value: the parts become the key. */
  sim_pin_key_t *k = sim_pin_find_key(d, name);
  if (!k) {
    if (d->nkeys >= PIN_MAX_KEYS) { *hr = PIN_E_NOKEYRAM; return 1; }
    k = &d->keys[d->nkeys++];
    memset(k, 0, sizeof *k);
    snprintf(k->name, sizeof k->name, "%s", name);
  }
  k->use = use;
  memcpy(k->value, d->cons_value, d->cons_len);
  k->len = d->cons_len;
  memset(d->cons_value, 0, sizeof d->cons_value);
  d->cons_len = 0;
  d->cons_name[0] = 0;
  uint8_t zero[8] = { 0 };
  sim_tdes(k->value, k->len, 1, NULL, zero, kcv, 8);
  *hr = 0;
  return 1;
}

void sim_pin_kbd_reset(sim_pin_state_t *d) {
  memset(d->skey, 0, sizeof d->skey);
  d->skey_len = 0;
  memset(d->cons_value, 0, sizeof d->cons_value);
  d->cons_len = 0;
  d->cons_name[0] = 0;
}

/* ---- touch screen layouts ---- */

static int overlap(uint16_t ax, uint16_t ay, uint16_t aw, uint16_t ah, uint16_t bx, uint16_t by, uint16_t bw, uint16_t bh) {
  return ax < bx + bw && bx < ax + aw && ay < by + bh && by < ay + ah;
}

/* Keys lie inside their frame in screen coordinates; the first fault found is the answer. */
static int32_t check_layout(const sim_pin_touch_layout_t *l) {
  int total = 0;
  for (int f = 0; f < l->nframes; f++) {
    const sim_pin_touch_frame_t *fr = &l->frames[f];
    if (!fr->w || !fr->h || fr->x + fr->w > SCREEN_W || fr->y + fr->h > SCREEN_H) return E_FRAMECOORD;
    for (int g = 0; g < f; g++) {
      const sim_pin_touch_frame_t *o = &l->frames[g];
      if (overlap(fr->x, fr->y, fr->w, fr->h, o->x, o->y, o->w, o->h)) return E_FRAMEOVERLAP;
    }
    total += fr->nkeys;
    for (int k = 0; k < fr->nkeys; k++) {
      const sim_pin_touch_key_t *key = &fr->keys[k];
      if (key->type > KEYTYPE_FDK) return R_INVALID_DATA;   /* 0: an area without a key */
      if (!key->w || !key->h || key->x < fr->x || key->y < fr->y || key->x + key->w > fr->x + fr->w || key->y + key->h > fr->y + fr->h) return E_KEYCOORD;
      for (int j = 0; j < k; j++) {
        const sim_pin_touch_key_t *o = &fr->keys[j];
        if (overlap(key->x, key->y, key->w, key->h, o->x, o->y, o->w, o->h)) return E_KEYOVERLAP;
      }
    }
  }
  if (total > PIN_TOUCH_KEYS) return E_TOOMANYKEYS;
  for (int f = 0; f < l->nframes; f++) {
    for (int k = 0; k < l->frames[f].nkeys; k++) {
      const sim_pin_touch_key_t *a = &l->frames[f].keys[k];
      for (int g = 0; g <= f; g++) {
        for (int j = 0; j < (g == f ? k : l->frames[g].nkeys); j++) {
          const sim_pin_touch_key_t *b = &l->frames[g].keys[j];
          if (a->type == b->type && (a->fk & b->fk)) return E_KEYALREADYDEFINED;
        }
      }
    }
  }
  return 0;
}

static int32_t define_layout(sim_service_t *svc, sim_request_t *req) {
  sim_pin_state_t *d = sim_pin_state(svc);
  if (!d->touch) return R_UNSUPP_COMMAND;   /* a pad of physical keys cannot move them */
  if (req->in.w[1]) return PIN_E_MODENOTSUPPORTED;
  sim_pin_touch_layout_t staged[3];
  memcpy(staged, req->in.bytes, sizeof staged);
  for (int m = 0; m < 3; m++) {
    if (!(req->in.w[0] & (1u << m))) continue;
    int32_t hr = check_layout(&staged[m]);
    if (hr) return hr;
  }
  for (int m = 0; m < 3; m++) if (req->in.w[0] & (1u << m)) d->layouts[m] = staged[m];
  return 0;
}

int32_t sim_pin_execute_kbd(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  switch (req->code) {
  case PIN_CMD_SECUREKEY_ENTRY: return securekey_entry(svc, req, r);
  case PIN_CMD_DEFINE_LAYOUT: return define_layout(svc, req);
  default: return R_UNSUPP_COMMAND;
  }
}

/* The touch screen variant (3.30 ETS) on or off; its layouts are forgotten either way. Returns 0,
 * -1 for an unknown service. */
SIM_EXPORT int32_t SimPinSetTouchScreen(const char *name, int32_t on) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = sim_find_class_service(name, 4);
  int32_t rc = -1;
  if (s) {
    sim_pin_state_t *d = sim_pin_state(s);
    d->touch = on != 0;
    memset(d->layouts, 0, sizeof d->layouts);
    rc = 0;
  }
  pthread_mutex_unlock(&g_lock);
  return rc;
}
