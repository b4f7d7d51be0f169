/* Events of the simulated CIM: their payloads, built for each registered handle's version. */
#include <string.h>
#include "sim_cim.h"

void sim_cim_fill_unit(wfs_result_t *r, uint16_t v, const void *ctx) { r->lpBuffer = sim_cim_build_unit(r, v, ctx); }

void sim_cim_fill_word(wfs_result_t *r, uint16_t v, const void *ctx) {
  (void)v;
  uint16_t *w = sim_alloc_more(r, sizeof *w);
  *w = *(const uint16_t *)ctx;
  r->lpBuffer = w;
}

/* WFSCIMITEMPOSITION of MEDIADETECTED: the unit the found items went to, or the output position. */
void sim_cim_fill_item_position(wfs_result_t *r, uint16_t v, const void *ctx) {
  (void)v;
  const cim_itemposition_t *in = ctx;
  cim_itemposition_t *p = sim_alloc_more(r, sizeof *p);
  p->usNumber = in->usNumber;
  p->fwOutputPosition = in->fwOutputPosition;
  r->lpBuffer = p;
}

/* WFSCIMPOSITIONINFO (3.20+): the position, no further bunches. 3.00 events carry nothing. */
void sim_cim_fill_position_info(wfs_result_t *r, uint16_t v, const void *ctx) {
  if (!CIM_V320(v)) return;
  cim_position_info_t *p = sim_alloc_more(r, sizeof *p);
  p->wPosition = *(const uint16_t *)ctx;
  p->wAdditionalBunches = 1;   /* WFS_CIM_ADDBUNCHNONE */
  p->usBunchesRemaining = 0;
  r->lpBuffer = p;
}

void sim_cim_position_event(sim_service_t *svc, uint32_t id, uint16_t position) {
  sim_event(svc, EVC_SERVICE, NULL, id, sim_cim_fill_position_info, &position);
}

void sim_cim_changes_end(sim_service_t *svc, const sim_cim_changes_t *c) {
  sim_cim_state_t *d = sim_cim_state(svc);
  for (int i = 0; i < d->nunits; i++) {
    if (!(c->mask & (1u << i))) continue;
    sim_cim_unit_t *u = &d->units[i];
    sim_event(svc, EVC_SERVICE, NULL, CIM_EV_CASHUNITINFOCHANGED, sim_cim_fill_unit, u);
    uint16_t now = sim_cim_unit_status(u);
    if (now != c->before[i] && (now == CIM_STATCUHIGH || now == CIM_STATCUFULL || now == CIM_STATCULOW || now == CIM_STATCUEMPTY))
      sim_event(svc, EVC_USER, NULL, CIM_EV_CASHUNITTHRESHOLD, sim_cim_fill_unit, u);
  }
}

void sim_cim_fill_shutter(wfs_result_t *r, uint16_t v, const void *ctx) {
  (void)v;
  cim_shutter_status_changed_t *e = sim_alloc_more(r, sizeof *e);
  *e = *(const cim_shutter_status_changed_t *)ctx;
  r->lpBuffer = e;
}

/* The partial result, already built on the command's own result: rebuilt here for each event. */
void sim_cim_fill_incomplete(wfs_result_t *r, uint16_t v, const void *ctx) {
  (void)v;
  const cim_rep_res_t *src = ctx;
  cim_incomplete_replenish_t *e = sim_alloc_more(r, sizeof *e);
  cim_rep_res_t *res = e->lpReplenish = sim_alloc_more(r, sizeof *res);
  res->ulNumberOfItemsRemoved = src->ulNumberOfItemsRemoved;
  res->ulNumberOfItemsRejected = src->ulNumberOfItemsRejected;
  int n = 0;
  while (src->lppReplenishTargetResults[n]) n++;
  res->lppReplenishTargetResults = sim_alloc_more(r, sizeof(void *) * (size_t)(n + 1));
  for (int i = 0; i < n; i++) res->lppReplenishTargetResults[i] = sim_memdup_more(r, src->lppReplenishTargetResults[i], sizeof(cim_rep_target_res_t));
  r->lpBuffer = e;
}

void sim_cim_fill_power_save(wfs_result_t *r, uint16_t v, const void *ctx) {
  (void)v;
  r->lpBuffer = sim_memdup_more(r, ctx, sizeof(cim_power_save_change_t));
}

void sim_cim_fill_counts(wfs_result_t *r, uint16_t v, const void *ctx) {
  (void)v;
  unsigned mask = *(const unsigned *)ctx;
  cim_counts_changed_t *e = sim_alloc_more(r, sizeof *e);
  e->lpusCUNumList = sim_alloc_more(r, sizeof(uint16_t) * (CIM_MAX_UNITS + 1));
  for (int i = 0; i < CIM_MAX_UNITS; i++) if (mask & (1u << i)) e->lpusCUNumList[e->usCount++] = (uint16_t)(i + 1);
  r->lpBuffer = e;
}
