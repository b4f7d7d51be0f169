/* IDC queries (WFSGetInfo categories) of the simulated card reader, in the layout of the
 * negotiated version. */
#include <stdio.h>
#include <string.h>
#include "sim.h"
#include "sim_idc.h"

static const char *const EXTRA[] = { "Simulator=xfs4iot-gateway", "Model=SIM-IDC-1", NULL };

int32_t sim_idc_info(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  sim_idc_state_t *d = st(svc);
  uint16_t v = req->version;
  switch (req->code) {
  case INF_STATUS: {
    idc_status_v320_t *s = sim_alloc_more(r, V320(v) ? sizeof(idc_status_v320_t) : sizeof(idc_status_v300_t));
    s->fwDevice = STAT_DEVONLINE;
    s->fwMedia = (uint16_t)d->media;
    s->fwRetainBin = (uint16_t)sim_idc_retain_bin_state(d);
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
    /* exactly the negotiated version's struct: a reader that takes a later layout reads past its end */
    size_t sz = V320(v) ? sizeof(idc_form_v320_t) : V310(v) ? sizeof(idc_form_v310_t) : sizeof(idc_form_v300_t);
    idc_form_v320_t *f = sim_alloc_more(r, sz);
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
    if (V310(v)) {
      static const char *const front[] = { "FRONTPAN", NULL };
      f->lpszFrontTrack1Fields = sim_extra_more(r, all ? front : NULL);
      f->cFieldSeparatorFrontTrack1 = all ? '=' : 0;
    }
    if (V320(v)) {
      f->lpszJIS1Track1Fields = sim_extra_more(r, NULL);
      f->lpszJIS1Track3Fields = sim_extra_more(r, NULL);
    }
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
