/* The simulated PIN pad's keyboard queries: WFS_INF_PIN_SECUREKEY_DETAIL (3.10+: where the keys of
 * secure key entry are) and WFS_INF_PIN_GET_LAYOUT (3.30: the touch screen layouts DEFINE_LAYOUT set).
 * All with g_lock held. */
#include <string.h>
#include "sim_pin.h"

enum { INF_SECUREKEY_DETAIL = 408, INF_GET_LAYOUT = 411 };
enum { SECUREKEY_REG_UNIQUE = 0x0002, LAYOUT_ALL = 1 | 2 | 4 };

/* The secure key entry keyboard: a regular grid of 5 x 5 keys, each hex digit on a key of its own
 * (WFS_PIN_SECUREKEY_REG_UNIQUE), holding exactly the keys SECUREKEY_ENTRY accepts (0-9, A-F and
 * the function keys of the pad, 000 excepted); two places hold no key. Control functions are keys,
 * not FDKs, so the four FDK codes are 0. */
enum { COLS = 5, ROWS = 5, CELL = 200 };
static const uint32_t GRID[ROWS][COLS] = {
  { 0x2, 0x4, 0x8, 0x40000, 0x800 },           /* 1 2 3 A cancel */
  { 0x10, 0x20, 0x40, 0x80000, 0x1000 },       /* 4 5 6 B clear */
  { 0x80, 0x100, 0x200, 0x100000, 0x2000 },    /* 7 8 9 C backspace */
  { 0x10000, 0x1, 0x8000, 0x200000, 0x400 },   /* 00 0 . D enter */
  { 0x400000, 0x800000, 0x4000, 0, 0 },        /* E F help, two unused places */
};

static int32_t securekey_detail(wfs_result_t *r) {
  pin_securekey_detail_t *s = sim_alloc_more(r, sizeof *s);
  pin_funckey_detail_t *f = sim_alloc_more(r, sizeof *f);
  uint32_t mask = 0;
  s->fwKeyEntryMode = SECUREKEY_REG_UNIQUE;
  s->wColumns = COLS;
  s->wRows = ROWS;
  /* wColumns * wRows entries, row by row; NULL-terminated besides for readers that walk to NULL. */
  s->lppHexKeys = sim_alloc_more(r, sizeof(void *) * (COLS * ROWS + 1));
  for (int y = 0; y < ROWS; y++) {
    for (int x = 0; x < COLS; x++) {
      pin_hex_keys_t *k = sim_alloc_more(r, sizeof *k);
      *k = (pin_hex_keys_t){ (uint16_t)(x * CELL), (uint16_t)(y * CELL), CELL, CELL, GRID[y][x], 0 };
      mask |= GRID[y][x];
      s->lppHexKeys[y * COLS + x] = k;
    }
  }
  f->ulFuncMask = mask;
  f->usNumberFDKs = 0;
  f->lppFDKs = sim_alloc_more(r, sizeof(void *));
  s->lpFuncKeyDetail = f;
  r->lpBuffer = s;
  return 0;
}

/* lppLayout: the layouts defined for the modes asked, NULL-terminated; a mode DEFINE_LAYOUT never set
 * has none (its entries read the physical keys), so before any DEFINE_LAYOUT the list is empty. */
static int32_t get_layout(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  sim_pin_state_t *d = sim_pin_state(svc);
  if (!d->touch) return R_UNSUPP_CATEGORY;   /* a pad of physical keys has no touch layouts */
  void **list = sim_alloc_more(r, sizeof(void *) * 4);
  int n = 0;
  for (int m = 0; m < 3; m++) {
    uint32_t mode = 1u << m;
    if ((req->in.w[0] & mode) && d->layouts[m].nframes) list[n++] = sim_pin_layout_out(r, mode, &d->layouts[m]);
  }
  r->lpBuffer = list;
  return 0;
}

int sim_pin_parse_kbd_info(uint16_t v, uint32_t cat, const void *data, sim_input_t *in) {
  switch (cat) {
  case INF_SECUREKEY_DETAIL: return sim_vnum(v) >= 310 ? 0 : R_UNSUPP_CATEGORY;
  case INF_GET_LAYOUT: {
    if (sim_vnum(v) < 330) return R_UNSUPP_CATEGORY;
    /* No WFSPINGETLAYOUT: every mode. */
    uint32_t mode = data ? ((const pin_get_layout_t *)data)->dwEntryMode : LAYOUT_ALL;
    if (!mode || (mode & ~(uint32_t)LAYOUT_ALL)) return R_INVALID_DATA;
    in->w[0] = mode;
    return 0;
  }
  default: return R_UNSUPP_CATEGORY;
  }
}

int32_t sim_pin_kbd_info(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  switch (req->code) {
  case INF_SECUREKEY_DETAIL: return securekey_detail(r);
  case INF_GET_LAYOUT: return get_layout(svc, req, r);
  default: return R_UNSUPP_CATEGORY;
  }
}
