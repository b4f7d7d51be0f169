/* Simulated IDC (motorised card reader with chip contacts and a contactless EMV kernel).
 * Layouts follow the negotiated version: 3.00-style services get the 3.00 struct prefixes and no
 * 3.20+/3.30 commands. All functions run with g_lock held. */
#include <stdio.h>
#include <string.h>
#include "sim.h"
#include "sim_idc.h"



static void init(sim_service_t *svc) {
  sim_idc_state_t *d = st(svc);
  memset(d, 0, sizeof *d);
  d->media = M_NOTPRESENT;
  d->chip_power = CP_NOCARD;
  d->retain_threshold = 40;
  d->retain_capacity = 50;
  d->chip_response[0] = 0x90; d->chip_response[1] = 0x00; d->chip_response_len = 2;
  d->cless_outcome = 3; /* online request */
  strcpy(d->chip_pin, "1234");
  d->chip_pin_tries = 3;
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
    /* A NULL lpwResetIn lets the service provider decide where a card goes: this one ejects it. */
    in->w[0] = data ? *(const uint16_t *)data : A_EJECT;
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
void sim_idc_fill_word(wfs_result_t *r, uint16_t v, const void *ctx) {
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
    sim_event(svc, EVC_USER, NULL, EV_RETAINBINTHRESHOLD, sim_idc_fill_word, &state);
}

int sim_idc_retain_bin_state(const sim_idc_state_t *d) {
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
    exec_event(svc, req, EV_TRACKDETECTED, sim_idc_fill_word, &tracks);
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
    int was = sim_idc_retain_bin_state(d);
    d->retain_count = 0;
    if (was != RB_OK) sim_event(svc, EVC_USER, NULL, EV_RETAINBINTHRESHOLD, sim_idc_fill_word, &ok);
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
    /* WFS_IDC_NOACTION resets the device and leaves the card where it is (CardReader.Reset
     * to currentPosition): nothing moves, so no CARDACTION either. */
    if (a != A_NOACTION && (d->media == M_PRESENT || d->media == M_ENTERING)) {
      idc_card_act_t act = { 0, (uint16_t)d->media };
      if (a == A_RETAIN || a == A_EJECTTHENRETAIN) {
        d->media = M_NOTPRESENT; d->retain_count++; act.wAction = CA_RETAINED;
      } else if (a == A_EJECT) {
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
    sim_event(svc, EVC_SERVICE, NULL, EV_POWER_SAVE_CHANGE, sim_idc_fill_word, &t);
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

const sim_class_t sim_idc_class = { parse_exec, parse_info, execute, sim_idc_info, init, NULL, NULL };
