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
pthread_cond_t g_sync_cv;
pthread_once_t g_once = PTHREAD_ONCE_INIT;
int g_started;
uint32_t g_next_req = 1;
uint16_t g_next_h = 1;
uintptr_t g_next_app = 0x1000;
static sim_service_t *g_services[1024];   /* tests add a service per case (the PIN suite passed 256); built-ins grow with each class */
static int g_nservices;
sim_handle_t g_handles[SIM_MAX_HANDLES];
long g_undelivered;

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
#ifdef _WIN32
  /* winpthreads ignores pthread_condattr_setclock(CLOCK_MONOTONIC) and reads the deadline on the
   * realtime clock: a monotonic deadline lies in its past and the caller would busy-wait. */
  uint64_t now = sim_now_ms();
  uint64_t left = until_ms > now ? until_ms - now : 0;
  struct timespec rt;
  clock_gettime(CLOCK_REALTIME, &rt);
  uint64_t ns = (uint64_t)rt.tv_nsec + (left % 1000) * 1000000u;
  struct timespec ts = { rt.tv_sec + (time_t)(left / 1000) + (time_t)(ns / 1000000000u), (long)(ns % 1000000000u) };
#else
  struct timespec ts = { (time_t)(until_ms / 1000), (long)((until_ms % 1000) * 1000000) };
#endif
  pthread_cond_timedwait(cv, &g_lock, &ts);
}

extern const sim_class_t sim_bcr_class;   /* sim_bcr.c */
extern const sim_class_t sim_cam_class;   /* sim_cam.c */
extern const sim_class_t sim_cim_class;   /* sim_cim.c */
void sim_cim_load(sim_service_t *svc);   /* sim_cim.c */
void sim_ptr_make_document(sim_service_t *svc); /* sim_ptr_doc_control.c */
/* ---- services ---- */
sim_service_t *sim_add_service(const char *name, int cls, uint16_t max_version) {
  sim_service_t *s = sim_find_service(name);
  if (s) { s->max_version = max_version; return s; }
  if (g_nservices >= (int)(sizeof g_services / sizeof g_services[0])) return NULL;
  s = calloc(1, sizeof *s);
  snprintf(s->name, sizeof s->name, "%s", name);
  s->cls = cls;
  switch (cls) {
  case 1: s->impl = &sim_ptr_class; break;
  case 7: s->impl = &sim_ttu_class; break;
  case 2: s->impl = &sim_idc_class; break;
  case 4: s->impl = &sim_pin_class; break;
  case 8: s->impl = &sim_siu_class; break;
  case 15: s->impl = &sim_bcr_class; break;
  case 10: s->impl = &sim_cam_class; break;
  case 9: s->impl = &sim_vdm_class; break;
  case 13: s->impl = &sim_cim_class; break;
  default: s->impl = &sim_cdm_class;
  }
  s->max_version = max_version;
  s->min_version = 0x0003;
  cond_init_mono(&s->cv);
  cond_init_mono(&s->exec_cv);
  cond_init_mono(&s->info_cv);
  s->impl->init(s);
  g_services[g_nservices++] = s;
  return s;
}

/* Runs once, from whichever entry point comes first. It takes no lock: the control functions call it
 * with g_lock already held (SimSetDelay as the first call of a process deadlocked on it), and
 * pthread_once makes every other caller wait until it is done, so nothing sees half a table. */
void sim_init_once(void) {
  cond_init_mono(&g_sync_cv);
  sim_add_service("CardReader1", 2, 0x1e03);
  sim_add_service("CardReader300", 2, 0x0003);
  sim_add_service("CashDispenser1", 3, 0x1e03);
  sim_add_service("CashDispenser300", 3, 0x0003);
  sim_add_service("ReceiptPrinter1", 1, 0x1e03);
  sim_add_service("ReceiptPrinter300", 1, 0x0003);
  sim_ptr_make_document(sim_add_service("DocumentPrinter1", 1, 0x1e03));
  sim_add_service("PinPad1", 4, 0x1e03);
  sim_add_service("PinPad300", 4, 0x0003);
  sim_add_service("SIU1", 8, 0x1e03);
  sim_add_service("SIU300", 8, 0x0003);
  sim_add_service("BarcodeReader1", 15, 0x1e03);
  sim_add_service("BarcodeReader320", 15, 0x1403);
  sim_add_service("Camera1", 10, 0x1e03);
  sim_add_service("Camera300", 10, 0x0003);
  sim_add_service("TextTerminal1", 7, 0x1e03);
  sim_add_service("TextTerminal300", 7, 0x0003);
  sim_add_service("VendorMode1", 9, 0x1e03);
  sim_add_service("VendorMode300", 9, 0x0003);
  sim_add_service("CashAcceptor1", 13, 0x1e03);
  sim_add_service("CashAcceptor300", 13, 0x0003);
  sim_add_recycler("RecyclerDispenser1", "RecyclerAcceptor1", 0x1e03);
}

void sim_load_kept_state(void) {
  for (int i = 0; i < g_nservices; i++) {
    if (g_services[i]->cls == 3) sim_cdm_load(g_services[i]);
    if (g_services[i]->cls == 13) sim_cim_load(g_services[i]);
  }
  for (int i = 0; i < g_nservices; i++) if (g_services[i]->cls == 13) sim_pair_rebase(g_services[i]);
}

sim_service_t *sim_find_class_service(const char *name, int cls) {
  pthread_once(&g_once, sim_init_once);
  sim_service_t *s = name ? sim_find_service(name) : NULL;
  return s && s->cls == cls ? s : NULL;
}

void sim_fill_field_fail(wfs_result_t *r, uint16_t v, const void *ctx) {
  (void)v;
  const sim_field_fail_ctx_t *c = ctx;
  sim_field_fail_t *f = sim_alloc_more(r, sizeof *f);
  f->lpszFormName = sim_strdup_more(r, c->form);
  f->lpszFieldName = sim_strdup_more(r, c->field);
  f->wFailure = c->failure;
  r->lpBuffer = f;
}

const char *sim_class_name(int cls) {
  switch (cls) {
  case 1: return "PTR"; case 2: return "IDC"; case 3: return "CDM"; case 4: return "PIN"; case 7: return "TTU";
  case 8: return "SIU"; case 9: return "VDM"; case 10: return "CAM"; case 13: return "CIM"; case 15: return "BCR";
  default: return "?";
  }
}

sim_service_t *sim_find_service(const char *name) {
  for (int i = 0; i < g_nservices; i++) if (!strcmp(g_services[i]->name, name)) return g_services[i];
  return NULL;
}

sim_service_t *sim_first_service(int cls, int (*accept)(sim_service_t *)) {
  for (int i = 0; i < g_nservices; i++) if (g_services[i]->cls == cls && accept(g_services[i])) return g_services[i];
  return NULL;
}

int sim_is_lost(sim_service_t *svc) {
  if (!svc->lost) return 0;
  if (svc->lost_until && sim_now_ms() >= svc->lost_until) { svc->lost = 0; svc->lost_until = 0; return 0; }
  return 1;
}

sim_handle_t *sim_handle_of(uint16_t h) {
  if (h == 0) return NULL;
  for (int i = 0; i < SIM_MAX_HANDLES; i++) if (g_handles[i].used && g_handles[i].h == h) return &g_handles[i];
  return NULL;
}

int sim_handle_dead(sim_handle_t *hd) {
  return !hd || sim_is_lost(hd->svc) || hd->generation != hd->svc->generation;
}

/* ---- results and completion ---- */
wfs_result_t *sim_new_result(uint32_t id, uint16_t h, uint32_t code, int32_t hr) {
  wfs_result_t *r = sim_alloc_top(sizeof *r);
  r->RequestID = id; r->hService = h; r->dwCommandCodeOrEventID = code; r->hResult = hr;
  sim_now_systemtime(&r->tsTimestamp);
  return r;
}

void sim_deliver(void *hwnd, uint32_t msg, wfs_result_t *r) {
  if (!sim_post(hwnd, msg, 0, (intptr_t)r)) { sim_free_top(r); g_undelivered++; }
}

void sim_complete(sim_request_t *req, wfs_result_t *r) {
  if (req->sync) {
    req->sync_result = r;
    req->done = 1;
    pthread_cond_broadcast(&g_sync_cv);
    return;
  }
  sim_deliver(req->hwnd, (uint32_t)req->kind, r);
  free(req);
}

void sim_event(sim_service_t *svc, uint32_t evclass, const sim_request_t *req,
               uint32_t event_id, sim_fill_fn fill, const void *ctx) {
  sim_event_since(svc, evclass, req, event_id, fill, ctx, 0);
}

void sim_event_since(sim_service_t *svc, uint32_t evclass, const sim_request_t *req,
                     uint32_t event_id, sim_fill_fn fill, const void *ctx, uint16_t min_vnum) {
  uint32_t msg = evclass == EVC_EXECUTE ? MSG_EXECUTE_EVENT : evclass == EVC_SERVICE ? MSG_SERVICE_EVENT
               : evclass == EVC_USER ? MSG_USER_EVENT : MSG_SYSTEM_EVENT;
  for (int i = 0; i < SIM_MAX_HANDLES; i++) {
    sim_handle_t *hd = &g_handles[i];
    if (!hd->used || hd->svc != svc || hd->generation != svc->generation) continue;
    if (req && hd->h != req->hService) continue;
    if (min_vnum && sim_vnum(hd->version) < min_vnum) continue;   /* an event the session's version does not define */
    for (int k = 0; k < hd->nregs; k++) {
      if (!(hd->regs[k].classes & evclass)) continue;
      wfs_result_t *r = sim_new_result(req ? req->id : 0, hd->h, event_id, 0);
      if (fill) fill(r, hd->version, ctx);
      sim_deliver(hd->regs[k].hwnd, msg, r);
    }
  }
}

int32_t sim_wait(sim_service_t *svc, sim_request_t *req, const int *flag, uint32_t ms) {
  uint64_t until = ms ? sim_now_ms() + ms : 0;
  uint64_t deadline = svc->ignore_cancel ? 0 : req->deadline;
  for (;;) {
    if (flag && *flag) return 0;
    if (req->canceled) return req->cancel_code ? req->cancel_code : R_CANCELED;
    if (sim_handle_dead(sim_handle_of(req->hService))) return R_CONNECTION_LOST;
    uint64_t now = sim_now_ms();
    if (deadline && now >= deadline) return R_TIMEOUT;
    if (until && now >= until) return 1;
    uint64_t wake = until;
    if (deadline && (!wake || deadline < wake)) wake = deadline;
    if (svc->lost_until && (!wake || svc->lost_until < wake)) wake = svc->lost_until;
    timed_wait(&svc->cv, wake);
  }
}

/* Runs one request on the calling thread (device thread, or the caller for inline queries). */
void sim_run(sim_service_t *svc, sim_request_t *req) {
  wfs_result_t *r = sim_new_result(req->id, req->hService, req->code, 0);
  int32_t hr = 0;
  /* A recycler's other half (or a test's control call) may have changed the shared cassettes. */
  if (svc->pair) sim_pair_sync(svc);
  if (req->canceled) hr = req->cancel_code ? req->cancel_code : R_CANCELED;
  else if (sim_handle_dead(sim_handle_of(req->hService))) hr = R_CONNECTION_LOST;
  else if (req->deadline && sim_now_ms() >= req->deadline) hr = R_TIMEOUT;
  else if (req->parse_error) hr = req->parse_error;
  else if (req->kind == MSG_EXECUTE_COMPLETE) {
    static const int never = 0;
    /* Released (SimReleaseHang): the command runs as if it had only been slow (a provider that finished late). */
    if (req->hang) hr = sim_wait(svc, req, &req->released, 0);
    if (hr == 0) {
      if (svc->delay_ms) { hr = sim_wait(svc, req, &never, svc->delay_ms); if (hr == 1) hr = 0; }
      if (hr == 0) {
        if (svc->fail_next && (!svc->fail_next_cmd || svc->fail_next_cmd == req->code)) {
          hr = svc->fail_next; svc->fail_next = 0; svc->fail_next_cmd = 0;
        } else hr = svc->impl->execute(svc, req, r);
        /* Before the completion: the other half's sessions hear of the shared cassettes first. */
        if (svc->pair) sim_pair_sync(svc);
      }
    }
  } else {
    static const int never = 0;
    if (svc->info_delay_ms && !req->sync) { hr = sim_wait(svc, req, &never, svc->info_delay_ms); if (hr == 1) hr = 0; }
    if (hr == 0 && svc->fail_next_info && svc->fail_next_info_cat == req->code) {
      hr = svc->fail_next_info; svc->fail_next_info = 0; svc->fail_next_info_cat = 0;
    } else if (hr == 0) {
      svc->info_counts[req->code % 64]++;
      hr = svc->impl->info(svc, req, r);
    }
  }
  r->hResult = hr;
  sim_complete(req, r);
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
    sim_run(svc, req);
    if (info) svc->info_running = NULL; else svc->running = NULL;
  }
  return NULL;
}
static void *exec_main(void *a) { return device_thread(a, 0); }
static void *info_main(void *a) { return device_thread(a, 1); }

void sim_start_threads(sim_service_t *svc) {
  if (svc->threads_started) return;
  svc->threads_started = 1;
  pthread_attr_t at;
  pthread_attr_init(&at);
  pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
  pthread_create(&svc->exec_thread, &at, exec_main, svc);
  pthread_create(&svc->info_thread, &at, info_main, svc);
  pthread_attr_destroy(&at);
}

void sim_enqueue(sim_service_t *svc, sim_request_t *req, int info) {
  sim_request_t **head = info ? &svc->info_head : &svc->exec_head;
  sim_request_t **tail = info ? &svc->info_tail : &svc->exec_tail;
  if (*tail) (*tail)->next = req; else *head = req;
  *tail = req;
  pthread_cond_signal(info ? &svc->info_cv : &svc->exec_cv);
}

/* Completes queued requests of handle h (id 0 = all) with hr and flags running ones. */
int sim_cancel_matching(sim_service_t *svc, uint16_t h, uint32_t id, int32_t hr, int app_cancel) {
  int found = 0;
  for (int info = 0; info < 2; info++) {
    sim_request_t **pp = info ? &svc->info_head : &svc->exec_head, *last = NULL;
    while (*pp) {
      sim_request_t *q = *pp;
      if ((h == 0 || q->hService == h) && (id == 0 || q->id == id)) {
        *pp = q->next;
        q->next = NULL;
        found++;
        sim_complete(q, sim_new_result(q->id, q->hService, q->code, hr));
      } else { last = q; pp = &q->next; }
    }
    if (info) svc->info_tail = last; else svc->exec_tail = last;
    sim_request_t *run_req = info ? svc->info_running : svc->running;
    if (run_req && (h == 0 || run_req->hService == h) && (id == 0 || run_req->id == id)) {
      found++;
      /* A deaf provider: the cancel is accepted and has no effect (closing the handle still ends it). */
      if (svc->ignore_cancel && app_cancel) { svc->cancels_ignored++; continue; }
      run_req->canceled = 1;
      run_req->cancel_code = hr;
    }
  }
  pthread_cond_broadcast(&svc->cv);
  return found;
}
