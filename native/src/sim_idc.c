/* Simulated IDC (motorised card reader with chip contacts and a contactless EMV kernel).
 * Layouts follow the negotiated version: 3.00-style services get the 3.00 struct prefixes and no
 * 3.20+/3.30 commands. All functions run with g_lock held. */
#include <stdio.h>
#include <string.h>
#include "sim.h"

void sim_kick(sim_service_t *svc);

enum {
  CMD_READ_TRACK = 201, CMD_WRITE_TRACK, CMD_EJECT_CARD, CMD_RETAIN_CARD, CMD_RESET_COUNT, CMD_SETKEY,
  CMD_READ_RAW_DATA, CMD_WRITE_RAW_DATA, CMD_CHIP_IO, CMD_RESET, CMD_CHIP_POWER, CMD_PARSE_DATA,
  CMD_SET_GUIDANCE_LIGHT, CMD_POWER_SAVE_CONTROL, CMD_PARK_CARD, CMD_EMVCLESS_CONFIGURE,
  CMD_EMVCLESS_PERFORM_TRANSACTION, CMD_EMVCLESS_ISSUERUPDATE, CMD_SYNCHRONIZE_COMMAND,
};
enum { INF_STATUS = 201, INF_CAPABILITIES, INF_FORM_LIST, INF_QUERY_FORM, INF_QUERY_IFM_IDENTIFIER,
       INF_EMVCLESS_QUERY_APPLICATIONS };
enum {
  EV_INVALIDTRACKDATA = 201, EV_MEDIAINSERTED = 203, EV_MEDIAREMOVED, EV_CARDACTION, EV_RETAINBINTHRESHOLD,
  EV_INVALIDMEDIA, EV_MEDIARETAINED, EV_MEDIADETECTED, EV_RETAINBININSERTED, EV_RETAINBINREMOVED,
  EV_INSERTCARD, EV_DEVICEPOSITION, EV_POWER_SAVE_CHANGE, EV_TRACKDETECTED, EV_EMVCLESSREADSTATUS,
};
enum {
  E_NOMEDIA = -201, E_RETAINBINFULL = -203, E_INVALIDDATA = -204, E_INVALIDMEDIA = -205,
  E_FORMNOTFOUND = -206, E_PROTOCOLNOTSUPP = -211, E_ATRNOTOBTAINED = -212, E_INVALIDKEY = -213,
  E_CHIPPOWERNOTSUPP = -215, E_POWERSAVETOOSHORT = -219, E_CARDPRESENT = -221, E_POSITIONINVALID = -222,
  E_INVALIDTERMINALDATA = -223, E_INVALIDAIDDATA = -224, E_INVALIDKEYDATA = -225,
  E_READERNOTCONFIGURED = -226, E_TRANSACTIONNOTINITIATED = -227,
};
enum { M_PRESENT = 1, M_NOTPRESENT = 2, M_ENTERING = 6 };
enum { RB_OK = 1, RB_FULL = 3, RB_HIGH = 4 };
enum { S_T1 = 1, S_T2 = 2, S_T3 = 4, S_CHIP = 8, S_SECURITY = 0x10, S_FLUX = 0x20 };
enum { D_OK = 0, D_MISSING = 1, D_SRCNOTSUPP = 5 };
enum { CP_ONLINE = 0, CP_POWEREDOFF = 1, CP_NOCARD = 5 };
enum { PWR_COLD = 2, PWR_WARM = 4, PWR_OFF = 8 };
enum { A_NOACTION = 1, A_EJECT = 2, A_RETAIN = 3, A_EJECTTHENRETAIN = 4, A_READPOSITION = 5 };
enum { CA_RETAINED = 1, CA_EJECTED = 2, CA_READPOSITION = 3 };

#define V320(v) (sim_vnum(v) >= 320)
#define V330(v) (sim_vnum(v) >= 330)

static sim_idc_state_t *st(sim_service_t *s) { return &s->dev.idc; }

static void init(sim_service_t *svc) {
  sim_idc_state_t *d = st(svc);
  memset(d, 0, sizeof *d);
  d->media = M_NOTPRESENT;
  d->chip_power = CP_NOCARD;
  d->retain_threshold = 40;
  d->retain_capacity = 50;
  d->chip_response[0] = 0x90; d->chip_response[1] = 0x00; d->chip_response_len = 2;
  d->cless_outcome = 3; /* online request */
}

/* ---- input parsing (deep copy at submission) ---- */
static int copy_bytes(uint8_t *dst, uint32_t cap, uint32_t *len, const uint8_t *src, uint32_t n) {
  if (n > cap) return R_INVALID_DATA;
  if (n && !src) return R_INVALID_DATA;
  if (n) memcpy(dst, src, n);
  *len = n;
  return 0;
}

static int copy_hex(sim_input_t *in, int slot, const idc_hex_data_t *h, uint8_t *dst, uint32_t cap, uint32_t *len) {
  (void)in; (void)slot;
  if (!h) { *len = 0; return 0; }
  return copy_bytes(dst, cap, len, h->lpbData, h->ulLength);
}

static int parse_exec(uint16_t v, uint32_t cmd, const void *data, sim_input_t *in) {
  switch (cmd) {
  case CMD_READ_RAW_DATA:
    if (!data) return R_INVALID_POINTER;
    in->w[0] = *(const uint16_t *)data;
    return 0;
  case CMD_WRITE_RAW_DATA: {
    if (!data) return R_INVALID_POINTER;
    idc_card_data_t *const *list = data;
    for (uint32_t i = 0; list[i]; i++) {
      if (i >= SIM_MAX_ITEMS) return R_INVALID_DATA;
      in->items[i].source = list[i]->wDataSource;
      int rc = copy_bytes(in->items[i].data, sizeof in->items[i].data, &in->items[i].len,
                          list[i]->lpbData, list[i]->ulDataLength);
      if (rc) return rc;
      in->nitems = i + 1;
    }
    return 0;
  }
  case CMD_EJECT_CARD:
    in->w[0] = (V320(v) && data) ? ((const idc_eject_card_t *)data)->wEjectPosition : 1;
    return 0;
  case CMD_SETKEY: {
    if (!data) return R_INVALID_POINTER;
    const idc_setkey_t *k = data;
    return copy_bytes(in->bytes, SIM_MAX_BYTES, &in->nbytes, k->lpbKeyValue, k->usKeyLen);
  }
  case CMD_CHIP_IO: {
    if (!data) return R_INVALID_POINTER;
    const idc_chip_io_t *c = data;
    in->w[0] = c->wChipProtocol;
    return copy_bytes(in->bytes, SIM_MAX_BYTES, &in->nbytes, c->lpbChipData, c->ulChipDataLength);
  }
  case CMD_RESET:
    in->w[0] = data ? *(const uint16_t *)data : A_NOACTION;
    return 0;
  case CMD_CHIP_POWER:
    if (!data) return R_INVALID_POINTER;
    in->w[0] = *(const uint16_t *)data;
    return 0;
  case CMD_SET_GUIDANCE_LIGHT:
    if (!data) return R_INVALID_POINTER;
    in->w[0] = ((const idc_set_guidlight_t *)data)->wGuidLight;
    in->w[1] = ((const idc_set_guidlight_t *)data)->dwCommand;
    return 0;
  case CMD_POWER_SAVE_CONTROL:
    if (!data) return R_INVALID_POINTER;
    in->w[0] = ((const idc_power_save_control_t *)data)->usMaxPowerSaveRecoveryTime;
    return 0;
  case CMD_PARK_CARD:
    if (!data) return R_INVALID_POINTER;
    in->w[0] = ((const idc_park_card_t *)data)->wDirection;
    in->w[1] = ((const idc_park_card_t *)data)->usParkingStation;
    return 0;
  case CMD_EMVCLESS_CONFIGURE: {
    if (!data) return R_INVALID_POINTER;
    const idc_emvcless_config_data_t *c = data;
    int rc = copy_hex(in, 0, c->lpTerminalData, in->bytes, SIM_MAX_BYTES, &in->nbytes);
    if (rc) return E_INVALIDTERMINALDATA;
    in->nitems = 0;
    for (uint32_t i = 0; c->lppAIDData && c->lppAIDData[i]; i++) {
      if (i >= 8) return E_INVALIDAIDDATA;
      const idc_aid_data_t *a = c->lppAIDData[i];
      if (!a->lpAID || copy_hex(in, 0, a->lpAID, in->items[i].data, 16, &in->items[i].len)) return E_INVALIDAIDDATA;
      uint32_t klen = 0;
      if (copy_hex(in, 0, a->lpKernelIdentifier, in->items[i].data + 16, 16, &klen)) return E_INVALIDAIDDATA;
      in->items[i].source = (uint16_t)klen;
      in->nitems = i + 1;
    }
    uint32_t nkeys = 0;
    for (uint32_t i = 0; c->lppKeyData && c->lppKeyData[i]; i++) {
      const idc_key_data_t *k = c->lppKeyData[i];
      if (!k->lpRID || !k->lpCAPublicKeyModulus || k->lpCAPublicKeyModulus->ulLength > 256) return E_INVALIDKEYDATA;
      nkeys++;
    }
    in->w[0] = nkeys;
    return 0;
  }
  case CMD_EMVCLESS_PERFORM_TRANSACTION:
  case CMD_EMVCLESS_ISSUERUPDATE: {
    const idc_emvcless_tx_data_t *t = data;
    if (t && copy_hex(in, 0, t->lpData, in->bytes, SIM_MAX_BYTES, &in->nbytes)) return R_INVALID_DATA;
    return 0;
  }
  case CMD_RETAIN_CARD: case CMD_RESET_COUNT:
    return 0;
  default:
    return R_UNSUPP_COMMAND;
  }
}

static int parse_info(uint16_t v, uint32_t cat, const void *data, sim_input_t *in) {
  (void)v;
  switch (cat) {
  case INF_STATUS: case INF_CAPABILITIES: case INF_FORM_LIST: case INF_QUERY_IFM_IDENTIFIER:
  case INF_EMVCLESS_QUERY_APPLICATIONS:
    return 0;
  case INF_QUERY_FORM:
    if (!data) return R_INVALID_POINTER;
    snprintf(in->text, sizeof in->text, "%s", (const char *)data);
    return 0;
  default:
    return R_UNSUPP_CATEGORY;
  }
}

/* ---- events ---- */
static void fill_word(wfs_result_t *r, uint16_t v, const void *ctx) {
  (void)v;
  uint16_t *w = sim_alloc_more(r, sizeof *w);
  *w = *(const uint16_t *)ctx;
  r->lpBuffer = w;
}
static void fill_card_act(wfs_result_t *r, uint16_t v, const void *ctx) {
  (void)v;
  idc_card_act_t *a = sim_alloc_more(r, sizeof *a);
  *a = *(const idc_card_act_t *)ctx;
  r->lpBuffer = a;
}
static idc_emvcless_ui_t *make_ui(wfs_result_t *r, uint16_t status) {
  idc_emvcless_ui_t *u = sim_alloc_more(r, sizeof *u);
  u->wMessageId = status == 2 ? 0x15 : 0x17;  /* "present card" / "card read OK" EMV message ids */
  u->wStatus = status;
  u->ulHoldTime = 0;
  u->lpszValue = sim_strdup_more(r, "");
  u->lpszCurrencyCode = sim_strdup_more(r, "");
  u->lpszLanguagePreferenceData = sim_strdup_more(r, "en");
  return u;
}
static void fill_read_status(wfs_result_t *r, uint16_t v, const void *ctx) {
  (void)v;
  idc_emvcless_read_status_t *s = sim_alloc_more(r, sizeof *s);
  s->lpClessUI = make_ui(r, *(const uint16_t *)ctx);
  r->lpBuffer = s;
}

static void exec_event(sim_service_t *svc, sim_request_t *req, uint32_t id, sim_fill_fn f, const void *ctx) {
  sim_event(svc, EVC_EXECUTE, req, id, f, ctx);
}

static void retain_threshold_check(sim_service_t *svc) {
  sim_idc_state_t *d = st(svc);
  uint16_t state = d->retain_count >= d->retain_capacity ? RB_FULL
                 : d->retain_count >= d->retain_threshold ? RB_HIGH : RB_OK;
  if (state != RB_OK && d->retain_count == (state == RB_FULL ? d->retain_capacity : d->retain_threshold))
    sim_event(svc, EVC_USER, NULL, EV_RETAINBINTHRESHOLD, fill_word, &state);
}

static int retain_bin_state(const sim_idc_state_t *d) {
  return d->retain_count >= d->retain_capacity ? RB_FULL : d->retain_count >= d->retain_threshold ? RB_HIGH : RB_OK;
}

/* Draws a waiting card into the reader, raising the execute events of insertion. */
static int32_t accept_card(sim_service_t *svc, sim_request_t *req) {
  sim_idc_state_t *d = st(svc);
  if (d->media == M_PRESENT) return 0;
  if (!d->card_waiting) {
    exec_event(svc, req, EV_INSERTCARD, NULL, NULL);
    int32_t hr = sim_wait(svc, req, &d->card_waiting, 0);
    if (hr) return hr;
  }
  if (d->card_invalid) {
    exec_event(svc, req, EV_INVALIDMEDIA, NULL, NULL);
    d->card_waiting = 0;
    d->card_invalid = 0;
    return E_INVALIDMEDIA;
  }
  d->card_waiting = 0;
  d->media = M_PRESENT;
  d->chip_power = d->atr_len ? CP_POWEREDOFF : CP_NOCARD;
  exec_event(svc, req, EV_MEDIAINSERTED, NULL, NULL);
  if (V320(req->version)) {
    uint16_t tracks = (uint16_t)((d->has_track[0] ? S_T1 : 0) | (d->has_track[1] ? S_T2 : 0) | (d->has_track[2] ? S_T3 : 0));
    exec_event(svc, req, EV_TRACKDETECTED, fill_word, &tracks);
  }
  return 0;
}

static idc_card_data_t *card_data(wfs_result_t *r, uint16_t source, uint16_t status, const void *bytes, uint32_t n) {
  idc_card_data_t *c = sim_alloc_more(r, sizeof *c);
  c->wDataSource = source;
  c->wStatus = status;
  c->ulDataLength = n;
  c->lpbData = n ? sim_memdup_more(r, bytes, n) : NULL;
  return c;
}

static int32_t read_raw(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  sim_idc_state_t *d = st(svc);
  uint32_t want = req->in.w[0];
  int32_t hr = accept_card(svc, req);
  if (hr) return hr;
  static const uint16_t order[] = { S_T1, S_T2, S_T3, S_CHIP, S_SECURITY, S_FLUX, 0x40, 0x80, 0x100, 0x200, 0x400, 0x800, 0x4000, 0x8000 };
  idc_card_data_t *items[16];
  int n = 0;
  for (unsigned i = 0; i < sizeof order / sizeof order[0]; i++) {
    uint16_t s = order[i];
    if (!(want & s)) continue;
    if (s == S_T1 || s == S_T2 || s == S_T3) {
      int t = s == S_T1 ? 0 : s == S_T2 ? 1 : 2;
      if (d->has_track[t]) items[n++] = card_data(r, s, D_OK, d->tracks[t], (uint32_t)strlen(d->tracks[t]));
      else items[n++] = card_data(r, s, D_MISSING, NULL, 0);
    } else if (s == S_CHIP) {
      if (d->atr_len) { items[n++] = card_data(r, s, D_OK, d->atr, d->atr_len); d->chip_power = CP_ONLINE; }
      else items[n++] = card_data(r, s, D_MISSING, NULL, 0);
    } else if (s == S_FLUX) {
      continue;
    } else {
      items[n++] = card_data(r, s, D_SRCNOTSUPP, NULL, 0);
    }
  }
  idc_card_data_t **list = sim_alloc_more(r, sizeof(void *) * (size_t)(n + 1));
  for (int i = 0; i < n; i++) list[i] = items[i];
  if (d->corrupt_next_read && n) { items[0]->ulDataLength = 0xfffffff0u; d->corrupt_next_read = 0; }
  r->lpBuffer = list;
  return 0;
}

static int32_t perform_cless(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  sim_idc_state_t *d = st(svc);
  if (!d->cless_configured) return E_READERNOTCONFIGURED;
  uint16_t ready = 2, ok = 4;
  exec_event(svc, req, EV_EMVCLESSREADSTATUS, fill_read_status, &ready);
  if (!d->card_waiting) {
    int32_t hr = sim_wait(svc, req, &d->card_waiting, 0);
    if (hr) return hr;
  }
  d->card_waiting = 0;
  exec_event(svc, req, EV_EMVCLESSREADSTATUS, fill_read_status, &ok);
  int n = d->has_track[1] ? 2 : 1;
  idc_emvcless_tx_output_t **list = sim_alloc_more(r, sizeof(void *) * (size_t)(n + 1));
  for (int i = 0; i < n; i++) {
    idc_emvcless_tx_output_t *o = sim_alloc_more(r, sizeof *o);
    o->wDataSource = i == 0 ? S_CHIP : S_T2;
    o->wTxOutcome = (uint16_t)d->cless_outcome;
    o->wCardholderAction = 0;
    o->lpDataRead = sim_alloc_more(r, sizeof(idc_hex_data_t));
    if (i == 0) { o->lpDataRead->ulLength = d->cless_len; o->lpDataRead->lpbData = sim_memdup_more(r, d->cless_data, d->cless_len); }
    else { uint32_t l = (uint32_t)strlen(d->tracks[1]); o->lpDataRead->ulLength = l; o->lpDataRead->lpbData = sim_memdup_more(r, d->tracks[1], l); }
    idc_emvcless_outcome_t *oc = sim_alloc_more(r, sizeof *oc);
    oc->wCVM = 0;
    oc->wAlternateInterface = 0;
    oc->bReceipt = 1;
    oc->lpClessUIOutcome = make_ui(r, 4);
    oc->lpClessUIRestart = NULL;
    oc->ulClessFieldOffHoldTime = 0;
    oc->ulCardRemovalTimeoutValue = 0;
    oc->lpDiscretionaryData = sim_alloc_more(r, sizeof(idc_hex_data_t));
    o->lpClessOutcome = oc;
    list[i] = o;
  }
  d->cless_transaction = 1;
  r->lpBuffer = list;
  return 0;
}

static int32_t execute(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  sim_idc_state_t *d = st(svc);
  uint16_t v = req->version;
  switch (req->code) {
  case CMD_READ_RAW_DATA:
    return read_raw(svc, req, r);
  case CMD_WRITE_RAW_DATA: {
    int32_t hr = accept_card(svc, req);
    if (hr) return hr;
    for (uint32_t i = 0; i < req->in.nitems; i++) {
      int t = req->in.items[i].source == S_T1 ? 0 : req->in.items[i].source == S_T2 ? 1 : req->in.items[i].source == S_T3 ? 2 : -1;
      if (t < 0) return E_INVALIDDATA;
      uint32_t n = req->in.items[i].len < 127 ? req->in.items[i].len : 127;
      memcpy(d->tracks[t], req->in.items[i].data, n);
      d->tracks[t][n] = 0;
      d->has_track[t] = 1;
    }
    return 0;
  }
  case CMD_EJECT_CARD:
    if (d->media != M_PRESENT) return E_NOMEDIA;
    if (req->in.w[0] != 1 && req->in.w[0] != 2) return E_POSITIONINVALID;
    if (req->in.w[0] == 1) d->media = M_ENTERING;
    d->chip_power = CP_NOCARD;
    return 0;
  case CMD_RETAIN_CARD: {
    if (d->media != M_PRESENT && d->media != M_ENTERING) return E_NOMEDIA;
    if (d->retain_count >= d->retain_capacity) return E_RETAINBINFULL;
    idc_retain_card_t *out = sim_alloc_more(r, sizeof *out);
    out->fwPosition = (uint16_t)d->media;
    d->media = M_NOTPRESENT;
    d->chip_power = CP_NOCARD;
    d->retain_count++;
    out->usCount = (uint16_t)d->retain_count;
    r->lpBuffer = out;
    exec_event(svc, req, 208 /* MEDIARETAINED */, NULL, NULL);
    retain_threshold_check(svc);
    return 0;
  }
  case CMD_RESET_COUNT: {
    uint16_t ok = RB_OK;
    int was = retain_bin_state(d);
    d->retain_count = 0;
    if (was != RB_OK) sim_event(svc, EVC_USER, NULL, EV_RETAINBINTHRESHOLD, fill_word, &ok);
    return 0;
  }
  case CMD_SETKEY:
    if (req->in.nbytes != 8 && req->in.nbytes != 16) return E_INVALIDKEY;
    d->key_len = (int)req->in.nbytes;
    return 0;
  case CMD_CHIP_IO: {
    if (d->media != M_PRESENT) return E_NOMEDIA;
    if (req->in.w[0] != 1 && req->in.w[0] != 2) return E_PROTOCOLNOTSUPP;
    if (!d->atr_len || d->chip_power != CP_ONLINE) return E_ATRNOTOBTAINED;
    idc_chip_io_t *out = sim_alloc_more(r, sizeof *out);
    out->wChipProtocol = (uint16_t)req->in.w[0];
    out->ulChipDataLength = d->chip_response_len;
    out->lpbChipData = sim_memdup_more(r, d->chip_response, d->chip_response_len);
    r->lpBuffer = out;
    return 0;
  }
  case CMD_RESET: {
    uint32_t a = req->in.w[0];
    if (a < A_NOACTION || a > A_READPOSITION) return R_INVALID_DATA;
    if (d->media == M_PRESENT || d->media == M_ENTERING) {
      idc_card_act_t act = { 0, (uint16_t)d->media };
      if (a == A_RETAIN || a == A_EJECTTHENRETAIN) {
        d->media = M_NOTPRESENT; d->retain_count++; act.wAction = CA_RETAINED;
      } else if (a == A_EJECT || a == A_NOACTION) {
        d->media = M_ENTERING; act.wAction = CA_EJECTED;
      } else act.wAction = CA_READPOSITION;
      d->chip_power = CP_NOCARD;
      sim_event(svc, EVC_SERVICE, NULL, EV_CARDACTION, fill_card_act, &act);
    }
    d->parked = 0;
    return 0;
  }
  case CMD_CHIP_POWER: {
    if (d->media != M_PRESENT) return E_NOMEDIA;
    uint32_t p = req->in.w[0];
    if (p != PWR_COLD && p != PWR_WARM && p != PWR_OFF) return E_CHIPPOWERNOTSUPP;
    if (!d->atr_len) return E_ATRNOTOBTAINED;
    idc_chip_power_out_t *out = sim_alloc_more(r, sizeof *out);
    if (p == PWR_OFF) { d->chip_power = CP_POWEREDOFF; }
    else {
      d->chip_power = CP_ONLINE;
      out->ulChipDataLength = d->atr_len;
      out->lpbChipData = sim_memdup_more(r, d->atr, d->atr_len);
    }
    r->lpBuffer = out;
    return 0;
  }
  case CMD_SET_GUIDANCE_LIGHT:
    if (!V320(v)) return R_UNSUPP_COMMAND;
    if (req->in.w[0] >= 32) return R_INVALID_DATA;
    d->guid_lights[req->in.w[0]] = req->in.w[1];
    return 0;
  case CMD_POWER_SAVE_CONTROL: {
    if (!V320(v)) return R_UNSUPP_COMMAND;
    if (d->media == M_PRESENT && req->in.w[0]) return -220; /* POWERSAVEMEDIAPRESENT */
    d->power_save_time = (int)req->in.w[0];
    uint16_t t = (uint16_t)d->power_save_time;
    sim_event(svc, EVC_SERVICE, NULL, EV_POWER_SAVE_CHANGE, fill_word, &t);
    return 0;
  }
  case CMD_PARK_CARD:
    if (!V320(v)) return R_UNSUPP_COMMAND;
    if (req->in.w[1] != 0) return R_INVALID_DATA;
    if (req->in.w[0] == 1) {
      if (d->media != M_PRESENT) return E_NOMEDIA;
      if (d->parked) return E_CARDPRESENT;
      d->parked = 1; d->media = M_NOTPRESENT;
    } else if (req->in.w[0] == 2) {
      if (!d->parked) return E_NOMEDIA;
      if (d->media == M_PRESENT) return E_CARDPRESENT;
      d->parked = 0; d->media = M_PRESENT;
    } else return R_INVALID_DATA;
    return 0;
  case CMD_EMVCLESS_CONFIGURE:
    if (!V330(v)) return R_UNSUPP_COMMAND;
    d->napps = (int)req->in.nitems;
    for (int i = 0; i < d->napps; i++) {
      memcpy(d->apps[i].aid, req->in.items[i].data, 16);
      d->apps[i].aid_len = req->in.items[i].len;
      memcpy(d->apps[i].kernel, req->in.items[i].data + 16, 16);
      d->apps[i].kernel_len = req->in.items[i].source;
    }
    d->cless_configured = 1;
    d->cless_transaction = 0;
    return 0;
  case CMD_EMVCLESS_PERFORM_TRANSACTION:
    if (!V330(v)) return R_UNSUPP_COMMAND;
    return perform_cless(svc, req, r);
  case CMD_EMVCLESS_ISSUERUPDATE: {
    if (!V330(v)) return R_UNSUPP_COMMAND;
    if (!d->cless_transaction) return E_TRANSACTIONNOTINITIATED;
    idc_emvcless_tx_output_t *o = sim_alloc_more(r, sizeof *o);
    o->wDataSource = S_CHIP;
    o->wTxOutcome = 1; /* approve */
    o->lpDataRead = sim_alloc_more(r, sizeof(idc_hex_data_t));
    o->lpDataRead->ulLength = req->in.nbytes;
    o->lpDataRead->lpbData = sim_memdup_more(r, req->in.bytes, req->in.nbytes);
    d->cless_transaction = 0;
    r->lpBuffer = o;
    return 0;
  }
  default:
    return R_UNSUPP_COMMAND;
  }
}

static const char *const EXTRA[] = { "Simulator=xfs4iot-gateway", "Model=SIM-IDC-1", NULL };

static int32_t info(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  sim_idc_state_t *d = st(svc);
  uint16_t v = req->version;
  switch (req->code) {
  case INF_STATUS: {
    idc_status_v320_t *s = sim_alloc_more(r, V320(v) ? sizeof(idc_status_v320_t) : sizeof(idc_status_v300_t));
    s->fwDevice = STAT_DEVONLINE;
    s->fwMedia = (uint16_t)d->media;
    s->fwRetainBin = (uint16_t)retain_bin_state(d);
    s->fwSecurity = 1;
    s->usCards = (uint16_t)d->retain_count;
    s->fwChipPower = (uint16_t)(d->media == M_PRESENT ? d->chip_power : CP_NOCARD);
    s->lpszExtra = sim_extra_more(r, EXTRA);
    if (V320(v)) {
      memcpy(s->dwGuidLights, d->guid_lights, sizeof s->dwGuidLights);
      s->fwChipModule = 1; s->fwMagReadModule = 1; s->fwMagWriteModule = 1;
      s->fwFrontImageModule = 4; s->fwBackImageModule = 4;
      s->wDevicePosition = 0;
      s->usPowerSaveRecoveryTime = (uint16_t)d->power_save_time;
      s->lpwParkingStationMedia = sim_alloc_more(r, 2 * sizeof(uint16_t));
      s->lpwParkingStationMedia[0] = d->parked ? M_PRESENT : M_NOTPRESENT;
      s->wAntiFraudModule = 1;
    }
    r->lpBuffer = s;
    return 0;
  }
  case INF_CAPABILITIES: {
    size_t sz = V330(v) ? sizeof(idc_caps_v330_t) : V320(v) ? sizeof(idc_caps_v320_t) : sizeof(idc_caps_v300_t);
    idc_caps_v330_t *c = sim_alloc_more(r, sz);
    c->wClass = 2; c->fwType = 1; c->bCompound = 0;
    c->fwReadTracks = S_T1 | S_T2 | S_T3; c->fwWriteTracks = S_T1 | S_T2 | S_T3;
    c->fwChipProtocols = 0x1 | 0x2; c->usCards = (uint16_t)d->retain_capacity; c->fwSecType = 1;
    c->fwPowerOnOption = A_EJECT; c->fwPowerOffOption = A_EJECT;
    c->bFluxSensorProgrammable = 0; c->bReadWriteAccessFollowingEject = 0;
    c->fwWriteMode = 0x2 | 0x4; c->fwChipPower = PWR_COLD | PWR_WARM | PWR_OFF;
    c->lpszExtra = sim_extra_more(r, EXTRA);
    if (V320(v)) {
      c->fwDIPMode = 1;
      c->lpwMemoryChipProtocols = sim_alloc_more(r, sizeof(uint16_t));
      c->dwGuidLights[0] = 0x1 | 0x2 | 0x4 | 0x200 | 0x100000;
      c->fwEjectPosition = 1 | 2; c->bPowerSaveControl = 1; c->usParkingStations = 1;
      c->bAntiFraudModule = 1;
    }
    if (V330(v)) c->lpdwSynchronizableCommands = sim_alloc_more(r, sizeof(uint32_t));
    r->lpBuffer = c;
    return 0;
  }
  case INF_FORM_LIST: {
    static const char *const forms[] = { "TRACK2ONLY", "ALLTRACKS", NULL };
    r->lpBuffer = sim_extra_more(r, forms);
    return 0;
  }
  case INF_QUERY_FORM: {
    if (strcmp(req->in.text, "TRACK2ONLY") && strcmp(req->in.text, "ALLTRACKS")) return E_FORMNOTFOUND;
    idc_form_t *f = sim_alloc_more(r, sizeof *f);
    int all = !strcmp(req->in.text, "ALLTRACKS");
    f->lpszFormName = sim_strdup_more(r, req->in.text);
    f->cFieldSeparatorTrack1 = '^'; f->cFieldSeparatorTrack2 = '='; f->cFieldSeparatorTrack3 = '=';
    f->fwAction = 1;
    f->lpszTracks = sim_strdup_more(r, all ? "TRACK1|TRACK2|TRACK3" : "TRACK2");
    f->bSecure = 0;
    static const char *const t1[] = { "PAN", "NAME", "DISCRETIONARY", NULL };
    static const char *const t2[] = { "PAN", "EXPIRY", "DISCRETIONARY", NULL };
    f->lpszTrack1Fields = sim_extra_more(r, all ? t1 : NULL);
    f->lpszTrack2Fields = sim_extra_more(r, t2);
    f->lpszTrack3Fields = sim_extra_more(r, NULL);
    f->lpszFrontTrack1Fields = sim_extra_more(r, NULL);
    f->lpszJIS1Track1Fields = sim_extra_more(r, NULL);
    f->lpszJIS1Track3Fields = sim_extra_more(r, NULL);
    r->lpBuffer = f;
    return 0;
  }
  case INF_QUERY_IFM_IDENTIFIER: {
    idc_ifm_identifier_t **list = sim_alloc_more(r, 2 * sizeof(void *));
    list[0] = sim_alloc_more(r, sizeof(idc_ifm_identifier_t));
    list[0]->wIFMAuthority = 1;
    list[0]->lpszIFMIdentifier = sim_strdup_more(r, "SIM-EMV-L1-0001");
    r->lpBuffer = list;
    return 0;
  }
  case INF_EMVCLESS_QUERY_APPLICATIONS: {
    if (!V330(v)) return R_UNSUPP_CATEGORY;
    idc_app_data_t **list = sim_alloc_more(r, sizeof(void *) * (size_t)(d->napps + 1));
    for (int i = 0; i < d->napps; i++) {
      idc_app_data_t *a = sim_alloc_more(r, sizeof *a);
      a->lpAID = sim_alloc_more(r, sizeof(idc_hex_data_t));
      a->lpAID->ulLength = d->apps[i].aid_len;
      a->lpAID->lpbData = sim_memdup_more(r, d->apps[i].aid, d->apps[i].aid_len);
      a->lpKernelIdentifier = sim_alloc_more(r, sizeof(idc_hex_data_t));
      a->lpKernelIdentifier->ulLength = d->apps[i].kernel_len;
      a->lpKernelIdentifier->lpbData = sim_memdup_more(r, d->apps[i].kernel, d->apps[i].kernel_len);
      list[i] = a;
    }
    r->lpBuffer = list;
    return 0;
  }
  default:
    return R_UNSUPP_CATEGORY;
  }
}

const sim_class_t sim_idc_class = { parse_exec, parse_info, execute, info, init };

/* ---- control ---- */
static sim_service_t *idc_service(const char *name) {
  sim_service_t *s = name ? sim_find_service(name) : NULL;
  return s && s->cls == 2 ? s : NULL;
}

static int hexval(char c) {
  return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static uint32_t parse_hex(const char *hex, uint8_t *out, uint32_t cap) {
  uint32_t n = 0;
  for (const char *p = hex; p && p[0] && p[1] && n < cap; ) {
    if (p[0] == ' ' || p[0] == ':') { p++; continue; }
    int a = hexval(p[0]), b = hexval(p[1]);
    if (a < 0 || b < 0) break;
    out[n++] = (uint8_t)(a * 16 + b);
    p += 2;
  }
  return n;
}

/* Puts a card at the slot. NULL track = absent; atrHex "" = no chip. flags bit 0: the card is
 * unreadable (INVALIDMEDIA). Returns 0, -1 unknown service, -2 a card is already there. */
SIM_EXPORT int32_t SimIdcInsertCard(const char *name, const char *track1, const char *track2, const char *track3,
                                    const char *atrHex, uint32_t flags) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = idc_service(name);
  int32_t rc = -1;
  if (s) {
    sim_idc_state_t *d = st(s);
    if (d->card_waiting || d->media == M_PRESENT || d->media == M_ENTERING) rc = -2;
    else {
      const char *t[3] = { track1, track2, track3 };
      for (int i = 0; i < 3; i++) {
        d->has_track[i] = t[i] != NULL;
        snprintf(d->tracks[i], sizeof d->tracks[i], "%s", t[i] ? t[i] : "");
      }
      d->atr_len = parse_hex(atrHex, d->atr, sizeof d->atr);
      d->card_invalid = (int)(flags & 1);
      d->card_waiting = 1;
      sim_kick(s);
      rc = 0;
    }
  }
  pthread_mutex_unlock(&g_lock);
  return rc;
}

/* The customer takes the card from the exit slot (MEDIAREMOVED) or withdraws a card that was
 * never drawn in. Returns 0, -1 unknown service, -2 no card to take. */
SIM_EXPORT int32_t SimIdcTakeCard(const char *name) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = idc_service(name);
  int32_t rc = -1;
  if (s) {
    sim_idc_state_t *d = st(s);
    if (d->media == M_ENTERING) { d->media = M_NOTPRESENT; sim_event(s, EVC_SERVICE, NULL, EV_MEDIAREMOVED, NULL, NULL); rc = 0; }
    else if (d->card_waiting) { d->card_waiting = 0; rc = 0; }
    else rc = -2;
  }
  pthread_mutex_unlock(&g_lock);
  return rc;
}

SIM_EXPORT int32_t SimIdcSetChipResponse(const char *name, const char *hex) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = idc_service(name);
  if (s) st(s)->chip_response_len = parse_hex(hex, st(s)->chip_response, SIM_MAX_CHIP);
  pthread_mutex_unlock(&g_lock);
  return s ? 0 : -1;
}

/* Data the contactless kernel returns (BER-TLV hex) and the transaction outcome it reports. */
SIM_EXPORT int32_t SimIdcSetClessData(const char *name, const char *hex, uint32_t outcome) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = idc_service(name);
  if (s) { st(s)->cless_len = parse_hex(hex, st(s)->cless_data, SIM_MAX_CHIP); st(s)->cless_outcome = (int)outcome; }
  pthread_mutex_unlock(&g_lock);
  return s ? 0 : -1;
}

SIM_EXPORT int32_t SimIdcSetRetainBin(const char *name, uint32_t count, uint32_t threshold, uint32_t capacity) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = idc_service(name);
  if (s) { st(s)->retain_count = (int)count; st(s)->retain_threshold = (int)threshold; st(s)->retain_capacity = (int)capacity; }
  pthread_mutex_unlock(&g_lock);
  return s ? 0 : -1;
}

/* Raises a service event without a command: 213 DEVICEPOSITION (arg = position),
 * 209 MEDIADETECTED (arg = position), 210/211 RETAINBININSERTED/REMOVED. */
SIM_EXPORT int32_t SimIdcServiceEvent(const char *name, uint32_t eventId, uint32_t arg) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = idc_service(name);
  if (s) {
    uint16_t w = (uint16_t)arg;
    int with_word = eventId == EV_DEVICEPOSITION || eventId == EV_MEDIADETECTED || eventId == EV_POWER_SAVE_CHANGE;
    sim_event(s, EVC_SERVICE, NULL, eventId, with_word ? fill_word : NULL, &w);
  }
  pthread_mutex_unlock(&g_lock);
  return s ? 0 : -1;
}

/* Test hook: the next READ_RAW_DATA result carries a corrupt ulDataLength. */
SIM_EXPORT int32_t SimIdcCorruptNextRead(const char *name) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = idc_service(name);
  if (s) st(s)->corrupt_next_read = 1;
  pthread_mutex_unlock(&g_lock);
  return s ? 0 : -1;
}

/* Media state for tests: fwMedia, retain count, card waiting at the slot. */
SIM_EXPORT int32_t SimIdcMedia(const char *name) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = idc_service(name);
  int32_t m = s ? (st(s)->media | (st(s)->card_waiting ? 0x100 : 0) | (st(s)->retain_count << 16)) : -1;
  pthread_mutex_unlock(&g_lock);
  return m;
}
