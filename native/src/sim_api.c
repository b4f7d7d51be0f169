/* The exported XFS Manager API: start-up, application handles, open/close, event registration,
 * execute/getinfo (asynchronous and blocking), cancel, free, lock. The machinery behind it is in
 * sim_core.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim.h"

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

SIM_EXPORT hresult_t SIM_WINAPI WFSStartUp(uint32_t dwVersionsRequired, wfs_version_t *lpWFSVersion) {
  pthread_once(&g_once, sim_init_once);
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

SIM_EXPORT hresult_t SIM_WINAPI WFSCleanUp(void) {
  pthread_once(&g_once, sim_init_once);
  pthread_mutex_lock(&g_lock);
  if (!g_started) { pthread_mutex_unlock(&g_lock); return R_NOT_STARTED; }
  for (int i = 0; i < SIM_MAX_HANDLES; i++) {
    if (!g_handles[i].used) continue;
    sim_cancel_matching(g_handles[i].svc, g_handles[i].h, 0, R_CANCELED, 0);
    g_handles[i].used = 0;
  }
  g_started = 0;
  pthread_mutex_unlock(&g_lock);
  return R_SUCCESS;
}

SIM_EXPORT hresult_t SIM_WINAPI WFSCreateAppHandle(void **lphApp) {
  if (!lphApp) return R_INVALID_POINTER;
  pthread_mutex_lock(&g_lock);
  int ok = g_started;
  if (ok) *lphApp = (void *)(g_next_app += 0x10);
  pthread_mutex_unlock(&g_lock);
  return ok ? R_SUCCESS : R_NOT_STARTED;
}

SIM_EXPORT hresult_t SIM_WINAPI WFSDestroyAppHandle(void *hApp) {
  return hApp ? R_SUCCESS : R_INVALID_APP_HANDLE;
}

static int32_t do_open(const char *name, void *hApp, const char *appId, uint32_t timeout, uint16_t *lphService,
                       void *hwnd, uint32_t versions, wfs_version_t *srvc, wfs_version_t *spi,
                       uint32_t *lpRequestID, int sync) {
  pthread_once(&g_once, sim_init_once);
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
  do { h = g_next_h++; if (!g_next_h) g_next_h = 1; } while (!h || sim_handle_of(h));
  uint32_t id = g_next_req++;
  int32_t hr = 0;
  uint16_t v = 0;
  if (sim_is_lost(svc)) hr = R_CONNECTION_LOST;
  else if (!version_ok_range(versions, svc->min_version, svc->max_version, &v, &hr)) {}
  *lphService = h;
  if (lpRequestID) *lpRequestID = id;
  char desc[128];
  snprintf(desc, sizeof desc, "simulated %s service %s", sim_class_name(svc->cls), svc->name);
  if (hr == 0) {
    sim_handle_t *hd = &g_handles[slot];
    memset(hd, 0, sizeof *hd);
    hd->used = 1; hd->h = h; hd->svc = svc; hd->version = v; hd->generation = svc->generation;
    hd->happ = hApp;
    snprintf(hd->app_id, sizeof hd->app_id, "%s", appId ? appId : "");
    sim_start_threads(svc);
    fill_version(srvc, v, svc->min_version, svc->max_version, desc);
    fill_version(spi, v, svc->min_version, svc->max_version, desc);
  } else {
    fill_version(srvc, 0, svc->min_version, svc->max_version, desc);
    fill_version(spi, 0, svc->min_version, svc->max_version, desc);
  }
  if (!sync) sim_deliver(hwnd, MSG_OPEN_COMPLETE, sim_new_result(id, h, 0, hr));
  pthread_mutex_unlock(&g_lock);
  return sync ? hr : R_SUCCESS;
}

SIM_EXPORT hresult_t SIM_WINAPI WFSAsyncOpen(char *lpszLogicalName, void *hApp, char *lpszAppID, uint32_t dwTraceLevel,
                                  uint32_t dwTimeOut, uint16_t *lphService, void *hWnd, uint32_t dwSrvcVersionsRequired,
                                  wfs_version_t *lpSrvcVersion, wfs_version_t *lpSPIVersion, uint32_t *lpRequestID) {
  (void)dwTraceLevel;
  if (!hWnd) return R_INVALID_HWND;
  return do_open(lpszLogicalName, hApp, lpszAppID, dwTimeOut, lphService, hWnd, dwSrvcVersionsRequired,
                 lpSrvcVersion, lpSPIVersion, lpRequestID, 0);
}

SIM_EXPORT hresult_t SIM_WINAPI WFSOpen(char *lpszLogicalName, void *hApp, char *lpszAppID, uint32_t dwTraceLevel,
                             uint32_t dwTimeOut, uint32_t dwSrvcVersionsRequired, wfs_version_t *lpSrvcVersion,
                             wfs_version_t *lpSPIVersion, uint16_t *lphService) {
  (void)dwTraceLevel;
  return do_open(lpszLogicalName, hApp, lpszAppID, dwTimeOut, lphService, NULL, dwSrvcVersionsRequired,
                 lpSrvcVersion, lpSPIVersion, NULL, 1);
}

static int32_t do_close(uint16_t h, void *hwnd, uint32_t *lpRequestID, int sync) {
  if (!sync && !lpRequestID) return R_INVALID_POINTER;
  pthread_mutex_lock(&g_lock);
  sim_handle_t *hd = sim_handle_of(h);
  if (!hd) { pthread_mutex_unlock(&g_lock); return R_INVALID_HSERVICE; }
  sim_cancel_matching(hd->svc, h, 0, R_CANCELED, 0);
  hd->used = 0;
  uint32_t id = g_next_req++;
  if (lpRequestID) *lpRequestID = id;
  if (!sync) sim_deliver(hwnd, MSG_CLOSE_COMPLETE, sim_new_result(id, h, 0, 0));
  pthread_mutex_unlock(&g_lock);
  return R_SUCCESS;
}

SIM_EXPORT hresult_t SIM_WINAPI WFSClose(uint16_t hService) { return do_close(hService, NULL, NULL, 1); }

SIM_EXPORT hresult_t SIM_WINAPI WFSAsyncClose(uint16_t hService, void *hWnd, uint32_t *lpRequestID) {
  if (!hWnd) return R_INVALID_HWND;
  return do_close(hService, hWnd, lpRequestID, 0);
}

static int32_t do_register(uint16_t h, uint32_t classes, void *hwndReg, void *hwnd, uint32_t *lpRequestID,
                           int add, int sync) {
  if (!sync && !lpRequestID) return R_INVALID_POINTER;
  if (add && (!classes || (classes & ~0xfu))) return R_INVALID_EVENT_CLASS;
  if (add && !hwndReg) return R_INVALID_HWNDREG;
  pthread_mutex_lock(&g_lock);
  sim_handle_t *hd = sim_handle_of(h);
  if (!hd) { pthread_mutex_unlock(&g_lock); return R_INVALID_HSERVICE; }
  if (sim_handle_dead(hd)) { pthread_mutex_unlock(&g_lock); return R_CONNECTION_LOST; }
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
  if (!sync) sim_deliver(hwnd, add ? MSG_REGISTER_COMPLETE : MSG_DEREGISTER_COMPLETE, sim_new_result(id, h, 0, hr));
  pthread_mutex_unlock(&g_lock);
  return sync ? hr : R_SUCCESS;
}

SIM_EXPORT hresult_t SIM_WINAPI WFSRegister(uint16_t hService, uint32_t dwEventClass, void *hWndReg) {
  return do_register(hService, dwEventClass, hWndReg, NULL, NULL, 1, 1);
}
SIM_EXPORT hresult_t SIM_WINAPI WFSAsyncRegister(uint16_t hService, uint32_t dwEventClass, void *hWndReg, void *hWnd,
                                      uint32_t *lpRequestID) {
  if (!hWnd) return R_INVALID_HWND;
  return do_register(hService, dwEventClass, hWndReg, hWnd, lpRequestID, 1, 0);
}
SIM_EXPORT hresult_t SIM_WINAPI WFSDeregister(uint16_t hService, uint32_t dwEventClass, void *hWndReg) {
  return do_register(hService, dwEventClass, hWndReg, NULL, NULL, 0, 1);
}
SIM_EXPORT hresult_t SIM_WINAPI WFSAsyncDeregister(uint16_t hService, uint32_t dwEventClass, void *hWndReg, void *hWnd,
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
  sim_handle_t *hd = sim_handle_of(h);
  if (!hd) { pthread_mutex_unlock(&g_lock); return R_INVALID_HSERVICE; }
  if (sim_handle_dead(hd)) { pthread_mutex_unlock(&g_lock); return R_CONNECTION_LOST; }
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
  /* Bound here, not when the device thread starts it: a request canceled while still queued takes
   * its hang along instead of leaving it to the next command (the race behind issue 12, item 9). */
  if (!info && svc->hang_next) { req->hang = 1; svc->hang_next = 0; }
  if (lpRequestID) *lpRequestID = req->id;
  if (info && !svc->info_delay_ms) sim_run(svc, req);
  else sim_enqueue(svc, req, info || (svc->impl->beside && svc->impl->beside(code))
                             || (svc->impl->beside_session && svc->impl->beside_session(svc, req)));
  if (!sync) { pthread_mutex_unlock(&g_lock); return R_SUCCESS; }
  while (!req->done) pthread_cond_wait(&g_sync_cv, &g_lock);
  *lppResult = req->sync_result;
  int32_t hr = req->sync_result->hResult;
  free(req);
  pthread_mutex_unlock(&g_lock);
  return hr;
}

SIM_EXPORT hresult_t SIM_WINAPI WFSAsyncExecute(uint16_t hService, uint32_t dwCommand, void *lpCmdData, uint32_t dwTimeOut,
                                     void *hWnd, uint32_t *lpRequestID) {
  return submit(hService, 0, dwCommand, lpCmdData, dwTimeOut, hWnd, lpRequestID, NULL);
}
SIM_EXPORT hresult_t SIM_WINAPI WFSExecute(uint16_t hService, uint32_t dwCommand, void *lpCmdData, uint32_t dwTimeOut,
                                wfs_result_t **lppResult) {
  if (!lppResult) return R_INVALID_POINTER;
  return submit(hService, 0, dwCommand, lpCmdData, dwTimeOut, NULL, NULL, lppResult);
}
SIM_EXPORT hresult_t SIM_WINAPI WFSAsyncGetInfo(uint16_t hService, uint32_t dwCategory, void *lpQueryDetails,
                                     uint32_t dwTimeOut, void *hWnd, uint32_t *lpRequestID) {
  return submit(hService, 1, dwCategory, lpQueryDetails, dwTimeOut, hWnd, lpRequestID, NULL);
}
SIM_EXPORT hresult_t SIM_WINAPI WFSGetInfo(uint16_t hService, uint32_t dwCategory, void *lpQueryDetails, uint32_t dwTimeOut,
                                wfs_result_t **lppResult) {
  if (!lppResult) return R_INVALID_POINTER;
  return submit(hService, 1, dwCategory, lpQueryDetails, dwTimeOut, NULL, NULL, lppResult);
}

SIM_EXPORT hresult_t SIM_WINAPI WFSCancelAsyncRequest(uint16_t hService, uint32_t RequestID) {
  pthread_mutex_lock(&g_lock);
  sim_handle_t *hd = sim_handle_of(hService);
  if (!hd) { pthread_mutex_unlock(&g_lock); return R_INVALID_HSERVICE; }
  int found = sim_cancel_matching(hd->svc, hService, RequestID, R_CANCELED, 1);
  pthread_mutex_unlock(&g_lock);
  return (RequestID && !found) ? R_INVALID_REQ_ID : R_SUCCESS;
}

SIM_EXPORT hresult_t SIM_WINAPI WFSFreeResult(wfs_result_t *lpResult) {
  if (!lpResult) return R_INVALID_POINTER;
  return sim_free_top(lpResult) == 0 ? R_SUCCESS : R_INVALID_RESULT;
}

static int32_t do_lock(uint16_t h, int lock, void *hwnd, uint32_t *lpRequestID, wfs_result_t **lppResult) {
  pthread_mutex_lock(&g_lock);
  sim_handle_t *hd = sim_handle_of(h);
  if (!hd) { pthread_mutex_unlock(&g_lock); return R_INVALID_HSERVICE; }
  int32_t hr = 0;
  if (!lock && !hd->locked) hr = R_NOT_LOCKED;
  else hd->locked = lock;
  uint32_t id = g_next_req++;
  if (lpRequestID) *lpRequestID = id;
  wfs_result_t *r = sim_new_result(id, h, 0, hr);
  if (lppResult) *lppResult = r;
  else if (hwnd) sim_deliver(hwnd, lock ? MSG_LOCK_COMPLETE : MSG_UNLOCK_COMPLETE, r);
  else sim_free_top(r);
  pthread_mutex_unlock(&g_lock);
  return (lppResult || !hwnd) ? hr : R_SUCCESS;
}

SIM_EXPORT hresult_t SIM_WINAPI WFSLock(uint16_t hService, uint32_t dwTimeOut, wfs_result_t **lppResult) {
  (void)dwTimeOut;
  if (!lppResult) return R_INVALID_POINTER;
  return do_lock(hService, 1, NULL, NULL, lppResult);
}
SIM_EXPORT hresult_t SIM_WINAPI WFSAsyncLock(uint16_t hService, uint32_t dwTimeOut, void *hWnd, uint32_t *lpRequestID) {
  (void)dwTimeOut;
  if (!hWnd) return R_INVALID_HWND;
  if (!lpRequestID) return R_INVALID_POINTER;
  return do_lock(hService, 1, hWnd, lpRequestID, NULL);
}
SIM_EXPORT hresult_t SIM_WINAPI WFSUnlock(uint16_t hService) { return do_lock(hService, 0, NULL, NULL, NULL); }
SIM_EXPORT hresult_t SIM_WINAPI WFSAsyncUnlock(uint16_t hService, void *hWnd, uint32_t *lpRequestID) {
  if (!hWnd) return R_INVALID_HWND;
  if (!lpRequestID) return R_INVALID_POINTER;
  return do_lock(hService, 0, hWnd, lpRequestID, NULL);
}
