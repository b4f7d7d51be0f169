/* Queries of the simulated PIN pad and its control functions (the simulated customer's key presses). */
#include <stdio.h>
#include <string.h>
#include "sim_pin.h"
#include "sim_pin_cert.h"

enum { INF_STATUS = 401, INF_CAPABILITIES = 402, INF_KEY_DETAIL = 404, INF_FUNCKEY_DETAIL = 405 };
enum { E_KEYNOTFOUND = -400 };

#define V320(v) (sim_vnum(v) >= 320)
#define V330(v) (sim_vnum(v) >= 330)

int sim_pin_parse_info(uint16_t v, uint32_t cat, const void *data, sim_input_t *in) {
  switch (cat) {
  case INF_STATUS: case INF_CAPABILITIES: return 0;
  case PIN_INF_QUERY_PCIPTS_DEVICE_ID: return V320(v) ? 0 : R_UNSUPP_CATEGORY;
  case INF_KEY_DETAIL:
    in->w[0] = data != NULL;
    if (data) {
      if (strlen(data) >= sizeof in->text) return E_KEYNOTFOUND;
      snprintf(in->text, sizeof in->text, "%s", (const char *)data);
    }
    return 0;
  case INF_FUNCKEY_DETAIL:
    if (!data) return R_INVALID_POINTER;
    in->w[0] = *(const uint32_t *)data;
    return 0;
  default: return sim_pin_parse_kbd_info(v, cat, data, in);
  }
}

static const char *const EXTRA[] = { "Simulator=xfs4iot-gateway", "Model=SIM-EPP-1", NULL };
static const char *const CAPS_EXTRA[] = { "Simulator=xfs4iot-gateway", "Model=SIM-EPP-1", "SimulatorOnly=keys are held in clear", NULL };

/* The X9.143 (TR-31) key block header of a 3.20+ key detail: version B, length 0000 (no key block
 * here), the usage and mode the key's fwUse stands for, algorithm T, key version number 01,
 * exportability E (under a trusted key), no optional blocks. */
static pin_xdata_t *key_block_header(wfs_result_t *r, uint16_t use) {
  const char *usage = use & 0x2 ? "P0E" : use & 0x20 ? "K0B" : use & 0x1 ? "D0B" : use & 0x4 ? "M0C" : NULL;
  if (!usage) return NULL;
  char h[17];
  snprintf(h, sizeof h, "B0000%.2sT%c01E0000", usage, usage[2]);
  pin_xdata_t *x = sim_alloc_more(r, sizeof *x);
  x->usLength = 16;
  x->lpbData = sim_memdup_more(r, h, 16);
  return x;
}

static void *key_detail(wfs_result_t *r, uint16_t v, const sim_pin_key_t *k) {
  pin_key_detail_v320_t *kd = sim_alloc_more(r, V320(v) ? sizeof(pin_key_detail_v320_t) : sizeof(pin_key_detail_v300_t));
  kd->lpsKeyName = sim_strdup_more(r, k->name);
  kd->fwUse = k->use;
  kd->bLoaded = k->len != 0;
  if (V320(v)) kd->lpxKeyBlockHeader = key_block_header(r, k->use);
  return kd;
}

int32_t sim_pin_info(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  sim_pin_state_t *d = sim_pin_state(svc);
  if (!d) return R_INTERNAL_ERROR;
  uint16_t v = req->version;
  switch (req->code) {
  case INF_STATUS: {
    /* 3.20 and 3.30 share the status struct; 3.0x ends at lpszExtra */
    pin_status_v320_t *s = sim_alloc_more(r, V320(v) ? sizeof(pin_status_v320_t) : sizeof(pin_status_v300_t));
    s->fwDevice = STAT_DEVONLINE;
    s->fwEncStat = (uint16_t)d->enc_stat;
    s->lpszExtra = sim_extra_more(r, EXTRA);
    if (V320(v)) s->fwAutoBeepMode = d->beep_mode;
    if (V320(v)) s->dwCertificateState = sim_pin_certificate_state(svc);
    r->lpBuffer = s;
    return 0;
  }
  case INF_CAPABILITIES: {
    pin_caps_v330_t *c = sim_alloc_more(r, V330(v) ? sizeof(pin_caps_v330_t) : V320(v) ? sizeof(pin_caps_v320_t) : sizeof(pin_caps_v300_t));
    c->wClass = 4;
    c->fwType = 0x0001 | 0x0002;          /* EPP with encryption */
    c->usKeyNum = PIN_MAX_KEYS;
    c->fwAlgorithms = PIN_ALGORITHMS;
    c->fwPinFormats = 0x0004;             /* ISO 9564 format 0 */
    c->fwDisplay = 1;                     /* none */
    c->fwKeyCheckModes = 0x0001 | 0x0002; /* KCV of the key itself and of zeros */
    c->fwDerivationAlgorithms = 0x0001;   /* WFS_PIN_CHIP_ZKA */
    c->fwPresentationAlgorithms = 0x0001;   /* WFS_PIN_PRESENT_CLEAR */
    c->bIDConnect = 1;                      /* wired to the simulated card readers (PRESENT_IDC) */
    c->fwValidationAlgorithms = 0x0001 | 0x0004;   /* WFS_PIN_DES (LOCAL_DES), WFS_PIN_VISA (LOCAL_VISA) */
    c->lpszExtra = sim_extra_more(r, CAPS_EXTRA);
    if (V320(v)) {
      c->fwAutoBeep = 0x0001 | 0x0002 | 0x0004 | 0x0008;   /* active and inactive beep, both selectable */
      c->bPINCanPersistAfterUse = 1;     /* WFS_CMD_PIN_MAINTAIN_PIN */
      c->lpsHSMVendor = sim_strdup_more(r, "SIM-HSM");
      c->lpwEMVImportSchemes = sim_alloc_more(r, sizeof(uint16_t));
    }
    if (V330(v)) {
      c->wDESKeyLength = 0x0001 | 0x0002 | 0x0004;
      c->lpdwSynchronizableCommands = sim_alloc_more(r, sizeof(uint32_t));
      if (d->touch) {          /* the touch screen variant: 800 x 480, two frames, 24 keys, frames float */
        pin_ets_caps_t *ets = sim_alloc_more(r, sizeof *ets);
        ets->usXSize = 800; ets->usYSize = 480; ets->wMaximumTouchFrames = 2; ets->wMaximumTouchKeys = 24; ets->wFloatFlags = 0x1 | 0x2;
        c->lpETSCaps = ets;
      }
    }
    r->lpBuffer = c;
    return 0;
  }
  case PIN_INF_QUERY_PCIPTS_DEVICE_ID: {
    pin_pcipts_deviceid_t *id = sim_alloc_more(r, sizeof *id);
    id->lpszManufacturerIdentifier = sim_strdup_more(r, "xfs4iot-gateway simulator");
    id->lpszModelIdentifier = sim_strdup_more(r, "SIM-EPP-1");
    id->lpszHardwareIdentifier = sim_strdup_more(r, "HW-1.0");
    id->lpszFirmwareIdentifier = sim_strdup_more(r, "FW-3.30");
    id->lpszApplicationIdentifier = sim_strdup_more(r, "APP-1.0");
    r->lpBuffer = id;
    return 0;
  }
  case INF_KEY_DETAIL: {
    int n = 0;
    void **list = sim_alloc_more(r, sizeof(void *) * (PIN_MAX_KEYS + 1));
    for (int i = 0; i < d->nkeys; i++) {
      if (req->in.w[0] && strcmp(d->keys[i].name, req->in.text)) continue;
      list[n++] = key_detail(r, v, &d->keys[i]);
    }
    if (req->in.w[0] && !n) return E_KEYNOTFOUND;
    r->lpBuffer = list;
    return 0;
  }
  case INF_FUNCKEY_DETAIL: {
    pin_funckey_detail_t *f = sim_alloc_more(r, sizeof *f);
    f->ulFuncMask = 0x1ffff;   /* 0-9, enter, cancel, clear, backspace, help, decimal point, 00 */
    f->usNumberFDKs = 0;
    f->lppFDKs = sim_alloc_more(r, sizeof(void *));
    r->lpBuffer = f;
    return 0;
  }
  default:
    return sim_pin_kbd_info(svc, req, r);
  }
}

/* ---- control ---- */
static sim_service_t *pin_service(const char *name) {
  sim_service_t *s = sim_find_class_service(name, 4);
  return s ? s : NULL;
}

static uint32_t key_of(char c) {
  if (c >= '0' && c <= '9') return 1u << (c - '0');
  switch (c) {
  case 'E': return 0x400;    /* enter */
  case 'C': return 0x800;    /* cancel */
  case 'L': return 0x1000;   /* clear */
  case 'B': return 0x2000;   /* backspace */
  case 'H': return 0x4000;   /* help */
  case '.': return 0x8000;   /* decimal point */
  case 'D': return 0x10000;  /* 00 */
  case 'a': case 'b': case 'c': case 'd': case 'e': case 'f':
    return 0x40000u << (c - 'a');   /* hex keys A-F of secure key entry (lower case: E, C, B, D are taken) */
  default: return 0;
  }
}

/* The customer presses keys: '0'-'9', E enter, C cancel, L clear, B backspace, H help, '.', D "00",
 * 'a'-'f' the hex keys A-F.
 * Keys wait in the pad until an entry command reads them. Returns the number queued, -1 unknown
 * service, -2 an unknown key letter (nothing queued), -3 too many keys waiting. */
SIM_EXPORT int32_t SimPinPressKeys(const char *name, const char *keys) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = pin_service(name);
  int32_t rc = -1;
  if (s && keys) {
    sim_pin_state_t *d = sim_pin_state(s);
    size_t n = strlen(keys);
    rc = 0;
    for (size_t i = 0; i < n; i++) if (!key_of(keys[i])) rc = -2;
    if (rc == 0 && d->qlen + (int)n > PIN_KEYQ) rc = -3;
    if (rc == 0) {
      for (size_t i = 0; i < n; i++) {
        d->keyq[(d->qhead + d->qlen) % PIN_KEYQ] = key_of(keys[i]);
        d->qlen++;
      }
      rc = (int32_t)n;
      sim_kick(s);
    }
  }
  pthread_mutex_unlock(&g_lock);
  return rc;
}

/* Keys pressed and not yet read by an entry command (tests). */
SIM_EXPORT int32_t SimPinPendingKeys(const char *name) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = pin_service(name);
  int32_t n = s ? sim_pin_state(s)->qlen : -1;
  pthread_mutex_unlock(&g_lock);
  return n;
}
