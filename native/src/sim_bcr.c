/* Simulated BCR: a scanner that reads EAN-13, UPC-A, Code 39, Code 128, PDF417, Data Matrix, QR and
 * Aztec codes, with one guidance light. READ waits (scanner on) until a barcode is presented with
 * SimBcrPresent; a barcode of a symbology the READ did not ask for is ignored, as a filtering
 * reader does; an undecodable one completes with WFS_ERR_BCR_BARCODEINVALID. All with g_lock held. */
#include <string.h>
#include "sim_bcr.h"

enum { INF_STATUS = 1501, INF_CAPABILITIES = 1502 };
enum { CMD_READ = 1501, CMD_RESET = 1502, CMD_SET_GUIDANCE_LIGHT = 1503 };
enum { SCANNER_ON = 0, SCANNER_OFF = 1 };
enum { POS_NOTSUPP = 3 };
enum { E_BARCODEINVALID = -1500, E_INVALID_PORT = -1501 };
enum { LIGHT_OFF = 1, LIGHT_FLASHES = 0x01 | 0x04 | 0x08 | 0x10 | 0x80 };
#define BCR_VERSION_MIN 0x0a03
#define BCR_SLOTS 32

static const uint16_t SYMBOLOGIES[] = { 5, 9, 21, 24, 29, 31, 48, 49, 0 };
static const char *sym_name(uint16_t s) {
  switch (s) {
  case 5: return "EAN13"; case 9: return "UPCA"; case 21: return "CODE39"; case 24: return "CODE128";
  case 29: return "PDF417"; case 31: return "DATAMATRIX"; case 48: return "QRCODE"; case 49: return "AZTEC";
  default: return NULL;
  }
}
int sim_bcr_supports(uint16_t s) { return sym_name(s) != NULL; }

static bcr_state_t g_bcr[BCR_SLOTS];

bcr_state_t *sim_bcr_state(sim_service_t *svc) {
  for (int i = 0; i < BCR_SLOTS; i++) if (g_bcr[i].svc == svc) return &g_bcr[i];
  return NULL;
}

static void init(sim_service_t *svc) {
  bcr_state_t *d = sim_bcr_state(svc);
  for (int i = 0; !d && i < BCR_SLOTS; i++) if (!g_bcr[i].svc) d = &g_bcr[i];
  svc->min_version = BCR_VERSION_MIN;
  if (!d) return;
  memset(d, 0, sizeof *d);
  d->svc = svc;
  d->light = LIGHT_OFF;
}

static int parse_exec(uint16_t v, uint32_t cmd, const void *data, sim_input_t *in) {
  (void)v;
  switch (cmd) {
  case CMD_READ: {
    /* no input or no list: every symbology the reader knows */
    const bcr_read_input_t *p = data;
    if (!p || !p->lpwSymbologies) return 0;
    in->present = 1;
    for (const uint16_t *s = p->lpwSymbologies; *s; s++) {
      if (in->nvalues >= SIM_MAX_ITEMS) return R_INVALID_DATA;
      if (!sim_bcr_supports(*s)) return R_UNSUPP_DATA;
      in->values[in->nvalues++] = *s;
    }
    return 0;
  }
  case CMD_RESET: return 0;
  case CMD_SET_GUIDANCE_LIGHT: {
    if (!data) return R_INVALID_POINTER;
    const bcr_set_guidlight_t *p = data;
    in->w[0] = p->wGuidLight; in->w[1] = p->dwCommand;
    return 0;
  }
  default: return R_UNSUPP_COMMAND;
  }
}

static int parse_info(uint16_t v, uint32_t cat, const void *data, sim_input_t *in) {
  (void)v; (void)data; (void)in;
  return cat == INF_STATUS || cat == INF_CAPABILITIES ? 0 : R_UNSUPP_CATEGORY;
}

static int wanted(const sim_input_t *in, uint16_t s) {
  if (!in->present || !in->nvalues) return 1;
  for (uint32_t i = 0; i < in->nvalues; i++) if (in->values[i] == s) return 1;
  return 0;
}

static int32_t read_code(sim_service_t *svc, sim_request_t *req, bcr_state_t *d, wfs_result_t *r) {
  d->reading = 1;
  for (;;) {
    int32_t hr = sim_wait(svc, req, &d->presented, 0);
    if (hr) { d->reading = 0; return hr; }
    if (d->invalid || wanted(&req->in, d->symbology)) break;
    d->presented = 0;   /* not asked for: the reader ignores it */
  }
  d->reading = 0;
  d->presented = 0;
  if (d->invalid) { d->invalid = 0; return E_BARCODEINVALID; }
  bcr_read_output_t **list = sim_alloc_more(r, 2 * sizeof *list);
  bcr_read_output_t *o = sim_alloc_more(r, sizeof *o);
  bcr_xdata_t *x = sim_alloc_more(r, sizeof *x);
  x->usLength = (uint16_t)d->len;
  x->lpbData = sim_memdup_more(r, d->data, d->len ? d->len : 1);
  o->wSymbology = d->symbology;
  o->lpxBarcodeData = x;
  o->lpszSymbologyName = sim_strdup_more(r, sym_name(d->symbology));
  list[0] = o;
  r->lpBuffer = list;
  return 0;
}

static int32_t execute(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  bcr_state_t *d = sim_bcr_state(svc);
  if (!d) return R_INTERNAL_ERROR;
  switch (req->code) {
  case CMD_READ: return read_code(svc, req, d, r);
  case CMD_RESET:
    d->presented = 0; d->invalid = 0; d->light = LIGHT_OFF;
    return 0;
  case CMD_SET_GUIDANCE_LIGHT: {
    uint32_t cmd = req->in.w[1];
    if (req->in.w[0] != 0) return E_INVALID_PORT;
    uint32_t rate = cmd & 0xff;
    if (!rate || (rate & (rate - 1)) || (rate & ~(uint32_t)LIGHT_FLASHES)) return R_INVALID_DATA;
    d->light = rate == 2 ? 0x80 : rate;   /* ON is steady light */
    return 0;
  }
  default: return R_UNSUPP_COMMAND;
  }
}

static const char *const EXTRA[] = { "Simulator=xfs4iot-gateway", "Model=SIM-BCR-1", NULL };

static int32_t info(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  bcr_state_t *d = sim_bcr_state(svc);
  if (!d) return R_INTERNAL_ERROR;
  if (req->code == INF_STATUS) {
    /* exactly the negotiated version's struct: 3.10 has no wAntiFraudModule */
    int v320 = sim_vnum(req->version) >= 320;
    bcr_status_v320_t *s = sim_alloc_more(r, v320 ? sizeof(bcr_status_v320_t) : sizeof(bcr_status_v310_t));
    s->fwDevice = STAT_DEVONLINE;
    s->fwBCRScanner = d->reading ? SCANNER_ON : SCANNER_OFF;
    s->dwGuidLights[0] = d->light;
    s->lpszExtra = sim_extra_more(r, EXTRA);
    s->wDevicePosition = POS_NOTSUPP;
    r->lpBuffer = s;
    return 0;
  }
  if (req->code == INF_CAPABILITIES) {
    int v320 = sim_vnum(req->version) >= 320, v330 = sim_vnum(req->version) >= 330;
    bcr_caps_v330_t *c = sim_alloc_more(r, v330 ? sizeof(bcr_caps_v330_t) : v320 ? sizeof(bcr_caps_v320_t) : sizeof(bcr_caps_v310_t));
    c->wClass = 15;
    c->bCanFilterSymbologies = 1;
    c->lpwSymbologies = sim_memdup_more(r, SYMBOLOGIES, sizeof SYMBOLOGIES);
    c->dwGuidLights[0] = LIGHT_FLASHES;
    c->lpszExtra = sim_extra_more(r, EXTRA);
    if (v330) c->lpdwSynchronizableCommands = sim_alloc_more(r, sizeof(uint32_t));
    r->lpBuffer = c;
    return 0;
  }
  return R_UNSUPP_CATEGORY;
}

const sim_class_t sim_bcr_class = { parse_exec, parse_info, execute, info, init, NULL, NULL };
