/* The XFS Manager API of the simulator: start-up, sessions (hService), asynchronous requests
 * executed by one device thread per logical service, cancellation, timeouts, event delivery to
 * registered windows and loss of the service provider. One lock (g_lock) guards all state;
 * device threads wait on the service's condition variable so that card insertion, cancel,
 * timeout and connection loss all wake them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "sim.h"

pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_sync_cv;
static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static int g_started;
static uint32_t g_next_req = 1;
static uint16_t g_next_h = 1;
static uintptr_t g_next_app = 0x1000;
static sim_service_t *g_services[64];
static int g_nservices;
static sim_handle_t g_handles[SIM_MAX_HANDLES];
static long g_undelivered;

uint64_t sim_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

int sim_vnum(uint16_t w) { return (w & 0xff) * 100 + (w >> 8); }

void sim_now_systemtime(sim_systemtime_t *t) {
  struct timespec ts;
  struct tm tm;
  clock_gettime(CLOCK_REALTIME, &ts);
  gmtime_r(&ts.tv_sec, &tm);
  t->wYear = (uint16_t)(tm.tm_year + 1900); t->wMonth = (uint16_t)(tm.tm_mon + 1);
  t->wDayOfWeek = (uint16_t)tm.tm_wday; t->wDay = (uint16_t)tm.tm_mday;
  t->wHour = (uint16_t)tm.tm_hour; t->wMinute = (uint16_t)tm.tm_min;
  t->wSecond = (uint16_t)tm.tm_sec; t->wMilliseconds = (uint16_t)(ts.tv_nsec / 1000000);
}

char *sim_extra_more(void *top, const char *const *pairs) {
  size_t n = 1;
  for (int i = 0; pairs && pairs[i]; i++) n += strlen(pairs[i]) + 1;
  char *d = sim_alloc_more(top, n + 1), *p = d;
  for (int i = 0; pairs && pairs[i]; i++) { size_t l = strlen(pairs[i]); memcpy(p, pairs[i], l + 1); p += l + 1; }
  *p = 0;
  return d;
}

static void cond_init_mono(pthread_cond_t *cv) {
  pthread_condattr_t a;
  pthread_condattr_init(&a);
  pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
  pthread_cond_init(cv, &a);
  pthread_condattr_destroy(&a);
}

static void timed_wait(pthread_cond_t *cv, uint64_t until_ms) {
  if (!until_ms) { pthread_cond_wait(cv, &g_lock); return; }
  struct timespec ts = { (time_t)(until_ms / 1000), (long)((until_ms % 1000) * 1000000) };
  pthread_cond_timedwait(cv, &g_lock, &ts);
}

/* ---- services ---- */
static sim_service_t *add_service(const char *name, int cls, uint16_t max_version) {
  sim_service_t *s = sim_find_service(name);
  if (s) { s->max_version = max_version; return s; }
  if (g_nservices >= 64) return NULL;
  s = calloc(1, sizeof *s);
  snprintf(s->name, sizeof s->name, "%s", name);
  s->cls = cls;
  s->impl = cls == 2 ? &sim_idc_class : &sim_cdm_class;
  s->max_version = max_version;
  s->min_version = 0x0003;
  cond_init_mono(&s->cv);
  cond_init_mono(&s->exec_cv);
  cond_init_mono(&s->info_cv);
  s->impl->init(s);
  g_services[g_nservices++] = s;
  return s;
}

static void init_once(void) {
  cond_init_mono(&g_sync_cv);
  pthread_mutex_lock(&g_lock);
  add_service("CardReader1", 2, 0x1e03);
  add_service("CardReader300", 2, 0x0003);
  add_service("CashDispenser1", 3, 0x1e03);
  add_service("CashDispenser300", 3, 0x0003);
  pthread_mutex_unlock(&g_lock);
}

sim_service_t *sim_find_service(const char *name) {
  for (int i = 0; i < g_nservices; i++) if (!strcmp(g_services[i]->name, name)) return g_services[i];
  return NULL;
}

int sim_is_lost(sim_service_t *svc) {
  if (!svc->lost) return 0;
  if (svc->lost_until && sim_now_ms() >= svc->lost_until) { svc->lost = 0; svc->lost_until = 0; return 0; }
  return 1;
}

static sim_handle_t *handle_of(uint16_t h) {
  if (h == 0) return NULL;
  for (int i = 0; i < SIM_MAX_HANDLES; i++) if (g_handles[i].used && g_handles[i].h == h) return &g_handles[i];
  return NULL;
}

static int handle_dead(sim_handle_t *hd) {
  return !hd || sim_is_lost(hd->svc) || hd->generation != hd->svc->generation;
}

/* ---- results and completion ---- */
static wfs_result_t *new_result(uint32_t id, uint16_t h, uint32_t code, int32_t hr) {
  wfs_result_t *r = sim_alloc_top(sizeof *r);
  r->RequestID = id; r->hService = h; r->dwCommandCodeOrEventID = code; r->hResult = hr;
  sim_now_systemtime(&r->tsTimestamp);
  return r;
}

static void deliver(void *hwnd, uint32_t msg, wfs_result_t *r) {
  if (!sim_post(hwnd, msg, 0, (intptr_t)r)) { sim_free_top(r); g_undelivered++; }
}

static void complete(sim_request_t *req, wfs_result_t *r) {
  if (req->sync) {
    req->sync_result = r;
    req->done = 1;
    pthread_cond_broadcast(&g_sync_cv);
    return;
  }
  deliver(req->hwnd, (uint32_t)req->kind, r);
  free(req);
}

void sim_event(sim_service_t *svc, uint32_t evclass, const sim_request_t *req,
               uint32_t event_id, sim_fill_fn fill, const void *ctx) {
  uint32_t msg = evclass == EVC_EXECUTE ? MSG_EXECUTE_EVENT : evclass == EVC_SERVICE ? MSG_SERVICE_EVENT
               : evclass == EVC_USER ? MSG_USER_EVENT : MSG_SYSTEM_EVENT;
  for (int i = 0; i < SIM_MAX_HANDLES; i++) {
    sim_handle_t *hd = &g_handles[i];
    if (!hd->used || hd->svc != svc || hd->generation != svc->generation) continue;
    if (req && hd->h != req->hService) continue;
    for (int k = 0; k < hd->nregs; k++) {
      if (!(hd->regs[k].classes & evclass)) continue;
      wfs_result_t *r = new_result(req ? req->id : 0, hd->h, event_id, 0);
      if (fill) fill(r, hd->version, ctx);
      deliver(hd->regs[k].hwnd, msg, r);
    }
  }
}

int32_t sim_wait(sim_service_t *svc, sim_request_t *req, const int *flag, uint32_t ms) {
  uint64_t until = ms ? sim_now_ms() + ms : 0;
  for (;;) {
    if (flag && *flag) return 0;
    if (req->canceled) return req->cancel_code ? req->cancel_code : R_CANCELED;
    if (handle_dead(handle_of(req->hService))) return R_CONNECTION_LOST;
    uint64_t now = sim_now_ms();
    if (req->deadline && now >= req->deadline) return R_TIMEOUT;
    if (until && now >= until) return 1;
    uint64_t wake = until;
    if (req->deadline && (!wake || req->deadline < wake)) wake = req->deadline;
    if (svc->lost_until && (!wake || svc->lost_until < wake)) wake = svc->lost_until;
    timed_wait(&svc->cv, wake);
  }
}

/* Runs one request on the calling thread (device thread, or the caller for inline queries). */
static void run(sim_service_t *svc, sim_request_t *req) {
  wfs_result_t *r = new_result(req->id, req->hService, req->code, 0);
  int32_t hr = 0;
  if (req->canceled) hr = req->cancel_code ? req->cancel_code : R_CANCELED;
  else if (handle_dead(handle_of(req->hService))) hr = R_CONNECTION_LOST;
  else if (req->deadline && sim_now_ms() >= req->deadline) hr = R_TIMEOUT;
  else if (req->parse_error) hr = req->parse_error;
  else if (req->kind == MSG_EXECUTE_COMPLETE) {
    static const int never = 0;
    if (svc->hang_next) { svc->hang_next = 0; hr = sim_wait(svc, req, &never, 0); }
    else {
      if (svc->delay_ms) { hr = sim_wait(svc, req, &never, svc->delay_ms); if (hr == 1) hr = 0; }
      if (hr == 0) {
        if (svc->fail_next && (!svc->fail_next_cmd || svc->fail_next_cmd == req->code)) {
          hr = svc->fail_next; svc->fail_next = 0; svc->fail_next_cmd = 0;
        } else hr = svc->impl->execute(svc, req, r);
      }
    }
  } else {
    static const int never = 0;
    if (svc->info_delay_ms && !req->sync) { hr = sim_wait(svc, req, &never, svc->info_delay_ms); if (hr == 1) hr = 0; }
    if (hr == 0) hr = svc->impl->info(svc, req, r);
  }
  r->hResult = hr;
  complete(req, r);
}

static void *device_thread(void *arg, int info) {
  sim_service_t *svc = arg;
  pthread_mutex_lock(&g_lock);
  for (;;) {
    sim_request_t **head = info ? &svc->info_head : &svc->exec_head;
    sim_request_t **tail = info ? &svc->info_tail : &svc->exec_tail;
    while (!*head) pthread_cond_wait(info ? &svc->info_cv : &svc->exec_cv, &g_lock);
    sim_request_t *req = *head;
    *head = req->next;
    if (!*head) *tail = NULL;
    req->next = NULL;
    if (info) svc->info_running = req; else svc->running = req;
    run(svc, req);
    if (info) svc->info_running = NULL; else svc->running = NULL;
  }
  return NULL;
}
static void *exec_main(void *a) { return device_thread(a, 0); }
static void *info_main(void *a) { return device_thread(a, 1); }

static void start_threads(sim_service_t *svc) {
  if (svc->threads_started) return;
  svc->threads_started = 1;
  pthread_attr_t at;
  pthread_attr_init(&at);
  pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
  pthread_create(&svc->exec_thread, &at, exec_main, svc);
  pthread_create(&svc->info_thread, &at, info_main, svc);
  pthread_attr_destroy(&at);
}

static void enqueue(sim_service_t *svc, sim_request_t *req, int info) {
  sim_request_t **head = info ? &svc->info_head : &svc->exec_head;
  sim_request_t **tail = info ? &svc->info_tail : &svc->exec_tail;
  if (*tail) (*tail)->next = req; else *head = req;
  *tail = req;
  pthread_cond_signal(info ? &svc->info_cv : &svc->exec_cv);
}

/* Completes queued requests of handle h (id 0 = all) with hr and flags running ones. */
static int cancel_matching(sim_service_t *svc, uint16_t h, uint32_t id, int32_t hr) {
  int found = 0;
  for (int info = 0; info < 2; info++) {
    sim_request_t **pp = info ? &svc->info_head : &svc->exec_head, *last = NULL;
    while (*pp) {
      sim_request_t *q = *pp;
      if ((h == 0 || q->hService == h) && (id == 0 || q->id == id)) {
        *pp = q->next;
        q->next = NULL;
        found++;
        complete(q, new_result(q->id, q->hService, q->code, hr));
      } else { last = q; pp = &q->next; }
    }
    if (info) svc->info_tail = last; else svc->exec_tail = last;
    sim_request_t *run_req = info ? svc->info_running : svc->running;
    if (run_req && (h == 0 || run_req->hService == h) && (id == 0 || run_req->id == id)) {
      run_req->canceled = 1;
      run_req->cancel_code = hr;
      found++;
    }
  }
  pthread_cond_broadcast(&svc->cv);
  return found;
}

/* ---- API ---- */
static int version_ok_range(uint32_t required, uint16_t mine_low, uint16_t mine_high, uint16_t *out, int32_t *err) {
  uint16_t high = (uint16_t)(required & 0xffff), low = (uint16_t)(required >> 16);
  if (!low) low = high;
  if (sim_vnum(low) > sim_vnum(mine_high)) { *err = R_SRVC_VER_TOO_HIGH; return 0; }
  if (sim_vnum(high) < sim_vnum(mine_low)) { *err = R_SRVC_VER_TOO_LOW; return 0; }
  *out = sim_vnum(high) < sim_vnum(mine_high) ? high : mine_high;
  return 1;
}

static void fill_version(wfs_version_t *v, uint16_t ver, uint16_t low, uint16_t high, const char *desc) {
  if (!v) return;
  memset(v, 0, sizeof *v);
  v->wVersion = ver; v->wLowVersion = low; v->wHighVersion = high;
  snprintf(v->szDescription, sizeof v->szDescription, "%s", desc);
}

SIM_EXPORT hresult_t WFSStartUp(uint32_t dwVersionsRequired, wfs_version_t *lpWFSVersion) {
  pthread_once(&g_once, init_once);
  uint16_t v; int32_t err;
  if (!version_ok_range(dwVersionsRequired, 0x0002, 0x1e03, &v, &err))
    return err == R_SRVC_VER_TOO_HIGH ? R_API_VER_TOO_HIGH : R_API_VER_TOO_LOW;
  pthread_mutex_lock(&g_lock);
  int already = g_started;
  g_started = 1;
  pthread_mutex_unlock(&g_lock);
  fill_version(lpWFSVersion, v, 0x0002, 0x1e03, "XFS4IoT gateway XFS Manager simulator");
  return already ? R_ALREADY_STARTED : R_SUCCESS;
}

SIM_EXPORT hresult_t WFSCleanUp(void) {
  pthread_once(&g_once, init_once);
  pthread_mutex_lock(&g_lock);
  if (!g_started) { pthread_mutex_unlock(&g_lock); return R_NOT_STARTED; }
  for (int i = 0; i < SIM_MAX_HANDLES; i++) {
    if (!g_handles[i].used) continue;
    cancel_matching(g_handles[i].svc, g_handles[i].h, 0, R_CANCELED);
    g_handles[i].used = 0;
  }
  g_started = 0;
  pthread_mutex_unlock(&g_lock);
  return R_SUCCESS;
}

SIM_EXPORT hresult_t WFSCreateAppHandle(void **lphApp) {
  if (!lphApp) return R_INVALID_POINTER;
  pthread_mutex_lock(&g_lock);
  int ok = g_started;
  if (ok) *lphApp = (void *)(g_next_app += 0x10);
  pthread_mutex_unlock(&g_lock);
  return ok ? R_SUCCESS : R_NOT_STARTED;
}

SIM_EXPORT hresult_t WFSDestroyAppHandle(void *hApp) {
  return hApp ? R_SUCCESS : R_INVALID_APP_HANDLE;
}

static int32_t do_open(const char *name, void *hApp, const char *appId, uint32_t timeout, uint16_t *lphService,
                       void *hwnd, uint32_t versions, wfs_version_t *srvc, wfs_version_t *spi,
                       uint32_t *lpRequestID, int sync) {
  pthread_once(&g_once, init_once);
  (void)timeout;
  if (!name || !lphService || (!sync && !lpRequestID)) return R_INVALID_POINTER;
  pthread_mutex_lock(&g_lock);
  if (!g_started) { pthread_mutex_unlock(&g_lock); return R_NOT_STARTED; }
  sim_service_t *svc = sim_find_service(name);
  if (!svc) { pthread_mutex_unlock(&g_lock); return R_SERVICE_NOT_FOUND; }
  int slot = -1;
  for (int i = 0; i < SIM_MAX_HANDLES; i++) if (!g_handles[i].used) { slot = i; break; }
  if (slot < 0) { pthread_mutex_unlock(&g_lock); return R_OUT_OF_MEMORY; }
  uint16_t h;
  do { h = g_next_h++; if (!g_next_h) g_next_h = 1; } while (!h || handle_of(h));
  uint32_t id = g_next_req++;
  int32_t hr = 0;
  uint16_t v = 0;
  if (sim_is_lost(svc)) hr = R_CONNECTION_LOST;
  else if (!version_ok_range(versions, svc->min_version, svc->max_version, &v, &hr)) {}
  *lphService = h;
  if (lpRequestID) *lpRequestID = id;
  char desc[128];
  snprintf(desc, sizeof desc, "simulated %s service %s", svc->cls == 2 ? "IDC" : "CDM", svc->name);
  if (hr == 0) {
    sim_handle_t *hd = &g_handles[slot];
    memset(hd, 0, sizeof *hd);
    hd->used = 1; hd->h = h; hd->svc = svc; hd->version = v; hd->generation = svc->generation;
    hd->happ = hApp;
    snprintf(hd->app_id, sizeof hd->app_id, "%s", appId ? appId : "");
    start_threads(svc);
    fill_version(srvc, v, svc->min_version, svc->max_version, desc);
    fill_version(spi, v, svc->min_version, svc->max_version, desc);
  } else {
    fill_version(srvc, 0, svc->min_version, svc->max_version, desc);
    fill_version(spi, 0, svc->min_version, svc->max_version, desc);
  }
  if (!sync) deliver(hwnd, MSG_OPEN_COMPLETE, new_result(id, h, 0, hr));
  pthread_mutex_unlock(&g_lock);
  return sync ? hr : R_SUCCESS;
}

SIM_EXPORT hresult_t WFSAsyncOpen(char *lpszLogicalName, void *hApp, char *lpszAppID, uint32_t dwTraceLevel,
                                  uint32_t dwTimeOut, uint16_t *lphService, void *hWnd, uint32_t dwSrvcVersionsRequired,
                                  wfs_version_t *lpSrvcVersion, wfs_version_t *lpSPIVersion, uint32_t *lpRequestID) {
  (void)dwTraceLevel;
  if (!hWnd) return R_INVALID_HWND;
  return do_open(lpszLogicalName, hApp, lpszAppID, dwTimeOut, lphService, hWnd, dwSrvcVersionsRequired,
                 lpSrvcVersion, lpSPIVersion, lpRequestID, 0);
}

SIM_EXPORT hresult_t WFSOpen(char *lpszLogicalName, void *hApp, char *lpszAppID, uint32_t dwTraceLevel,
                             uint32_t dwTimeOut, uint32_t dwSrvcVersionsRequired, wfs_version_t *lpSrvcVersion,
                             wfs_version_t *lpSPIVersion, uint16_t *lphService) {
  (void)dwTraceLevel;
  return do_open(lpszLogicalName, hApp, lpszAppID, dwTimeOut, lphService, NULL, dwSrvcVersionsRequired,
                 lpSrvcVersion, lpSPIVersion, NULL, 1);
}

static int32_t do_close(uint16_t h, void *hwnd, uint32_t *lpRequestID, int sync) {
  if (!sync && !lpRequestID) return R_INVALID_POINTER;
  pthread_mutex_lock(&g_lock);
  sim_handle_t *hd = handle_of(h);
  if (!hd) { pthread_mutex_unlock(&g_lock); return R_INVALID_HSERVICE; }
  cancel_matching(hd->svc, h, 0, R_CANCELED);
  hd->used = 0;
  uint32_t id = g_next_req++;
  if (lpRequestID) *lpRequestID = id;
  if (!sync) deliver(hwnd, MSG_CLOSE_COMPLETE, new_result(id, h, 0, 0));
  pthread_mutex_unlock(&g_lock);
  return R_SUCCESS;
}

SIM_EXPORT hresult_t WFSClose(uint16_t hService) { return do_close(hService, NULL, NULL, 1); }

SIM_EXPORT hresult_t WFSAsyncClose(uint16_t hService, void *hWnd, uint32_t *lpRequestID) {
  if (!hWnd) return R_INVALID_HWND;
  return do_close(hService, hWnd, lpRequestID, 0);
}

static int32_t do_register(uint16_t h, uint32_t classes, void *hwndReg, void *hwnd, uint32_t *lpRequestID,
                           int add, int sync) {
  if (!sync && !lpRequestID) return R_INVALID_POINTER;
  if (add && (!classes || (classes & ~0xfu))) return R_INVALID_EVENT_CLASS;
  if (add && !hwndReg) return R_INVALID_HWNDREG;
  pthread_mutex_lock(&g_lock);
  sim_handle_t *hd = handle_of(h);
  if (!hd) { pthread_mutex_unlock(&g_lock); return R_INVALID_HSERVICE; }
  if (handle_dead(hd)) { pthread_mutex_unlock(&g_lock); return R_CONNECTION_LOST; }
  int32_t hr = 0;
  if (add) {
    int k;
    for (k = 0; k < hd->nregs; k++) if (hd->regs[k].hwnd == hwndReg) break;
    if (k == hd->nregs) {
      if (hd->nregs == SIM_MAX_REGS) hr = R_OUT_OF_MEMORY;
      else { hd->regs[k].hwnd = hwndReg; hd->regs[k].classes = 0; hd->nregs++; }
    }
    if (!hr) hd->regs[k].classes |= classes;
  } else {
    int any = 0;
    for (int k = 0; k < hd->nregs; k++) {
      if (hwndReg && hd->regs[k].hwnd != hwndReg) continue;
      hd->regs[k].classes &= classes ? ~classes : 0u;
      any = 1;
    }
    if (!any) hr = R_NOT_REGISTERED;
  }
  uint32_t id = g_next_req++;
  if (lpRequestID) *lpRequestID = id;
  if (!sync) deliver(hwnd, add ? MSG_REGISTER_COMPLETE : MSG_DEREGISTER_COMPLETE, new_result(id, h, 0, hr));
  pthread_mutex_unlock(&g_lock);
  return sync ? hr : R_SUCCESS;
}

SIM_EXPORT hresult_t WFSRegister(uint16_t hService, uint32_t dwEventClass, void *hWndReg) {
  return do_register(hService, dwEventClass, hWndReg, NULL, NULL, 1, 1);
}
SIM_EXPORT hresult_t WFSAsyncRegister(uint16_t hService, uint32_t dwEventClass, void *hWndReg, void *hWnd,
                                      uint32_t *lpRequestID) {
  if (!hWnd) return R_INVALID_HWND;
  return do_register(hService, dwEventClass, hWndReg, hWnd, lpRequestID, 1, 0);
}
SIM_EXPORT hresult_t WFSDeregister(uint16_t hService, uint32_t dwEventClass, void *hWndReg) {
  return do_register(hService, dwEventClass, hWndReg, NULL, NULL, 0, 1);
}
SIM_EXPORT hresult_t WFSAsyncDeregister(uint16_t hService, uint32_t dwEventClass, void *hWndReg, void *hWnd,
                                        uint32_t *lpRequestID) {
  if (!hWnd) return R_INVALID_HWND;
  return do_register(hService, dwEventClass, hWndReg, hWnd, lpRequestID, 0, 0);
}

/* Submits an execute or info request. sync: waits and returns the result through *lppResult. */
static int32_t submit(uint16_t h, int info, uint32_t code, void *data, uint32_t timeout, void *hwnd,
                      uint32_t *lpRequestID, wfs_result_t **lppResult) {
  int sync = lppResult != NULL;
  if (!sync && !lpRequestID) return R_INVALID_POINTER;
  if (!sync && !hwnd) return R_INVALID_HWND;
  pthread_mutex_lock(&g_lock);
  if (!g_started) { pthread_mutex_unlock(&g_lock); return R_NOT_STARTED; }
  sim_handle_t *hd = handle_of(h);
  if (!hd) { pthread_mutex_unlock(&g_lock); return R_INVALID_HSERVICE; }
  if (handle_dead(hd)) { pthread_mutex_unlock(&g_lock); return R_CONNECTION_LOST; }
  sim_service_t *svc = hd->svc;
  sim_request_t *req = calloc(1, sizeof *req);
  req->id = g_next_req++;
  req->hService = h;
  req->kind = info ? MSG_GETINFO_COMPLETE : MSG_EXECUTE_COMPLETE;
  req->code = code;
  req->hwnd = hwnd;
  req->sync = sync;
  req->version = hd->version;
  req->deadline = timeout ? sim_now_ms() + timeout : 0;
  req->in.present = data != NULL;
  req->parse_error = info ? svc->impl->parse_info(hd->version, code, data, &req->in)
                          : svc->impl->parse_exec(hd->version, code, data, &req->in);
  if (lpRequestID) *lpRequestID = req->id;
  if (info && !svc->info_delay_ms) run(svc, req);
  else enqueue(svc, req, info);
  if (!sync) { pthread_mutex_unlock(&g_lock); return R_SUCCESS; }
  while (!req->done) pthread_cond_wait(&g_sync_cv, &g_lock);
  *lppResult = req->sync_result;
  int32_t hr = req->sync_result->hResult;
  free(req);
  pthread_mutex_unlock(&g_lock);
  return hr;
}

SIM_EXPORT hresult_t WFSAsyncExecute(uint16_t hService, uint32_t dwCommand, void *lpCmdData, uint32_t dwTimeOut,
                                     void *hWnd, uint32_t *lpRequestID) {
  return submit(hService, 0, dwCommand, lpCmdData, dwTimeOut, hWnd, lpRequestID, NULL);
}
SIM_EXPORT hresult_t WFSExecute(uint16_t hService, uint32_t dwCommand, void *lpCmdData, uint32_t dwTimeOut,
                                wfs_result_t **lppResult) {
  if (!lppResult) return R_INVALID_POINTER;
  return submit(hService, 0, dwCommand, lpCmdData, dwTimeOut, NULL, NULL, lppResult);
}
SIM_EXPORT hresult_t WFSAsyncGetInfo(uint16_t hService, uint32_t dwCategory, void *lpQueryDetails,
                                     uint32_t dwTimeOut, void *hWnd, uint32_t *lpRequestID) {
  return submit(hService, 1, dwCategory, lpQueryDetails, dwTimeOut, hWnd, lpRequestID, NULL);
}
SIM_EXPORT hresult_t WFSGetInfo(uint16_t hService, uint32_t dwCategory, void *lpQueryDetails, uint32_t dwTimeOut,
                                wfs_result_t **lppResult) {
  if (!lppResult) return R_INVALID_POINTER;
  return submit(hService, 1, dwCategory, lpQueryDetails, dwTimeOut, NULL, NULL, lppResult);
}

SIM_EXPORT hresult_t WFSCancelAsyncRequest(uint16_t hService, uint32_t RequestID) {
  pthread_mutex_lock(&g_lock);
  sim_handle_t *hd = handle_of(hService);
  if (!hd) { pthread_mutex_unlock(&g_lock); return R_INVALID_HSERVICE; }
  int found = cancel_matching(hd->svc, hService, RequestID, R_CANCELED);
  pthread_mutex_unlock(&g_lock);
  return (RequestID && !found) ? R_INVALID_REQ_ID : R_SUCCESS;
}

SIM_EXPORT hresult_t WFSFreeResult(wfs_result_t *lpResult) {
  if (!lpResult) return R_INVALID_POINTER;
  return sim_free_top(lpResult) == 0 ? R_SUCCESS : R_INVALID_RESULT;
}

static int32_t do_lock(uint16_t h, int lock, void *hwnd, uint32_t *lpRequestID, wfs_result_t **lppResult) {
  pthread_mutex_lock(&g_lock);
  sim_handle_t *hd = handle_of(h);
  if (!hd) { pthread_mutex_unlock(&g_lock); return R_INVALID_HSERVICE; }
  int32_t hr = 0;
  if (!lock && !hd->locked) hr = R_NOT_LOCKED;
  else hd->locked = lock;
  uint32_t id = g_next_req++;
  if (lpRequestID) *lpRequestID = id;
  wfs_result_t *r = new_result(id, h, 0, hr);
  if (lppResult) *lppResult = r;
  else if (hwnd) deliver(hwnd, lock ? MSG_LOCK_COMPLETE : MSG_UNLOCK_COMPLETE, r);
  else sim_free_top(r);
  pthread_mutex_unlock(&g_lock);
  return (lppResult || !hwnd) ? hr : R_SUCCESS;
}

SIM_EXPORT hresult_t WFSLock(uint16_t hService, uint32_t dwTimeOut, wfs_result_t **lppResult) {
  (void)dwTimeOut;
  if (!lppResult) return R_INVALID_POINTER;
  return do_lock(hService, 1, NULL, NULL, lppResult);
}
SIM_EXPORT hresult_t WFSAsyncLock(uint16_t hService, uint32_t dwTimeOut, void *hWnd, uint32_t *lpRequestID) {
  (void)dwTimeOut;
  if (!hWnd) return R_INVALID_HWND;
  if (!lpRequestID) return R_INVALID_POINTER;
  return do_lock(hService, 1, hWnd, lpRequestID, NULL);
}
SIM_EXPORT hresult_t WFSUnlock(uint16_t hService) { return do_lock(hService, 0, NULL, NULL, NULL); }
SIM_EXPORT hresult_t WFSAsyncUnlock(uint16_t hService, void *hWnd, uint32_t *lpRequestID) {
  if (!hWnd) return R_INVALID_HWND;
  if (!lpRequestID) return R_INVALID_POINTER;
  return do_lock(hService, 0, hWnd, lpRequestID, NULL);
}

/* ---- control: configuration and failure injection ---- */
static sim_service_t *ctl_service(const char *name) {
  pthread_once(&g_once, init_once);
  return name ? sim_find_service(name) : NULL;
}

/* cls: 2 = IDC, 3 = CDM. version: 3.x version word (0x1e03 = 3.30, 0x0003 = 3.00). */
SIM_EXPORT int32_t SimAddService(const char *name, int32_t cls, uint32_t version) {
  pthread_once(&g_once, init_once);
  if (!name || (cls != 2 && cls != 3)) return -1;
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = add_service(name, cls, (uint16_t)version);
  pthread_mutex_unlock(&g_lock);
  return s ? 0 : -1;
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

SIM_EXPORT int32_t SimHangNext(const char *name) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = ctl_service(name);
  if (s) s->hang_next = 1;
  pthread_mutex_unlock(&g_lock);
  return s ? 0 : -1;
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
    cancel_matching(s, 0, 0, R_CONNECTION_LOST);
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
