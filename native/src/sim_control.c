/* Control of the simulated services for tests and developers: configuration, failure
 * injection, loss of the provider, system events and counters. */
#include <stdio.h>
#include <string.h>
#include "sim.h"

static sim_service_t *ctl_service(const char *name) {
  pthread_once(&g_once, sim_init_once);
  return name ? sim_find_service(name) : NULL;
}

/* cls: 1 = PTR, 2 = IDC, 3 = CDM, 13 = CIM (and the other class numbers sim_add_service knows). version: 3.x version word (0x1e03 = 3.30, 0x0003 = 3.00). */
SIM_EXPORT int32_t SimAddService(const char *name, int32_t cls, uint32_t version) {
  pthread_once(&g_once, sim_init_once);
  if (!name || (cls != 1 && cls != 2 && cls != 3 && cls != 4 && cls != 7 && cls != 8 && cls != 9 && cls != 10 && cls != 13 && cls != 15)) return -1;
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = sim_add_service(name, cls, (uint16_t)version);
  pthread_mutex_unlock(&g_lock);
  return s ? 0 : -1;
}

/* A recycler: a CDM and a CIM (both new, or the same pair again) sharing three recycling cassettes. */
SIM_EXPORT int32_t SimAddRecycler(const char *cdm, const char *cim, uint32_t version) {
  pthread_once(&g_once, sim_init_once);
  if (!cdm || !cim || !strcmp(cdm, cim)) return -1;
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = sim_add_recycler(cdm, cim, (uint16_t)version);
  pthread_mutex_unlock(&g_lock);
  return s ? 0 : -1;
}

char g_state_dir[512];

/* Devices keep their physical state in dir (one file per service): those already added take what is
 * kept there now (the built-in ones exist before anyone can call this), later ones when added.
 * NULL or "" turns it off. */
SIM_EXPORT int32_t SimSetStateDir(const char *dir) {
  pthread_once(&g_once, sim_init_once);
  if (dir && strlen(dir) >= sizeof g_state_dir - 80) return -1;
  pthread_mutex_lock(&g_lock);
  snprintf(g_state_dir, sizeof g_state_dir, "%s", dir ? dir : "");
  sim_load_kept_state();
  pthread_mutex_unlock(&g_lock);
  return 0;
}

SIM_EXPORT int32_t SimSetDelay(const char *name, uint32_t execMs, uint32_t infoMs) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = ctl_service(name);
  if (s) { s->delay_ms = execMs; s->info_delay_ms = infoMs; }
  pthread_mutex_unlock(&g_lock);
  return s ? 0 : -1;
}

SIM_EXPORT int32_t SimFailNext(const char *name, int32_t hResult, uint32_t command) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = ctl_service(name);
  if (s) { s->fail_next = hResult; s->fail_next_cmd = command; }
  pthread_mutex_unlock(&g_lock);
  return s ? 0 : -1;
}

/* The next query of one info category fails with hResult (e.g. a CURRENCY_EXP read that times out). */
SIM_EXPORT int32_t SimFailNextInfo(const char *name, int32_t hResult, uint32_t category) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = ctl_service(name);
  if (s) { s->fail_next_info = hResult; s->fail_next_info_cat = category; }
  pthread_mutex_unlock(&g_lock);
  return s ? 0 : -1;
}

SIM_EXPORT int32_t SimHangNext(const char *name) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = ctl_service(name);
  if (s) s->hang_next = 1;
  pthread_mutex_unlock(&g_lock);
  return s ? 0 : -1;
}

/* Lets every hung execute of the service go on and run its command: returns how many were released. */
SIM_EXPORT int32_t SimReleaseHang(const char *name) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = ctl_service(name);
  int n = -1;
  if (s) {
    n = 0;
    if (s->running && s->running->hang && !s->running->released) { s->running->released = 1; n++; }
    for (sim_request_t *q = s->exec_head; q; q = q->next) if (q->hang && !q->released) { q->released = 1; n++; }
    pthread_cond_broadcast(&s->cv);
  }
  pthread_mutex_unlock(&g_lock);
  return n;
}

/* A provider that ignores WFSCancelAsyncRequest and dwTimeOut for its running command (on = 1). */
SIM_EXPORT int32_t SimIgnoreCancel(const char *name, int32_t on) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = ctl_service(name);
  if (s) { s->ignore_cancel = on != 0; pthread_cond_broadcast(&s->cv); }
  pthread_mutex_unlock(&g_lock);
  return s ? 0 : -1;
}

/* Cancels of a running request the service ignored (SimIgnoreCancel): lets a test wait for the gateway's cancel. */
SIM_EXPORT int32_t SimCancelsIgnored(const char *name) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = ctl_service(name);
  int32_t n = s ? (int32_t)s->cancels_ignored : -1;
  pthread_mutex_unlock(&g_lock);
  return n;
}

static void fill_devstatus(wfs_result_t *r, uint16_t version, const void *ctx) {
  (void)version;
  const sim_service_t *svc = ctx;
  wfs_devstatus_t *d = sim_alloc_more(r, sizeof *d);
  d->lpszPhysicalName = sim_strdup_more(r, svc->name);
  d->lpszWorkstationName = sim_strdup_more(r, "SIMULATOR");
  d->dwState = svc->lost ? STAT_DEVOFFLINE : STAT_DEVONLINE;
  r->lpBuffer = d;
}

/* Loses the service provider: pending requests complete with WFS_ERR_CONNECTION_LOST, every
 * open handle becomes unusable and opens fail until restored (restoreAfterMs 0 = until
 * SimRestoreConnection). A WFS_SYSE_DEVICE_STATUS (offline) system event is sent first. */
SIM_EXPORT int32_t SimLoseConnection(const char *name, uint32_t restoreAfterMs) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = ctl_service(name);
  if (s) {
    s->lost = 1;
    sim_event(s, EVC_SYSTEM, NULL, SYSE_DEVICE_STATUS, fill_devstatus, s);
    s->generation++;
    s->lost_until = restoreAfterMs ? sim_now_ms() + restoreAfterMs : 0;
    sim_cancel_matching(s, 0, 0, R_CONNECTION_LOST, 0);
  }
  pthread_mutex_unlock(&g_lock);
  return s ? 0 : -1;
}

SIM_EXPORT int32_t SimRestoreConnection(const char *name) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = ctl_service(name);
  if (s) { s->lost = 0; s->lost_until = 0; pthread_cond_broadcast(&s->cv); }
  pthread_mutex_unlock(&g_lock);
  return s ? 0 : -1;
}

static void fill_hwerror(wfs_result_t *r, uint16_t version, const void *ctx) {
  (void)version;
  const sim_service_t *svc = ctx;
  static const char desc[] = "simulated hardware fault";
  wfs_hwerror_t *e = sim_alloc_more(r, sizeof *e);
  e->lpszLogicalName = sim_strdup_more(r, svc->name);
  e->lpszPhysicalName = sim_strdup_more(r, svc->name);
  e->lpszWorkstationName = sim_strdup_more(r, "SIMULATOR");
  e->lpszAppID = sim_strdup_more(r, "");
  e->dwAction = 0x0001; /* reset */
  e->dwSize = sizeof desc - 1;
  e->lpbDescription = sim_memdup_more(r, desc, sizeof desc - 1);
  r->lpBuffer = e;
}

static void fill_undevmsg(wfs_result_t *r, uint16_t version, const void *ctx) {
  (void)version;
  const sim_service_t *svc = ctx;
  static const char desc[] = "message could not be delivered";
  wfs_undevmsg_t *u = sim_alloc_more(r, sizeof *u);
  u->lpszLogicalName = sim_strdup_more(r, svc->name);
  u->lpszWorkstationName = sim_strdup_more(r, "SIMULATOR");
  u->lpszAppID = sim_strdup_more(r, "");
  u->dwSize = sizeof desc - 1;
  u->lpbDescription = sim_memdup_more(r, desc, sizeof desc - 1);
  u->dwMsg = MSG_SERVICE_EVENT;
  u->lpWFSResult = NULL;
  r->lpBuffer = u;
}

/* Raises a system event: 1 = WFS_SYSE_UNDELIVERABLE_MSG, 2 = WFS_SYSE_HARDWARE_ERROR (action
 * reset), 4 = WFS_SYSE_DEVICE_STATUS. */
SIM_EXPORT int32_t SimSystemEvent(const char *name, uint32_t eventId) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = ctl_service(name);
  int32_t rc = -1;
  if (s && (eventId == SYSE_UNDELIVERABLE_MSG || eventId == SYSE_HARDWARE_ERROR || eventId == SYSE_DEVICE_STATUS)) {
    sim_event(s, EVC_SYSTEM, NULL, eventId, eventId == SYSE_HARDWARE_ERROR ? fill_hwerror
              : eventId == SYSE_UNDELIVERABLE_MSG ? fill_undevmsg : fill_devstatus, s);
    rc = 0;
  }
  pthread_mutex_unlock(&g_lock);
  return rc;
}

SIM_EXPORT int32_t SimUndelivered(void) {
  pthread_mutex_lock(&g_lock);
  long n = g_undelivered;
  pthread_mutex_unlock(&g_lock);
  return (int32_t)n;
}

SIM_EXPORT int32_t SimOpenHandles(void) {
  pthread_mutex_lock(&g_lock);
  int n = 0;
  for (int i = 0; i < SIM_MAX_HANDLES; i++) n += g_handles[i].used;
  pthread_mutex_unlock(&g_lock);
  return n;
}

/* Pending (queued or running) requests of a service, so tests can wait for a state. */
/* Queries of one category the service has answered so far (-1: unknown service). */
SIM_EXPORT int32_t SimInfoCount(const char *name, uint32_t category) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = ctl_service(name);
  int32_t n = s ? (int32_t)s->info_counts[category % 64] : -1;
  pthread_mutex_unlock(&g_lock);
  return n;
}

SIM_EXPORT int32_t SimPending(const char *name) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = ctl_service(name);
  int n = -1;
  if (s) {
    n = (s->running != NULL) + (s->info_running != NULL);
    for (sim_request_t *q = s->exec_head; q; q = q->next) n++;
    for (sim_request_t *q = s->info_head; q; q = q->next) n++;
  }
  pthread_mutex_unlock(&g_lock);
  return n;
}

/* Wakes device threads after a control call changed the device state (g_lock held). */
void sim_kick(sim_service_t *svc) { pthread_cond_broadcast(&svc->cv); }
