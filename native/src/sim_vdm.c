/* Simulated VDM service: the enter/exit handshake of vendor dependent mode. A request (from an
 * application's WFS_CMD_VDM_*_MODE_REQ, or from SimVdmRequest, a vendor application outside the
 * gateway) sends WFS_SRVE_VDM_*_MODE_REQ to every application registered for service events and waits
 * until each has acknowledged (or closed its session); then the mode changes and WFS_SYSE_VDM_MODE*
 * goes to the applications registered for system events. Acknowledgements run on the query thread
 * (sim_class_t.beside), since the request they answer holds the command thread. All with g_lock held. */
#include <stdio.h>
#include <string.h>
#include "sim_vdm.h"

typedef struct {
  sim_service_t *svc;
  uint16_t service;            /* VDM_* */
  int pending;                 /* 1 enter, 2 exit: a request waits for acknowledgements */
  int external;                /* the pending request is SimVdmRequest's, not a command */
  int all_acked;
  int awaited[SIM_MAX_HANDLES]; /* handle slots whose acknowledgement is awaited */
  uint16_t awaited_h[SIM_MAX_HANDLES];
  uint16_t active_interface;
} vdm_state_t;

static vdm_state_t g_vdm[16];

static vdm_state_t *state_of(sim_service_t *svc) {
  for (int i = 0; i < 16; i++) if (g_vdm[i].svc == svc) return &g_vdm[i];
  return NULL;
}

static void init(sim_service_t *svc) {
  vdm_state_t *d = state_of(svc);
  for (int i = 0; !d && i < 16; i++) if (!g_vdm[i].svc) d = &g_vdm[i];
  if (!d) return;
  memset(d, 0, sizeof *d);
  d->svc = svc;
  d->service = VDM_INACTIVE;
  d->active_interface = 1;     /* consumer */
}

static int registered(const sim_handle_t *hd, uint32_t evclass) {
  for (int k = 0; k < hd->nregs; k++) if (hd->regs[k].classes & evclass) return 1;
  return 0;
}

/* Every awaited application acknowledged, or went away (a closed session cannot answer). */
static void recount(vdm_state_t *d) {
  int all = 1;
  for (int i = 0; i < SIM_MAX_HANDLES; i++) {
    if (!d->awaited[i]) continue;
    const sim_handle_t *hd = &g_handles[i];
    if (!hd->used || hd->h != d->awaited_h[i] || sim_handle_dead((sim_handle_t *)hd) || !registered(hd, EVC_SERVICE)) d->awaited[i] = 0;
    else all = 0;
  }
  d->all_acked = all;
}

static void start(vdm_state_t *d, int enter, int external) {
  d->pending = enter ? 1 : 2;
  d->external = external;
  d->service = enter ? VDM_ENTERPENDING : VDM_EXITPENDING;
  for (int i = 0; i < SIM_MAX_HANDLES; i++) {
    const sim_handle_t *hd = &g_handles[i];
    d->awaited[i] = hd->used && hd->svc == d->svc && hd->generation == d->svc->generation && registered(hd, EVC_SERVICE);
    d->awaited_h[i] = hd->h;
  }
  sim_event(d->svc, EVC_SERVICE, NULL, enter ? VDM_EV_ENTER_MODE_REQ : VDM_EV_EXIT_MODE_REQ, NULL, NULL);
  recount(d);
}

static void finish(vdm_state_t *d) {
  int enter = d->pending == 1;
  d->pending = 0;
  d->external = 0;
  d->service = enter ? VDM_ACTIVE : VDM_INACTIVE;
  sim_event(d->svc, EVC_SYSTEM, NULL, enter ? VDM_EV_MODEENTERED : VDM_EV_MODEEXITED, NULL, NULL);
}

static int parse_exec(uint16_t v, uint32_t cmd, const void *data, sim_input_t *in) {
  switch (cmd) {
  case VDM_CMD_ENTER_MODE_REQ: case VDM_CMD_ENTER_MODE_ACK: case VDM_CMD_EXIT_MODE_REQ: case VDM_CMD_EXIT_MODE_ACK: return 0;
  case VDM_CMD_SET_ACTIVE_INTERFACE:
    if (sim_vnum(v) < 320) return R_UNSUPP_COMMAND;
    if (!data) return R_INVALID_POINTER;
    in->w[0] = ((const vdm_active_interface_t *)data)->wActiveInterface;
    return 0;
  default: return R_UNSUPP_COMMAND;
  }
}

static int parse_info(uint16_t v, uint32_t cat, const void *data, sim_input_t *in) {
  (void)data; (void)in;
  if (cat == VDM_INF_STATUS || cat == VDM_INF_CAPABILITIES) return 0;
  if (cat == VDM_INF_ACTIVE_INTERFACE) return sim_vnum(v) < 320 ? R_UNSUPP_CATEGORY : 0;
  return R_UNSUPP_CATEGORY;
}

static void fill_interface(wfs_result_t *r, uint16_t v, const void *ctx) {
  (void)v;
  vdm_active_interface_t *a = sim_alloc_more(r, sizeof *a);
  a->wActiveInterface = *(const uint16_t *)ctx;
  r->lpBuffer = a;
}

static int32_t request(sim_service_t *svc, vdm_state_t *d, sim_request_t *req, int enter) {
  /* Entering needs the mode off, leaving needs it on, and one request at a time. */
  if (d->pending || d->service != (enter ? VDM_INACTIVE : VDM_ACTIVE)) return R_DEV_NOT_READY;
  start(d, enter, 0);
  int32_t hr = 0;
  /* Counted again every 100 ms too: an application that closes its session answers by leaving. */
  while (!d->all_acked && (hr = sim_wait(svc, req, &d->all_acked, 100)) == 1) { hr = 0; recount(d); }
  if (hr) {                    /* canceled, timed out or lost: the mode stays as it was */
    d->pending = 0;
    d->service = enter ? VDM_INACTIVE : VDM_ACTIVE;
    return hr;
  }
  finish(d);
  return 0;
}

static int32_t acknowledge(vdm_state_t *d, sim_request_t *req, int enter) {
  if (d->pending != (enter ? 1 : 2)) return R_DEV_NOT_READY;   /* nothing to acknowledge */
  for (int i = 0; i < SIM_MAX_HANDLES; i++) if (d->awaited[i] && d->awaited_h[i] == req->hService) d->awaited[i] = 0;
  recount(d);
  if (d->all_acked && d->external) finish(d);
  else sim_kick(d->svc);
  return 0;
}

static int32_t execute(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  (void)r;
  vdm_state_t *d = state_of(svc);
  if (!d) return R_INTERNAL_ERROR;
  switch (req->code) {
  case VDM_CMD_ENTER_MODE_REQ: return request(svc, d, req, 1);
  case VDM_CMD_EXIT_MODE_REQ: return request(svc, d, req, 0);
  case VDM_CMD_ENTER_MODE_ACK: return acknowledge(d, req, 1);
  case VDM_CMD_EXIT_MODE_ACK: return acknowledge(d, req, 0);
  case VDM_CMD_SET_ACTIVE_INTERFACE:
    if (req->in.w[0] > 1) return R_INVALID_DATA;
    if (d->active_interface != req->in.w[0]) {
      d->active_interface = (uint16_t)req->in.w[0];
      sim_event(svc, EVC_SERVICE, NULL, VDM_EV_INTERFACE_CHANGED, fill_interface, &d->active_interface);
    }
    return 0;
  default: return R_UNSUPP_COMMAND;
  }
}

static const char *const EXTRA[] = { "Simulator=xfs4iot-gateway", "Model=SIM-VDM-1", NULL };

static int32_t info(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  vdm_state_t *d = state_of(svc);
  if (!d) return R_INTERNAL_ERROR;
  switch (req->code) {
  case VDM_INF_STATUS: {
    recount(d);
    vdm_status_t *s = sim_alloc_more(r, sizeof *s);
    s->wDevice = STAT_DEVONLINE;
    s->wService = d->service;
    int n = 0;
    for (int i = 0; i < SIM_MAX_HANDLES; i++) if (g_handles[i].used && g_handles[i].svc == svc && registered(&g_handles[i], EVC_SERVICE)) n++;
    s->lppAppStatus = sim_alloc_more(r, sizeof(void *) * (size_t)(n + 1));
    n = 0;
    for (int i = 0; i < SIM_MAX_HANDLES; i++) {
      const sim_handle_t *hd = &g_handles[i];
      if (!hd->used || hd->svc != svc || !registered(hd, EVC_SERVICE)) continue;
      vdm_app_status_t *a = sim_alloc_more(r, sizeof *a);
      a->lpszAppID = sim_strdup_more(r, hd->app_id);
      a->wAppStatus = d->awaited[i] ? (d->pending == 1 ? VDM_ENTERPENDING : VDM_EXITPENDING) : d->service;
      s->lppAppStatus[n++] = a;
    }
    s->lppAppStatus[n] = NULL;
    s->lpszExtra = sim_extra_more(r, EXTRA);
    r->lpBuffer = s;
    return 0;
  }
  case VDM_INF_CAPABILITIES: {
    vdm_caps_t *c = sim_alloc_more(r, sizeof *c);
    c->wClass = 9;
    c->lpszExtra = sim_extra_more(r, EXTRA);
    r->lpBuffer = c;
    return 0;
  }
  case VDM_INF_ACTIVE_INTERFACE: {
    vdm_active_interface_t *a = sim_alloc_more(r, sizeof *a);
    a->wActiveInterface = d->active_interface;
    r->lpBuffer = a;
    return 0;
  }
  default: return R_UNSUPP_CATEGORY;
  }
}

static int beside(uint32_t cmd) { return cmd == VDM_CMD_ENTER_MODE_ACK || cmd == VDM_CMD_EXIT_MODE_ACK; }

const sim_class_t sim_vdm_class = { parse_exec, parse_info, execute, info, init, beside, NULL };

/* ---- controls ---- */
static vdm_state_t *vdm_service(const char *name) {
  sim_service_t *s = sim_find_class_service(name, 9);
  return s ? state_of(s) : NULL;
}

/* A vendor application outside the gateway asks to enter (1) or exit (0) vendor mode: the
 * registered applications are asked, and the mode changes once they all acknowledged.
 * 0, -1 unknown service, -2 the mode cannot change now (already there, or a request pending). */
SIM_EXPORT int32_t SimVdmRequest(const char *name, uint32_t enter) {
  pthread_mutex_lock(&g_lock);
  vdm_state_t *d = vdm_service(name);
  int32_t rc = -1;
  if (d) {
    if (d->pending || d->service != (enter ? VDM_INACTIVE : VDM_ACTIVE)) rc = -2;
    else {
      start(d, enter != 0, 1);
      if (d->all_acked) finish(d);
      rc = 0;
    }
  }
  pthread_mutex_unlock(&g_lock);
  return rc;
}

/* WFSVDMSTATUS.wService, -1 unknown service. */
SIM_EXPORT int32_t SimVdmState(const char *name) {
  pthread_mutex_lock(&g_lock);
  vdm_state_t *d = vdm_service(name);
  if (d && d->pending && d->external) {   /* applications that closed meanwhile have answered */
    recount(d);
    if (d->all_acked) finish(d);
  }
  int32_t v = d ? d->service : -1;
  pthread_mutex_unlock(&g_lock);
  return v;
}
