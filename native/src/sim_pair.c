/* A simulated recycler: a CDM and a CIM service whose recycling cassettes are the same physical
 * units, matched as on real devices by the physical position name (the CDM's unit id, the CIM's
 * lpPhysicalPositionName). Each side keeps its own logical counters (the CIM's cash-in count, the
 * CDM's dispensed/presented/rejected counts); the notes in a cassette are one count: a note the CIM
 * puts into RC2 is one the CDM can dispense, and the other side's sessions hear of the change by
 * their own CASHUNITINFOCHANGED. All with g_lock held. */
#include <string.h>
#include "sim.h"
#include "sim_cim.h"

void sim_cdm_make_recycler(sim_service_t *svc);   /* sim_cdm.c */
void sim_cim_make_recycler(sim_service_t *svc);   /* sim_cim.c */

enum { CDM_EV_CASHUNITINFOCHANGED = 304, CDM_STAT_EMPTY = 4, MAX_SHARED = 8 };

struct sim_pair {
  sim_service_t *cdm, *cim;
  int n;
  /* cassettes both sides have: unit indexes and the count both last agreed on */
  struct { int cdm_i, cim_i; uint32_t count; } shared[MAX_SHARED];
};

static struct sim_pair g_pairs[8];
static int g_npairs;

static void match(struct sim_pair *p) {
  sim_cdm_state_t *cdm = &p->cdm->dev.cdm;
  sim_cim_state_t *cim = sim_cim_state(p->cim);
  p->n = 0;
  for (int i = 0; i < cim->nunits && p->n < MAX_SHARED; i++) {
    if (cim->units[i].type != CIM_TYPERECYCLING) continue;
    for (int j = 0; j < cdm->nunits; j++) {
      if (!SIM_CDM_DISPENSING(cdm->units[j].type) || strcmp(cdm->units[j].unit_id, cim->units[i].position) != 0) continue;
      p->shared[p->n].cdm_i = j;
      p->shared[p->n].cim_i = i;
      p->n++;
      break;
    }
  }
}

void sim_pair_rebase(sim_service_t *svc) {
  struct sim_pair *p = svc->pair;
  if (!p) return;
  match(p);
  sim_cim_state_t *cim = sim_cim_state(p->cim);
  for (int k = 0; k < p->n; k++) {
    uint32_t count = cim->units[p->shared[k].cim_i].count;
    p->shared[k].count = count;
    p->cdm->dev.cdm.units[p->shared[k].cdm_i].count = count;
  }
}

static void cdm_unit_status(sim_cdm_unit_t *u) {
  if (!u->count) u->status = CDM_STAT_EMPTY;
  else if (u->status == CDM_STAT_EMPTY) u->status = 0;
}

void sim_pair_sync(sim_service_t *svc) {
  struct sim_pair *p = svc->pair;
  if (!p) return;
  sim_cdm_state_t *cdm = &p->cdm->dev.cdm;
  sim_cim_state_t *cim = sim_cim_state(p->cim);
  unsigned cdm_changed = 0, cim_changed = 0;
  for (int k = 0; k < p->n; k++) {
    sim_cdm_unit_t *out = &cdm->units[p->shared[k].cdm_i];
    sim_cim_unit_t *in = &cim->units[p->shared[k].cim_i];
    int64_t last = p->shared[k].count;
    if (out->count == last && in->count == last) continue;
    /* What each side did since they last agreed happened to the same notes: both changes count. */
    int64_t next = last + ((int64_t)out->count - last) + ((int64_t)in->count - last);
    if (next < 0) next = 0;
    if (out->count != (uint32_t)next) {
      out->count = (uint32_t)next;
      cdm_unit_status(out);
      cdm_changed |= 1u << k;
    }
    if (in->count != (uint32_t)next) {
      int64_t notes = (int64_t)in->notes[in->note_id] + (next - (int64_t)in->count);
      in->notes[in->note_id] = notes < 0 ? 0 : (uint32_t)notes;
      in->count = (uint32_t)next;
      cim_changed |= 1u << k;
    }
    p->shared[k].count = (uint32_t)next;
  }
  for (int k = 0; k < p->n; k++) {
    if (cdm_changed & (1u << k)) sim_event(p->cdm, EVC_SERVICE, NULL, CDM_EV_CASHUNITINFOCHANGED, sim_cdm_fill_unit, &cdm->units[p->shared[k].cdm_i]);
    if (cim_changed & (1u << k)) sim_event(p->cim, EVC_SERVICE, NULL, CIM_EV_CASHUNITINFOCHANGED, sim_cim_fill_unit, &cim->units[p->shared[k].cim_i]);
  }
  if (cdm_changed) sim_cdm_save(p->cdm);
  if (cim_changed) sim_cim_save(p->cim);
}

sim_service_t *sim_add_recycler(const char *cdm_name, const char *cim_name, uint16_t max_version) {
  sim_service_t *cdm = sim_find_service(cdm_name);
  sim_service_t *cim = sim_find_service(cim_name);
  if ((cdm && (cdm->cls != 3 || (cdm->pair && cdm->pair->cim != cim))) || (cim && (cim->cls != 13 || (cim->pair && cim->pair->cdm != cdm)))) return NULL;
  if (cdm && cim && cdm->pair) {             /* the same pair again: only the version changes */
    cdm->max_version = cim->max_version = max_version;
    return cdm;
  }
  if (cdm || cim || g_npairs >= (int)(sizeof g_pairs / sizeof g_pairs[0])) return NULL;
  cdm = sim_add_service(cdm_name, 3, max_version);
  cim = cdm ? sim_add_service(cim_name, 13, max_version) : NULL;
  if (!cim) return NULL;
  struct sim_pair *p = &g_pairs[g_npairs++];
  memset(p, 0, sizeof *p);
  p->cdm = cdm;
  p->cim = cim;
  cdm->pair = cim->pair = p;
  sim_cdm_make_recycler(cdm);
  sim_cim_make_recycler(cim);
  sim_pair_rebase(cdm);
  return cdm;
}
