/* Simulated CIM (cash-in module): one input position and one output position (centre), each with
 * a shutter the device works itself, an escrow of 200 notes, a retract cassette, a cash-in cassette
 * and three recyclers (EUR 10, 20, 50). Notes come in as bunches a test lays at the input position
 * (SimCimInsertItems); CASH_IN reads them into the escrow (refusing what it cannot take to the output
 * position), CASH_IN_END stores the escrow, CASH_IN_ROLLBACK gives it back. The physical state is
 * kept across restarts in g_state_dir, as the CDM does. All with g_lock held. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim_cim.h"

int32_t sim_cim_cash_in(sim_service_t *svc, sim_request_t *req, wfs_result_t *r);     /* sim_cim_cashin.c */
int32_t sim_cim_cash_in_end(sim_service_t *svc, sim_request_t *req, wfs_result_t *r);
int32_t sim_cim_rollback(sim_service_t *svc, sim_request_t *req, wfs_result_t *r);

static struct { sim_service_t *svc; sim_cim_state_t *d; } g_cim[256];

sim_cim_state_t *sim_cim_state(sim_service_t *svc) {
  for (int i = 0; i < 256; i++) if (g_cim[i].svc == svc) return g_cim[i].d;
  for (int i = 0; i < 256; i++) {
    if (g_cim[i].svc) continue;
    g_cim[i].d = calloc(1, sizeof(sim_cim_state_t));
    if (!g_cim[i].d) return NULL;
    g_cim[i].svc = svc;
    return g_cim[i].d;
  }
  return NULL;
}

static const uint32_t NOTE_VALUES[CIM_NOTE_TYPES + 1] = { 0, 5, 10, 20, 50, 100, 200, 500 };
uint32_t sim_cim_note_value(uint16_t id) { return id >= 1 && id <= CIM_NOTE_TYPES ? NOTE_VALUES[id] : 0; }

int sim_cim_unit_index(const sim_cim_state_t *d, uint32_t number) {
  for (int i = 0; i < d->nunits; i++) if (d->units[i].number == number) return i;
  return -1;
}

static void unit(sim_cim_state_t *d, uint32_t type, uint32_t item_type, const char *id, const char *cur, uint32_t value,
                 uint32_t max, uint16_t note_id, const char *pos, const char *name, uint32_t count) {
  sim_cim_unit_t *u = &d->units[d->nunits];
  memset(u, 0, sizeof *u);
  u->number = (uint16_t)(d->nunits + 1);
  u->type = type; u->item_type = item_type;
  snprintf(u->unit_id, sizeof u->unit_id, "%s", id);
  snprintf(u->currency, sizeof u->currency, "%s", cur);
  snprintf(u->position, sizeof u->position, "%s", pos);
  (void)name;
  u->value = value; u->maximum = max; u->note_id = note_id;
  u->count = u->initial = count;
  u->minimum = type == CIM_TYPERECYCLING ? 10 : 0;
  u->notes[note_id] = count;
  d->nunits++;
}

/* ---- physical state kept across process restarts (g_state_dir) ---- */
static const char STATE_MAGIC[8] = { 'X', 'S', 'I', 'M', 'C', 'I', 'M', '1' };

static int state_path(const sim_service_t *svc, char *out, size_t n) {
  if (!g_state_dir[0]) return 0;
  snprintf(out, n, "%s/%s.cim", g_state_dir, svc->name);
  return 1;
}

/* Written whole after every change: write, then rename (a kill never leaves half a file). */
void sim_cim_save(sim_service_t *svc) {
  char path[700], tmp[720];
  sim_cim_state_t *d = sim_cim_state(svc);
  if (!d || !state_path(svc, path, sizeof path)) return;
  snprintf(tmp, sizeof tmp, "%s.tmp", path);
  FILE *f = fopen(tmp, "wb");
  if (!f) return;
  uint32_t size = sizeof *d;
  int ok = fwrite(STATE_MAGIC, sizeof STATE_MAGIC, 1, f) == 1 && fwrite(&size, sizeof size, 1, f) == 1
        && fwrite(d, size, 1, f) == 1;
  if (fclose(f) != 0) ok = 0;
  if (ok) rename(tmp, path); else remove(tmp);
}

void sim_cim_load(sim_service_t *svc) {
  char path[700];
  sim_cim_state_t *d = sim_cim_state(svc);
  if (!d || !state_path(svc, path, sizeof path)) return;
  FILE *f = fopen(path, "rb");
  if (!f) return;
  char magic[8];
  uint32_t size = 0;
  sim_cim_state_t *kept = malloc(sizeof *kept);
  if (kept && fread(magic, sizeof magic, 1, f) == 1 && memcmp(magic, STATE_MAGIC, sizeof magic) == 0
      && fread(&size, sizeof size, 1, f) == 1 && size == sizeof *kept && fread(kept, size, 1, f) == 1) {
    kept->jam_after = kept->jam_end_after = kept->jam_move_after = -1;   /* injected faults are not physical state */
    kept->note_error_next = 0;
    kept->input_ready = kept->ninput > 0;
    *d = *kept;
  }
  free(kept);
  fclose(f);
}

static void init(sim_service_t *svc) {
  sim_cim_state_t *d = sim_cim_state(svc);
  if (!d) return;
  memset(d, 0, sizeof *d);
  unit(d, CIM_TYPERETRACTCASSETTE, CIM_CITYPALL, "RET01", "   ", 0, 200, 0, "RETRACT", "RETRACT", 0);
  unit(d, CIM_TYPECASHIN, CIM_CITYPALL, "CIN01", "EUR", 0, 1000, 0, "CASHIN", "CASHIN", 0);
  unit(d, CIM_TYPERECYCLING, CIM_CITYPINDIVIDUAL, "REC01", "EUR", 10, 500, 2, "RECYC1", "EUR10", 100);
  unit(d, CIM_TYPERECYCLING, CIM_CITYPINDIVIDUAL, "REC02", "EUR", 20, 500, 3, "RECYC2", "EUR20", 100);
  unit(d, CIM_TYPERECYCLING, CIM_CITYPINDIVIDUAL, "REC03", "EUR", 50, 500, 4, "RECYC3", "EUR50", 100);
  for (int id = 1; id <= 6; id++) d->configured[id] = 1;
  d->ci_status = CIM_CIOK;
  d->shutter_in = d->shutter_out = CIM_SHTCLOSED;
  d->next_serial = 1;
  d->device_lock = 2;          /* WFS_CIM_UNLOCK */
  d->jam_after = d->jam_end_after = d->jam_move_after = -1;
  sim_cim_load(svc);
}

/* A recycler's cash-in module (sim_pair.c): three recycling cassettes shared with the paired CDM
 * (position = the CDM's unit id), its own cash-in and retract cassettes. Then whatever it kept. */
void sim_cim_make_recycler(sim_service_t *svc) {
  sim_cim_state_t *d = sim_cim_state(svc);
  if (!d) return;
  d->nunits = 0;
  unit(d, CIM_TYPERECYCLING, CIM_CITYPINDIVIDUAL, "RC1", "EUR", 10, 500, 2, "RC1", "EUR10", 100);
  unit(d, CIM_TYPERECYCLING, CIM_CITYPINDIVIDUAL, "RC2", "EUR", 20, 500, 3, "RC2", "EUR20", 100);
  unit(d, CIM_TYPERECYCLING, CIM_CITYPINDIVIDUAL, "RC3", "EUR", 50, 500, 4, "RC3", "EUR50", 50);
  unit(d, CIM_TYPECASHIN, CIM_CITYPALL, "CI", "EUR", 0, 1000, 0, "CI", "CASHIN", 0);
  unit(d, CIM_TYPERETRACTCASSETTE, CIM_CITYPALL, "RT", "   ", 0, 200, 0, "RT", "RETRACT", 0);
  sim_cim_load(svc);
}

/* usStatus from the counts: FULL at the maximum, HIGH from 90% (cash-in and retract units), LOW
 * below the minimum and EMPTY at 0 (recyclers); INOP while jammed. */
uint16_t sim_cim_unit_status(const sim_cim_unit_t *u) {
  if (u->inop) return CIM_STATCUINOP;
  if (u->maximum && u->count >= u->maximum) return CIM_STATCUFULL;
  if (u->type != CIM_TYPERECYCLING) return u->maximum && (uint64_t)u->count * 10 >= (uint64_t)u->maximum * 9 ? CIM_STATCUHIGH : CIM_STATCUOK;
  if (!u->count) return CIM_STATCUEMPTY;
  return u->count < u->minimum ? CIM_STATCULOW : CIM_STATCUOK;
}

void sim_cim_changes_begin(const sim_cim_state_t *d, sim_cim_changes_t *c) {
  c->mask = 0;
  for (int i = 0; i < d->nunits; i++) c->before[i] = sim_cim_unit_status(&d->units[i]);
}

void sim_cim_store(sim_cim_state_t *d, int i, const sim_cim_item_t *it, sim_cim_changes_t *c, int retracted) {
  sim_cim_unit_t *u = &d->units[i];
  u->count++;
  if (retracted) u->retracted++; else u->cash_in_count++;
  u->notes[it->kind == CIM_K_UNKNOWN || it->note_id > CIM_NOTE_TYPES ? 0 : it->note_id]++;
  for (uint32_t k = d->ntxn; k-- > 0;) {
    sim_cim_txn_item_t *t = &d->txn[k];
    if (t->item.serial == it->serial && t->item.note_id == it->note_id && t->location != CIM_LOC_CASHUNIT) {
      t->location = CIM_LOC_CASHUNIT; t->unit = u->number;
      break;
    }
  }
  if (c) c->mask |= 1u << i;
}

void sim_cim_move_all(sim_cim_state_t *d, int i, int from_escrow, sim_cim_changes_t *c, int retracted) {
  sim_cim_item_t *list = from_escrow ? d->escrow : d->output;
  uint32_t *n = from_escrow ? &d->nescrow : &d->noutput;
  for (uint32_t k = 0; k < *n; k++) sim_cim_store(d, i, &list[k], c, retracted);
  *n = 0;
}

/* ---- input ---- */
static int parse_exec(uint16_t v, uint32_t cmd, const void *data, sim_input_t *in) {
  int vn = sim_vnum(v);
  if (cmd < CIM_CMD_CASH_IN_START || cmd > (vn >= 330 ? CIM_CMD_SYNCHRONIZE_COMMAND : vn >= 320 ? CIM_CMD_PRESENT_MEDIA
                                                                                      : CIM_CMD_CREATE_P6_SIGNATURE))
    return R_UNSUPP_COMMAND;
  switch (cmd) {
  case CIM_CMD_CASH_IN_START: {
    if (!data) return R_INVALID_POINTER;
    const cim_cash_in_start_t *c = data;
    in->w[0] = c->usTellerID; in->w[1] = c->bUseRecycleUnits != 0; in->w[2] = c->fwOutputPosition; in->w[3] = c->fwInputPosition;
    return 0;
  }
  case CIM_CMD_CASH_IN: case CIM_CMD_CASH_IN_END: case CIM_CMD_CASH_IN_ROLLBACK: case CIM_CMD_CREATE_P6_SIGNATURE:
    return 0;
  case CIM_CMD_RETRACT: {
    if (!data) return R_INVALID_POINTER;
    const cim_retract_t *c = data;
    in->w[0] = c->fwOutputPosition; in->w[1] = c->usRetractArea; in->w[2] = c->usIndex;
    return 0;
  }
  case CIM_CMD_OPEN_SHUTTER: case CIM_CMD_CLOSE_SHUTTER:
    if (!data) return R_INVALID_POINTER;
    in->w[0] = *(const uint16_t *)data;
    return 0;
  case CIM_CMD_RESET: {
    if (!data) return 0;
    const cim_itemposition_t *c = data;
    in->present = 1;
    in->w[0] = c->usNumber; in->w[1] = c->fwOutputPosition;
    if (c->lpRetractArea) {
      in->w[2] = 1; in->w[3] = c->lpRetractArea->fwOutputPosition; in->w[4] = c->lpRetractArea->usRetractArea;
      in->w[5] = c->lpRetractArea->usIndex;
    }
    return 0;
  }
  case CIM_CMD_CONFIGURE_NOTETYPES: {
    if (!data) return R_INVALID_POINTER;
    const uint16_t *ids = data;
    for (uint32_t i = 0;; i++) {
      if (!ids[i]) break;
      if (i >= SIM_MAX_ITEMS) return R_INVALID_DATA;
      in->values[in->nvalues++] = ids[i];
    }
    return 0;
  }
  case CIM_CMD_OPEN_SAFE_DOOR: case CIM_CMD_CONFIGURE_CASH_IN_UNITS:
    return R_UNSUPP_COMMAND;   /* no safe door (bSafeDoor FALSE); cash-in units are configured by type */
  default:
    return sim_cim_parse_more(v, cmd, data, in);
  }
}

/* ---- commands of the transaction's frame ---- */
static int32_t cash_in_start(sim_cim_state_t *d, const sim_input_t *in) {
  if (d->active) return CIM_E_CASHINACTIVE;
  if (d->exchange) return CIM_E_EXCHANGEACTIVE;
  if (in->w[3] && in->w[3] != CIM_POSINCENTER) return CIM_E_UNSUPPOSITION;
  if (in->w[2] && in->w[2] != CIM_POSOUTCENTER) return CIM_E_UNSUPPOSITION;
  if (d->jammed) return R_HARDWARE_ERROR;
  d->active = 1;
  d->ci_status = CIM_CIACTIVE;
  d->use_recycle = (int32_t)in->w[1];
  d->refused = 0;
  memset(d->accepted, 0, sizeof d->accepted);
  d->ntxn = 0;
  return 0;
}

/* RETRACT: what lies at the output position goes to the retract unit (usIndex 1), the cash-in unit, or
 * back into the escrow (transport/stacker). Ends a transaction (CIRETRACT). */
static int32_t retract(sim_service_t *svc, sim_cim_state_t *d, const sim_input_t *in) {
  if (in->w[0] && in->w[0] != CIM_POSOUTCENTER) return CIM_E_UNSUPPOSITION;
  uint32_t area = in->w[1];
  if (area != CIM_RA_RETRACT && area != CIM_RA_CASHIN && area != CIM_RA_TRANSPORT && area != CIM_RA_STACKER)
    return CIM_E_NOTRETRACTAREA;
  if (area == CIM_RA_RETRACT && in->w[2] > 1) return CIM_E_INVALIDRETRACTPOSITION;
  if (!d->noutput) return CIM_E_NOITEMS;
  sim_cim_changes_t c;
  sim_cim_changes_begin(d, &c);
  if (area == CIM_RA_TRANSPORT || area == CIM_RA_STACKER) {
    if (d->nescrow + d->noutput > CIM_ESCROW_MAX) return CIM_E_TOOMANYITEMS;
    memcpy(&d->escrow[d->nescrow], d->output, d->noutput * sizeof d->output[0]);
    d->nescrow += d->noutput;
    d->noutput = 0;
  } else {
    sim_cim_move_all(d, area == CIM_RA_RETRACT ? 0 : 1, 0, &c, 1);
  }
  d->shutter_out = CIM_SHTCLOSED;
  /* Retracting into a unit ends the transaction (or the rollback) it belongs to; the escrow goes too. */
  if ((d->active || d->ci_status == CIM_CIROLLBACK) && area != CIM_RA_TRANSPORT && area != CIM_RA_STACKER) {
    if (d->active) sim_cim_move_all(d, area == CIM_RA_RETRACT ? 0 : 1, 1, &c, 1);
    d->active = 0;
    d->ci_status = CIM_CIRETRACT;
  }
  sim_cim_changes_end(svc, &c);
  return 0;
}

static int32_t shutter(sim_cim_state_t *d, const sim_input_t *in, int open) {
  uint16_t *s = in->w[0] == CIM_POSINCENTER ? &d->shutter_in : in->w[0] == CIM_POSOUTCENTER ? &d->shutter_out : NULL;
  if (!s) return CIM_E_UNSUPPOSITION;
  if (*s == CIM_SHTJAMMED) return R_HARDWARE_ERROR;
  *s = open ? CIM_SHTOPEN : CIM_SHTCLOSED;
  return 0;
}

/* RESET: clears a jam; items in the escrow and at the output position go to the unit the input names
 * (the retract unit by default) or to the output position; MEDIADETECTED says where they went. */
static int32_t reset(sim_service_t *svc, sim_cim_state_t *d, const sim_input_t *in) {
  int to_unit = 0;             /* index of the unit that receives found items; -1 = the output position */
  if (in->present) {
    if (in->w[0]) {
      to_unit = sim_cim_unit_index(d, in->w[0]);
      if (to_unit < 0) return CIM_E_INVALIDCASHUNIT;
    } else if (in->w[2]) {
      if (in->w[3] && in->w[3] != CIM_POSOUTCENTER) return CIM_E_UNSUPPOSITION;
      if (in->w[4] == CIM_RA_CASHIN) to_unit = 1;
      else if (in->w[4] == CIM_RA_RETRACT) { if (in->w[5] > 1) return CIM_E_INVALIDRETRACTPOSITION; to_unit = 0; }
      else return CIM_E_NOTRETRACTAREA;
    } else if (in->w[1]) {
      if (in->w[1] != CIM_POSOUTCENTER) return CIM_E_UNSUPPOSITION;
      to_unit = -1;
    }
  }
  d->jammed = 0;
  sim_cim_changes_t c;
  sim_cim_changes_begin(d, &c);
  for (int i = 0; i < d->nunits; i++) if (d->units[i].inop) { d->units[i].inop = 0; c.mask |= 1u << i; }
  if (d->shutter_in == CIM_SHTJAMMED) d->shutter_in = CIM_SHTCLOSED;
  if (d->shutter_out == CIM_SHTJAMMED) d->shutter_out = CIM_SHTCLOSED;
  int found = d->nescrow + d->noutput > 0;
  cim_itemposition_t where = { 0, NULL, 0 };
  if (found && to_unit < 0) {
    if (d->noutput + d->nescrow > CIM_MAX_BUNCH) d->nescrow = CIM_MAX_BUNCH - d->noutput;
    memcpy(&d->output[d->noutput], d->escrow, d->nescrow * sizeof d->escrow[0]);
    d->noutput += d->nescrow;
    d->nescrow = 0;
    d->shutter_out = CIM_SHTOPEN;
    where.fwOutputPosition = CIM_POSOUTCENTER;
  } else if (found) {
    sim_cim_move_all(d, to_unit, 0, &c, 1);
    sim_cim_move_all(d, to_unit, 1, &c, 1);
    where.usNumber = d->units[to_unit].number;
    d->shutter_out = CIM_SHTCLOSED;
  }
  sim_cim_changes_end(svc, &c);
  if (found) sim_event(svc, EVC_SERVICE, NULL, CIM_EV_MEDIADETECTED, sim_cim_fill_item_position, &where);
  if (found && to_unit < 0) sim_cim_position_event(svc, CIM_EV_ITEMSPRESENTED, CIM_POSOUTCENTER);
  if (d->active) { d->active = 0; d->ci_status = CIM_CIRESET; }
  d->shutter_in = CIM_SHTCLOSED;
  return 0;
}

static int32_t configure_notetypes(sim_cim_state_t *d, const sim_input_t *in) {
  if (d->active) return CIM_E_CASHINACTIVE;
  for (uint32_t i = 0; i < in->nvalues; i++) if (in->values[i] < 1 || in->values[i] > CIM_NOTE_TYPES) return R_INVALID_DATA;
  memset(d->configured, 0, sizeof d->configured);
  for (uint32_t i = 0; i < in->nvalues; i++) d->configured[in->values[i]] = 1;
  return 0;
}

static int32_t run_command(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  sim_cim_state_t *d = sim_cim_state(svc);
  if (!d) return R_INTERNAL_ERROR;
  switch (req->code) {
  case CIM_CMD_CASH_IN_START: return cash_in_start(d, &req->in);
  case CIM_CMD_CASH_IN: return sim_cim_cash_in(svc, req, r);
  case CIM_CMD_CASH_IN_END: return sim_cim_cash_in_end(svc, req, r);
  case CIM_CMD_CASH_IN_ROLLBACK: return sim_cim_rollback(svc, req, r);
  case CIM_CMD_RETRACT: return retract(svc, d, &req->in);
  case CIM_CMD_OPEN_SHUTTER: return shutter(d, &req->in, 1);
  case CIM_CMD_CLOSE_SHUTTER: return shutter(d, &req->in, 0);
  case CIM_CMD_RESET: return reset(svc, d, &req->in);
  case CIM_CMD_CONFIGURE_NOTETYPES: return configure_notetypes(d, &req->in);
  default: return sim_cim_run_more(svc, req, r);
  }
}

/* Every command may move notes or a shutter: the physical state is kept after each. */
static int32_t execute(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  int32_t hr = run_command(svc, req, r);
  sim_cim_save(svc);
  return hr;
}

const sim_class_t sim_cim_class = { parse_exec, sim_cim_parse_info, execute, sim_cim_info, init, NULL, NULL };
