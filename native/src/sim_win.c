/* The subset of user32 the gateway's message pump uses, with Win32 signatures:
 * CreateWindowExA (message-only windows), DestroyWindow, GetMessageA, PeekMessageA, PostMessageA,
 * PostQuitMessage, PostThreadMessageA, GetCurrentThreadId, RegisterClassExA, DefWindowProcA.
 * Each thread that creates a window owns one message queue; GetMessageA blocks on the caller's
 * queue. Messages still queued for a destroyed window are dropped; when they carry a WFSRESULT
 * the simulator frees it, as the real manager does with an undeliverable message. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/syscall.h>
#endif
#include "sim.h"

#define MAX_WINDOWS 256
#define MAX_QUEUES 64
#define WIN_BASE 0x10000

typedef struct qmsg { sim_msg_t m; struct qmsg *next; } qmsg_t;

typedef struct {
  int used;
  uint32_t tid;
  qmsg_t *head, *tail;
  pthread_cond_t cv;
} queue_t;

typedef struct { int used; int queue; } window_t;

static pthread_mutex_t w_lock = PTHREAD_MUTEX_INITIALIZER;
static window_t windows[MAX_WINDOWS];
static queue_t queues[MAX_QUEUES];
static long dropped_results;

static uint32_t this_tid(void) {
#ifdef __linux__
  return (uint32_t)syscall(SYS_gettid);
#elif defined(__APPLE__)
  uint64_t id = 0;
  pthread_threadid_np(NULL, &id);
  return (uint32_t)id;
#else
  return (uint32_t)(uintptr_t)pthread_self();
#endif
}

static int queue_of(uint32_t tid, int create) {
  int free_slot = -1;
  for (int i = 0; i < MAX_QUEUES; i++) {
    if (queues[i].used && queues[i].tid == tid) return i;
    if (!queues[i].used && free_slot < 0) free_slot = i;
  }
  if (!create || free_slot < 0) return -1;
  queues[free_slot].used = 1;
  queues[free_slot].tid = tid;
  queues[free_slot].head = queues[free_slot].tail = NULL;
  pthread_cond_init(&queues[free_slot].cv, NULL);
  return free_slot;
}

static int window_index(void *hwnd) {
  intptr_t v = (intptr_t)hwnd - WIN_BASE;
  if (v < 0 || v >= MAX_WINDOWS || !windows[v].used) return -1;
  return (int)v;
}

static void enqueue(int q, void *hwnd, uint32_t msg, uintptr_t wp, intptr_t lp) {
  qmsg_t *m = calloc(1, sizeof *m);
  m->m.hwnd = hwnd; m->m.message = msg; m->m.wParam = wp; m->m.lParam = lp;
  m->m.time = (uint32_t)(sim_now_ms() & 0xffffffffu);
  if (queues[q].tail) queues[q].tail->next = m; else queues[q].head = m;
  queues[q].tail = m;
  pthread_cond_signal(&queues[q].cv);
}

static int carries_result(uint32_t msg) {
  return (msg >= MSG_OPEN_COMPLETE && msg <= MSG_EXECUTE_COMPLETE) ||
         (msg >= MSG_EXECUTE_EVENT && msg <= MSG_SYSTEM_EVENT);
}

#ifdef _WIN32
/* The real user32's PostMessageA, for windows that are not the simulator's: with the gateway's
 * xfsManager.windowLibrary set to user32.dll (the Windows lane), its pump owns a real message-only
 * window and the simulator's threads post to it as a real XFS Manager does. Declared by hand: this
 * file defines functions of the same names, so windows.h cannot be included. */
typedef int (__stdcall *post_message_fn)(void *, uint32_t, uintptr_t, intptr_t);
void *__stdcall LoadLibraryA(const char *name);
void *__stdcall GetProcAddress(void *module, const char *name);

static post_message_fn user32_post(void) {
  static post_message_fn fn;
  if (!fn) {
    void *user32 = LoadLibraryA("user32.dll");
    if (user32) fn = (post_message_fn)GetProcAddress(user32, "PostMessageA");
  }
  return fn;
}
#endif

int sim_post(void *hwnd, uint32_t msg, uintptr_t wparam, intptr_t lparam) {
  pthread_mutex_lock(&w_lock);
  int w = window_index(hwnd);
  if (w < 0) {
    pthread_mutex_unlock(&w_lock);
#ifdef _WIN32
    post_message_fn post = user32_post();
    return post ? post(hwnd, msg, wparam, lparam) : 0;
#else
    return 0;
#endif
  }
  enqueue(windows[w].queue, hwnd, msg, wparam, lparam);
  pthread_mutex_unlock(&w_lock);
  return 1;
}

#ifndef _WIN32
/* On Windows this is kernel32's own. */
SIM_EXPORT uint32_t SIM_WINAPI GetCurrentThreadId(void) { return this_tid(); }
#endif

SIM_EXPORT uint16_t SIM_WINAPI RegisterClassExA(const void *lpwcx) { return lpwcx ? 0xC001 : 0; }

SIM_EXPORT intptr_t SIM_WINAPI DefWindowProcA(void *hwnd, uint32_t msg, uintptr_t wp, intptr_t lp) {
  (void)hwnd; (void)msg; (void)wp; (void)lp;
  return 0;
}

SIM_EXPORT void *SIM_WINAPI CreateWindowExA(uint32_t exStyle, const char *cls, const char *name, uint32_t style,
                                 int32_t x, int32_t y, int32_t w, int32_t h, void *parent,
                                 void *menu, void *instance, void *param) {
  (void)exStyle; (void)cls; (void)name; (void)style; (void)x; (void)y; (void)w; (void)h;
  (void)parent; (void)menu; (void)instance; (void)param;
  pthread_mutex_lock(&w_lock);
  int q = queue_of(this_tid(), 1);
  void *hwnd = NULL;
  for (int i = 0; q >= 0 && i < MAX_WINDOWS; i++) {
    if (!windows[i].used) {
      windows[i].used = 1;
      windows[i].queue = q;
      hwnd = (void *)(intptr_t)(WIN_BASE + i);
      break;
    }
  }
  pthread_mutex_unlock(&w_lock);
  return hwnd;
}

SIM_EXPORT int32_t SIM_WINAPI DestroyWindow(void *hwnd) {
  pthread_mutex_lock(&w_lock);
  int w = window_index(hwnd);
  if (w < 0) { pthread_mutex_unlock(&w_lock); return 0; }
  windows[w].used = 0;
  queue_t *q = &queues[windows[w].queue];
  qmsg_t **pp = &q->head, *last = NULL;
  while (*pp) {
    qmsg_t *m = *pp;
    if (m->m.hwnd == hwnd) {
      *pp = m->next;
      if (carries_result(m->m.message) && m->m.lParam) {
        if (sim_free_top((void *)m->m.lParam) == 0) dropped_results++;
      }
      free(m);
    } else { last = m; pp = &m->next; }
  }
  q->tail = last;
  int still_used = 0;
  for (int i = 0; i < MAX_WINDOWS; i++) if (windows[i].used && windows[i].queue == windows[w].queue) still_used = 1;
  if (!still_used) {
    while (q->head) {
      qmsg_t *m = q->head;
      q->head = m->next;
      if (carries_result(m->m.message) && m->m.lParam && sim_free_top((void *)m->m.lParam) == 0) dropped_results++;
      free(m);
    }
    q->tail = NULL;
    pthread_cond_destroy(&q->cv);
    q->used = 0;
  }
  pthread_mutex_unlock(&w_lock);
  return 1;
}

static int take(int q, sim_msg_t *out, void *hwnd, uint32_t min, uint32_t max) {
  qmsg_t **pp = &queues[q].head, *prev = NULL;
  while (*pp) {
    qmsg_t *m = *pp;
    int match = (!hwnd || m->m.hwnd == hwnd || m->m.message == SIM_WM_QUIT) &&
                ((min == 0 && max == 0) || (m->m.message >= min && m->m.message <= max));
    if (match) {
      *pp = m->next;
      if (queues[q].tail == m) queues[q].tail = prev;
      *out = m->m;
      free(m);
      return 1;
    }
    prev = m; pp = &m->next;
  }
  return 0;
}

SIM_EXPORT int32_t SIM_WINAPI GetMessageA(sim_msg_t *lpMsg, void *hwnd, uint32_t min, uint32_t max) {
  if (!lpMsg) return -1;
  pthread_mutex_lock(&w_lock);
  int q = queue_of(this_tid(), 1);
  if (q < 0) { pthread_mutex_unlock(&w_lock); return -1; }
  while (!take(q, lpMsg, hwnd, min, max)) pthread_cond_wait(&queues[q].cv, &w_lock);
  pthread_mutex_unlock(&w_lock);
  return lpMsg->message == SIM_WM_QUIT ? 0 : 1;
}

SIM_EXPORT int32_t SIM_WINAPI PeekMessageA(sim_msg_t *lpMsg, void *hwnd, uint32_t min, uint32_t max, uint32_t remove) {
  if (!lpMsg) return 0;
  pthread_mutex_lock(&w_lock);
  int q = queue_of(this_tid(), 1);
  int got = 0;
  if (q >= 0) {
    if (remove & 1) got = take(q, lpMsg, hwnd, min, max);
    else {
      for (qmsg_t *m = queues[q].head; m; m = m->next)
        if (!hwnd || m->m.hwnd == hwnd) { *lpMsg = m->m; got = 1; break; }
    }
  }
  pthread_mutex_unlock(&w_lock);
  return got;
}

SIM_EXPORT int32_t SIM_WINAPI PostMessageA(void *hwnd, uint32_t msg, uintptr_t wp, intptr_t lp) {
  return sim_post(hwnd, msg, wp, lp);
}

SIM_EXPORT int32_t SIM_WINAPI PostThreadMessageA(uint32_t tid, uint32_t msg, uintptr_t wp, intptr_t lp) {
  pthread_mutex_lock(&w_lock);
  int q = queue_of(tid, 0);
  if (q >= 0) enqueue(q, NULL, msg, wp, lp);
  pthread_mutex_unlock(&w_lock);
  return q >= 0;
}

SIM_EXPORT void SIM_WINAPI PostQuitMessage(int32_t code) {
  pthread_mutex_lock(&w_lock);
  int q = queue_of(this_tid(), 1);
  if (q >= 0) enqueue(q, NULL, SIM_WM_QUIT, (uintptr_t)code, 0);
  pthread_mutex_unlock(&w_lock);
}

SIM_EXPORT int32_t SimDroppedResults(void) {
  pthread_mutex_lock(&w_lock);
  long n = dropped_results;
  pthread_mutex_unlock(&w_lock);
  return (int32_t)n;
}

void sim_win_reset(void) {}
