/* Result memory as the XFS Manager hands it out: a top-level buffer (WFSAllocateBuffer) with any
 * number of linked buffers (WFSAllocateMore) that are all released together by WFSFreeResult.
 * Live top-level buffers are kept in a list so a stale or foreign pointer given to WFSFreeResult
 * is refused instead of corrupting the heap, and tests can read the live count. */
#include <stdlib.h>
#include <string.h>
#include "sim.h"

#define MAGIC_TOP 0x58465354u   /* "XFST" */
#define MAGIC_MORE 0x5846534du  /* "XFSM" */

typedef struct blk {
  uint32_t magic;
  struct blk *next_more;       /* chain of WFSAllocateMore buffers (top-level only) */
  struct blk *prev_top, *next_top;
  size_t size;
  _Alignas(16) unsigned char data[];
} blk_t;

static pthread_mutex_t a_lock = PTHREAD_MUTEX_INITIALIZER;
static blk_t *tops;
static long live_tops, live_blocks, total_tops, invalid_frees;

static blk_t *hdr(void *p) { return (blk_t *)((unsigned char *)p - offsetof(blk_t, data)); }

void *sim_alloc_top(size_t size) {
  blk_t *b = calloc(1, sizeof(blk_t) + size);
  if (!b) return NULL;
  b->magic = MAGIC_TOP;
  b->size = size;
  pthread_mutex_lock(&a_lock);
  b->next_top = tops;
  if (tops) tops->prev_top = b;
  tops = b;
  live_tops++; live_blocks++; total_tops++;
  pthread_mutex_unlock(&a_lock);
  return b->data;
}

void *sim_alloc_more(void *top, size_t size) {
  if (!top) return NULL;
  blk_t *t = hdr(top);
  blk_t *b = calloc(1, sizeof(blk_t) + size);
  if (!b) return NULL;
  b->magic = MAGIC_MORE;
  b->size = size;
  pthread_mutex_lock(&a_lock);
  b->next_more = t->next_more;
  t->next_more = b;
  live_blocks++;
  pthread_mutex_unlock(&a_lock);
  return b->data;
}

char *sim_strdup_more(void *top, const char *s) {
  if (!s) return NULL;
  size_t n = strlen(s) + 1;
  char *d = sim_alloc_more(top, n);
  if (d) memcpy(d, s, n);
  return d;
}

void *sim_memdup_more(void *top, const void *p, size_t n) {
  void *d = sim_alloc_more(top, n ? n : 1);
  if (d && n) memcpy(d, p, n);
  return d;
}

static int find_live(blk_t *b) {
  for (blk_t *t = tops; t; t = t->next_top) if (t == b) return 1;
  return 0;
}

int sim_is_live_top(void *top) {
  if (!top) return 0;
  pthread_mutex_lock(&a_lock);
  int r = find_live(hdr(top));
  pthread_mutex_unlock(&a_lock);
  return r;
}

int sim_free_top(void *top) {
  if (!top) return -1;
  blk_t *b = hdr(top);
  pthread_mutex_lock(&a_lock);
  if (!find_live(b) || b->magic != MAGIC_TOP) {
    invalid_frees++;
    pthread_mutex_unlock(&a_lock);
    return -1;
  }
  if (b->prev_top) b->prev_top->next_top = b->next_top; else tops = b->next_top;
  if (b->next_top) b->next_top->prev_top = b->prev_top;
  blk_t *m = b->next_more;
  while (m) { blk_t *n = m->next_more; m->magic = 0; free(m); live_blocks--; m = n; }
  b->magic = 0;
  live_tops--; live_blocks--;
  pthread_mutex_unlock(&a_lock);
  free(b);
  return 0;
}

/* ---- exported: the manager's buffer API and counters for tests ---- */
SIM_EXPORT hresult_t WFMAllocateBuffer(uint32_t ulSize, uint32_t ulFlags, void **lppvData) {
  (void)ulFlags;
  if (!lppvData) return R_INVALID_POINTER;
  *lppvData = sim_alloc_top(ulSize);
  return *lppvData ? R_SUCCESS : R_OUT_OF_MEMORY;
}

SIM_EXPORT hresult_t WFMAllocateMore(uint32_t ulSize, void *lpvOriginal, void **lppvData) {
  if (!lppvData) return R_INVALID_POINTER;
  if (!sim_is_live_top(lpvOriginal)) return R_INVALID_BUFFER;
  *lppvData = sim_alloc_more(lpvOriginal, ulSize);
  return *lppvData ? R_SUCCESS : R_OUT_OF_MEMORY;
}

SIM_EXPORT hresult_t WFMFreeBuffer(void *lpvData) {
  return sim_free_top(lpvData) == 0 ? R_SUCCESS : R_INVALID_BUFFER;
}

SIM_EXPORT int32_t SimLiveResults(void) {
  pthread_mutex_lock(&a_lock);
  long n = live_tops;
  pthread_mutex_unlock(&a_lock);
  return (int32_t)n;
}

SIM_EXPORT int32_t SimLiveBlocks(void) {
  pthread_mutex_lock(&a_lock);
  long n = live_blocks;
  pthread_mutex_unlock(&a_lock);
  return (int32_t)n;
}

SIM_EXPORT int32_t SimTotalResults(void) {
  pthread_mutex_lock(&a_lock);
  long n = total_tops;
  pthread_mutex_unlock(&a_lock);
  return (int32_t)n;
}

SIM_EXPORT int32_t SimInvalidFrees(void) {
  pthread_mutex_lock(&a_lock);
  long n = invalid_frees;
  pthread_mutex_unlock(&a_lock);
  return (int32_t)n;
}
