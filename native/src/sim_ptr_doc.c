/* The document printer's own commands (KIND_DOCUMENT): media drawn in through the slot (NOMEDIA,
 * MEDIAINSERTED, MEDIAREJECTED), READ_FORM of what is written on the document, MEDIA_EXTENTS,
 * READ_IMAGE from its scanner, CONTROL_PASSBOOK, SET_BLACK_MARK_MODE; and, for both printers,
 * LOAD_DEFINITION and SUPPLY_REPLENISH. All with g_lock held. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim_ptr.h"

/* A document is 152 x 70 mm, a passbook 140 x 90 mm (tenths of a millimetre). */
static const uint32_t SIZE_X[2] = { 1520, 1400 }, SIZE_Y[2] = { 700, 900 };
enum { REPLEN_UPPER = 0x0001, REPLEN_TONER = 0x0010, REPLEN_INK = 0x0020, REPLEN_LAMP = 0x0040 };
enum { PBK_FORWARD = 1, PBK_BACKWARD = 2, PBK_CLOSEFORWARD = 4, PBK_CLOSEBACKWARD = 8 };
enum { IMG_FRONT = 1, IMG_BACK = 2, IMG_CODELINE = 4 };

void sim_ptr_fill_string(wfs_result_t *r, uint16_t v, const void *ctx) {
  (void)v;
  r->lpBuffer = sim_strdup_more(r, ctx);
}

static void copy_name(char *dst, size_t cap, const char *src, int *bad) {
  if (strlen(src) >= cap) *bad = 1;
  else snprintf(dst, cap, "%s", src);
}

int sim_ptr_parse_doc(uint32_t cmd, const void *data, sim_input_t *in) {
  if (!data) return cmd == CMD_READ_FORM || cmd == CMD_MEDIA_EXTENTS || cmd == CMD_READ_IMAGE || cmd == CMD_LOAD_DEFINITION ||
                    cmd == CMD_SUPPLY_REPLENISH || cmd == CMD_CONTROL_PASSBOOK || cmd == CMD_SET_BLACK_MARK_MODE
                    ? R_INVALID_POINTER : R_UNSUPP_COMMAND;
  int bad = 0;
  switch (cmd) {
  case CMD_READ_FORM: {
    const ptr_read_form_t *p = data;
    if (!p->lpszFormName) return R_INVALID_DATA;
    copy_name(in->text, sizeof in->text, p->lpszFormName, &bad);
    if (bad) return E_FORMNOTFOUND;
    if (p->lpszMediaName) {
      copy_name((char *)in->items[0].data, sizeof in->items[0].data, p->lpszMediaName, &bad);
      if (bad) return E_MEDIANOTFOUND;
      in->nitems = 1;
    }
    if (p->lpszFieldNames) {
      size_t n = 0;
      while (p->lpszFieldNames[n]) n += strlen(p->lpszFieldNames + n) + 1;
      if (n + 1 > SIM_MAX_BYTES) return R_INVALID_DATA;
      memcpy(in->bytes, p->lpszFieldNames, n + 1);
      in->nbytes = (uint32_t)(n + 1);
    }
    in->w[0] = p->dwMediaControl;
    return 0;
  }
  case CMD_MEDIA_EXTENTS: {
    const ptr_media_unit_t *u = data;
    in->w[0] = u->wBase; in->w[1] = u->wUnitX; in->w[2] = u->wUnitY;
    return 0;
  }
  case CMD_READ_IMAGE: {
    const ptr_image_request_t *q = data;
    /* The simulated scanner hands images back in memory only. */
    if (q->lpszFrontImageFile || q->lpszBackImageFile) return R_UNSUPP_DATA;
    in->w[0] = q->wFrontImageType; in->w[1] = q->wBackImageType; in->w[2] = q->wFrontImageColorFormat;
    in->w[3] = q->wBackImageColorFormat; in->w[4] = q->wCodelineFormat; in->w[5] = q->fwImageSource;
    return 0;
  }
  case CMD_LOAD_DEFINITION: {
    const ptr_load_definition_t *l = data;
    if (!l->lpszFileName || strlen(l->lpszFileName) >= SIM_MAX_BYTES) return R_INVALID_DATA;
    snprintf((char *)in->bytes, SIM_MAX_BYTES, "%s", l->lpszFileName);
    in->w[0] = l->bOverwrite ? 1 : 0;
    return 0;
  }
  case CMD_SUPPLY_REPLENISH: case CMD_SET_BLACK_MARK_MODE:
    in->w[0] = *(const uint16_t *)data;
    return 0;
  case CMD_CONTROL_PASSBOOK:
    in->w[0] = ((const ptr_control_passbook_t *)data)->wAction;
    in->w[1] = ((const ptr_control_passbook_t *)data)->usCount;
    return 0;
  default:
    return R_UNSUPP_COMMAND;
  }
}

/* ---- media drawn in ---- */
int32_t sim_ptr_accept_media(sim_service_t *svc, sim_request_t *req, ptr_state_t *d, const char *prompt) {
  if (d->media == MEDIA_PRESENT) return 0;
  if (d->media == MEDIA_ENTERING) return E_SEQUENCEINVALID;  /* the customer has not taken the last one */
  if (!d->doc_waiting) {
    sim_event(svc, EVC_EXECUTE, req, EV_NOMEDIA, sim_ptr_fill_string, prompt);
    d->awaiting = 1;
    int32_t hr = sim_wait(svc, req, &d->doc_waiting, 0);
    d->awaiting = 0;
    if (hr) return hr;
  }
  d->doc_waiting = 0;
  if (d->doc_reject) {
    uint16_t reason = (uint16_t)(d->doc_reject - 1);
    d->doc_reject = 0;
    if (sim_vnum(req->version) >= 310) sim_event(svc, EVC_EXECUTE, req, EV_MEDIAREJECTED, sim_ptr_fill_word, &reason);
    return E_MEDIAREJECTED;
  }
  d->media = MEDIA_PRESENT;
  d->page = 1;
  d->closed = 0;
  sim_event(svc, EVC_EXECUTE, req, EV_MEDIAINSERTED, NULL, NULL);
  return 0;
}

/* Value of NAME in "NAME=value;NAME=value"; 1 when written on the document. */
static int doc_value(const ptr_state_t *d, const char *name, char *out, size_t cap) {
  size_t nlen = strlen(name);
  for (const char *p = d->doc; *p;) {
    const char *end = strchr(p, ';');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    if (len > nlen && !strncmp(p, name, nlen) && p[nlen] == '=') {
      size_t vlen = len - nlen - 1 < cap - 1 ? len - nlen - 1 : cap - 1;
      memcpy(out, p + nlen + 1, vlen);
      out[vlen] = 0;
      return 1;
    }
    p += len + (end ? 1 : 0);
  }
  return 0;
}

static int32_t read_form(sim_service_t *svc, sim_request_t *req, wfs_result_t *r, ptr_state_t *d) {
  if (d->kind != KIND_DOCUMENT) return E_READNOTSUPPORTED;
  const form_def_t *form = sim_ptr_find_form(d, req->in.text);
  if (!form) return E_FORMNOTFOUND;
  if (req->in.nitems) return E_MEDIANOTFOUND;   /* no media definition fits a document */
  int wanted[8] = { 0 };
  for (const char *p = (const char *)req->in.bytes; req->in.nbytes && *p; p += strlen(p) + 1) {
    int f = sim_ptr_find_field(form, p);
    if (f < 0) return E_FIELDNOTFOUND;
    wanted[f] = 1;
  }
  if (d->lamp == SUPPLY_OUT) return E_LAMPINOP;
  int32_t hr = sim_ptr_accept_media(svc, req, d, form->prompt);
  if (hr) return hr;
  char out[SIM_MAX_BYTES];
  size_t len = 0;
  for (int f = 0; f < form->nfields; f++) {
    const field_def_t *fd = &form->fields[f];
    if (!(fd->access & 0x0001) || (req->in.nbytes && !wanted[f])) continue;
    /* an indexed field is read as NAME[0], NAME[1], ...: each written one is returned */
    int found = 0;
    for (int i = 0; i < (fd->index_count ? fd->index_count : 1); i++) {
      char key[80], value[128];
      if (fd->index_count) snprintf(key, sizeof key, "%s[%d]", fd->name, i);
      else snprintf(key, sizeof key, "%s", fd->name);
      if (!doc_value(d, key, value, sizeof value)) continue;
      int n = snprintf(out + len, sizeof out - len - 1, "%s=%s", key, value);
      if (n < 0 || (size_t)n >= sizeof out - len - 1) break;
      len += (size_t)n + 1;
      found = 1;
    }
    if (found) continue;
    sim_field_fail_ctx_t fail = { form->name, fd->name, fd->cls == CLS_REQUIRED ? FIELD_REQUIRED : FIELD_NOTREAD };
    if (fd->cls == CLS_REQUIRED) {
      sim_event(svc, EVC_EXECUTE, req, EV_FIELDERROR, sim_fill_field_fail, &fail);
      return E_FIELDERROR;
    }
    sim_event(svc, EVC_EXECUTE, req, EV_FIELDWARNING, sim_fill_field_fail, &fail);
  }
  out[len] = 0;
  ptr_read_form_out_t *o = sim_alloc_more(r, sizeof *o);
  o->lpszFields = sim_alloc_more(r, len + 1);
  memcpy(o->lpszFields, out, len + 1);
  r->lpBuffer = o;
  return req->in.w[0] ? sim_ptr_media_control(svc, req, d, req->in.w[0]) : 0;
}

static int32_t media_extents(sim_service_t *svc, sim_request_t *req, wfs_result_t *r, ptr_state_t *d) {
  if (d->kind != KIND_DOCUMENT) return E_EXTENTNOTSUPPORTED;
  uint32_t base = req->in.w[0], ux = req->in.w[1], uy = req->in.w[2];
  if (!ux || !uy || base > 2) return R_INVALID_DATA;
  if (base == 2) return R_UNSUPP_DATA;             /* a document has no rows and columns */
  int32_t hr = sim_ptr_accept_media(svc, req, d, "Please insert your document");
  if (hr) return hr;
  uint32_t div = base == 1 ? 10 : 254;             /* tenths of a mm per unit of the base */
  ptr_media_ext_t *e = sim_alloc_more(r, sizeof *e);
  e->ulSizeX = SIZE_X[d->doc_type] * ux / div;
  e->ulSizeY = SIZE_Y[d->doc_type] * uy / div;
  r->lpBuffer = e;
  return 0;
}

static ptr_image_t *image(wfs_result_t *r, uint16_t source, const char *data) {
  ptr_image_t *i = sim_alloc_more(r, sizeof *i);
  i->wImageSource = source;
  if (!data) { i->wStatus = 2; return i; }          /* WFS_PTR_DATASRCMISSING */
  i->ulDataLength = (uint32_t)strlen(data);
  i->lpbData = sim_alloc_more(r, i->ulDataLength + 1);
  memcpy(i->lpbData, data, i->ulDataLength);
  return i;
}

/* The scanner's "image" of a side is its text, tagged with the format and colour asked for, so
 * tests can check exactly what was scanned. */
static int32_t read_image(sim_service_t *svc, sim_request_t *req, wfs_result_t *r, ptr_state_t *d) {
  if (d->kind != KIND_DOCUMENT) return R_UNSUPP_COMMAND;
  uint32_t sources = req->in.w[5];
  if (!sources || (sources & ~(uint32_t)(IMG_FRONT | IMG_BACK | IMG_CODELINE))) return R_INVALID_DATA;
  if (d->lamp == SUPPLY_OUT) return E_LAMPINOP;
  int32_t hr = sim_ptr_accept_media(svc, req, d, "Please insert your document");
  if (hr) return hr;
  ptr_image_t **list = sim_alloc_more(r, 4 * sizeof *list);
  int n = 0;
  char text[DOC_MAX + 64], code[128];
  if (sources & IMG_FRONT) {
    snprintf(text, sizeof text, "FRONT type=%u color=%u %s", req->in.w[0], req->in.w[2], d->doc);
    list[n++] = image(r, IMG_FRONT, text);
  }
  if (sources & IMG_BACK) {
    snprintf(text, sizeof text, "BACK type=%u color=%u", req->in.w[1], req->in.w[3]);
    list[n++] = image(r, IMG_BACK, d->doc_type == DOC_PASSBOOK ? NULL : text);
  }
  if (sources & IMG_CODELINE) list[n++] = image(r, IMG_CODELINE, doc_value(d, "CODELINE", code, sizeof code) ? code : NULL);
  r->lpBuffer = list;
  return 0;
}

/* A definition file: XFSFORM "NAME" or XFSMEDIA "NAME", then BEGIN ... END. */
static int32_t load_definition(sim_service_t *svc, sim_request_t *req, ptr_state_t *d) {
  if (sim_vnum(req->version) < 310) return R_UNSUPP_COMMAND;
  snprintf(d->last_file, sizeof d->last_file, "%s", (const char *)req->in.bytes);
  FILE *f = fopen((const char *)req->in.bytes, "rb");
  if (!f) return E_FILENOTFOUND;
  static char text[65536];
  size_t n = fread(text, 1, sizeof text - 1, f);
  fclose(f);
  text[n] = 0;
  char kind[16], name[64];
  uint32_t type;
  if (sscanf(text, " %15s \"%63[^\"]\"", kind, name) != 2 || !strstr(text, "BEGIN") || !strstr(text, "END")) return E_FORMINVALID;
  if (!strcmp(kind, "XFSFORM")) type = 1;
  else if (!strcmp(kind, "XFSMEDIA")) type = 2;
  else return E_FORMINVALID;
  int at = -1;
  for (int i = 0; i < d->nloaded; i++) if (!strcmp(d->loaded[i], name) && d->loaded_type[i] == type) at = i;
  int builtin = type == 1 ? sim_ptr_find_form(d, name) != NULL : !strcmp(name, SIM_PTR_MEDIA_NAMES[0]);
  if ((at >= 0 || builtin) && !req->in.w[0]) return E_DEFINITIONEXISTS;
  if (builtin) return R_UNSUPP_DATA;              /* the built-in ones are part of the firmware */
  if (at < 0) {
    if (d->nloaded >= MAX_LOADED) return R_UNSUPP_DATA;
    at = d->nloaded++;
    snprintf(d->loaded[at], sizeof d->loaded[at], "%s", name);
    d->loaded_type[at] = type;
  }
  ptr_definition_loaded_t ev = { d->loaded[at], type };
  sim_event(svc, EVC_SERVICE, NULL, EV_DEFINITIONLOADED, sim_ptr_fill_definition, &ev);
  return 0;
}

void sim_ptr_fill_definition(wfs_result_t *r, uint16_t v, const void *ctx) {
  (void)v;
  const ptr_definition_loaded_t *c = ctx;
  ptr_definition_loaded_t *e = sim_alloc_more(r, sizeof *e);
  e->lpszDefinitionName = sim_strdup_more(r, c->lpszDefinitionName);
  e->dwDefinitionType = c->dwDefinitionType;
  r->lpBuffer = e;
}

/* Each replenished supply is full again; a change raises its threshold event. */
static int32_t supply_replenish(sim_service_t *svc, ptr_state_t *d, uint32_t what) {
  uint32_t known = REPLEN_UPPER | REPLEN_TONER | (d->kind == KIND_DOCUMENT ? REPLEN_INK | REPLEN_LAMP : 0);
  if (!what) return R_INVALID_DATA;
  if (what & ~known) return R_UNSUPP_DATA;
  if ((what & REPLEN_UPPER) && d->paper != SUPPLY_FULL) {
    d->paper = SUPPLY_FULL;
    uint16_t ev[2] = { PAPER_UPPER, SUPPLY_FULL };
    sim_event(svc, EVC_USER, NULL, EV_PAPERTHRESHOLD, sim_ptr_fill_two_words, ev);
  }
  uint16_t full = SUPPLY_FULL;
  if ((what & REPLEN_TONER) && d->toner != SUPPLY_FULL) { d->toner = SUPPLY_FULL; sim_event(svc, EVC_USER, NULL, EV_TONERTHRESHOLD, sim_ptr_fill_word, &full); }
  if ((what & REPLEN_INK) && d->ink != SUPPLY_FULL) { d->ink = SUPPLY_FULL; sim_event(svc, EVC_USER, NULL, EV_INKTHRESHOLD, sim_ptr_fill_word, &full); }
  if ((what & REPLEN_LAMP) && d->lamp != SUPPLY_FULL) { d->lamp = SUPPLY_FULL; sim_event(svc, EVC_USER, NULL, EV_LAMPTHRESHOLD, sim_ptr_fill_word, &full); }
  return 0;
}

static int32_t control_passbook(sim_request_t *req, ptr_state_t *d) {
  if (d->kind != KIND_DOCUMENT || sim_vnum(req->version) < 320) return R_UNSUPP_COMMAND;
  uint32_t action = req->in.w[0], count = req->in.w[1];
  if (action != PBK_FORWARD && action != PBK_BACKWARD && action != PBK_CLOSEFORWARD && action != PBK_CLOSEBACKWARD) return R_INVALID_DATA;
  if (d->media != MEDIA_PRESENT) return E_NOMEDIAPRESENT;
  if (d->doc_type != DOC_PASSBOOK) return E_SEQUENCEINVALID;
  if (d->closed) return E_PASSBOOKCLOSED;
  char mark[32];
  int n;
  if (action == PBK_CLOSEFORWARD || action == PBK_CLOSEBACKWARD) {
    d->closed = 1;
    n = snprintf(mark, sizeof mark, "<closed>\n");
  } else {
    if (!count) return R_INVALID_DATA;
    int page = action == PBK_FORWARD ? d->page + (int)count : d->page - (int)count;
    if (page < 1 || page > PASSBOOK_PAGES) return E_LASTORFIRSTPAGE;
    d->page = page;
    n = snprintf(mark, sizeof mark, "<turned to page %d>\n", page);
  }
  sim_ptr_emit(d, mark, (size_t)n);
  return 0;
}

int32_t sim_ptr_doc_execute(sim_service_t *svc, sim_request_t *req, wfs_result_t *r, ptr_state_t *d) {
  switch (req->code) {
  case CMD_READ_FORM: return read_form(svc, req, r, d);
  case CMD_MEDIA_EXTENTS: return media_extents(svc, req, r, d);
  case CMD_READ_IMAGE: return read_image(svc, req, r, d);
  case CMD_LOAD_DEFINITION: return load_definition(svc, req, d);
  case CMD_SUPPLY_REPLENISH: return supply_replenish(svc, d, req->in.w[0]);
  case CMD_CONTROL_PASSBOOK: return control_passbook(req, d);
  case CMD_SET_BLACK_MARK_MODE:
    if (d->kind != KIND_DOCUMENT || sim_vnum(req->version) < 330) return R_UNSUPP_COMMAND;
    if (req->in.w[0] != 1 && req->in.w[0] != 2) return R_INVALID_DATA;
    d->black_mark = (int)req->in.w[0];
    return 0;
  default:
    return R_UNSUPP_COMMAND;
  }
}
