/* Mix tables of the simulated dispenser (WFS_INF_CDM_MIX_TABLE, WFS_CMD_CDM_SET_MIX_TABLE, and a
 * dispense by table mix): a table lists amounts and, per amount, how many notes of each header
 * value make it; a dispense by table takes the row of its amount from the units of those values.
 * Built-in: mix 2 "TABLE2" (10, 20, 50). All with g_lock held. */
#include <stdio.h>
#include <string.h>
#include "sim.h"

enum { E_INVALIDMIXNUMBER = -304, E_INVALIDMIXTABLE = -327, E_AMOUNTNOTINMIXTABLE = -334 };

void sim_cdm_default_tables(sim_cdm_state_t *d) {
  static const uint32_t amounts[] = { 30, 80, 100, 170 };
  static const uint16_t mixtures[][3] = { { 1, 1, 0 }, { 1, 1, 1 }, { 0, 0, 2 }, { 0, 1, 3 } };
  d->ntables = 1;
  d->tables[0].number = 2;
  snprintf(d->tables[0].name, sizeof d->tables[0].name, "TABLE2");
  d->tables[0].cols = 3;
  d->tables[0].header[0] = 10; d->tables[0].header[1] = 20; d->tables[0].header[2] = 50;
  d->tables[0].rows = 4;
  for (int r = 0; r < 4; r++) {
    d->tables[0].amount[r] = amounts[r];
    for (int c = 0; c < 3; c++) d->tables[0].mixture[r][c] = mixtures[r][c];
  }
}

int sim_cdm_find_table(const sim_cdm_state_t *d, uint32_t number) {
  for (int i = 0; i < d->ntables; i++) if (d->tables[i].number == number) return i;
  return -1;
}

/* A dispense by table: the row of the amount, each header value from the bill unit of that value. */
int32_t sim_cdm_table_mix(const sim_cdm_state_t *d, int t, uint32_t amount, uint32_t *out) {
  int row = -1;
  for (int r = 0; r < d->tables[t].rows; r++) if (d->tables[t].amount[r] == amount) row = r;
  if (row < 0) return E_AMOUNTNOTINMIXTABLE;
  for (int c = 0; c < d->tables[t].cols; c++) {
    uint32_t n = d->tables[t].mixture[row][c];
    if (!n) continue;
    int unit = -1;
    for (int i = 0; i < d->nunits; i++) if (SIM_CDM_DISPENSING(d->units[i].type) && d->units[i].value == d->tables[t].header[c]) unit = i;
    if (unit < 0 || d->units[unit].count < n) return -306;   /* WFS_ERR_CDM_NOTDISPENSABLE */
    out[unit] += n;
  }
  return 0;
}

/* SET_MIX_TABLE input, deep-copied: number and name in w[0]/text, the header in values[], rows in items[]
 * (4 bytes of amount, then a USHORT per column). */
int sim_cdm_parse_mix_table(const void *data, sim_input_t *in) {
  if (!data) return R_INVALID_POINTER;
  const cdm_mix_table_t *m = data;
  if (!m->usCols || m->usCols > 8 || !m->usRows || m->usRows > 16 || !m->lpulMixHeader || !m->lppMixRows) return E_INVALIDMIXTABLE;
  in->w[0] = m->usMixNumber; in->w[1] = m->usRows; in->w[2] = m->usCols;
  snprintf(in->text, sizeof in->text, "%s", m->lpszName ? m->lpszName : "");
  for (int c = 0; c < m->usCols; c++) in->values[c] = m->lpulMixHeader[c];
  in->nvalues = m->usCols;
  for (int r = 0; r < m->usRows; r++) {
    const cdm_mix_row_t *row = m->lppMixRows[r];
    if (!row || !row->lpusMixture) return E_INVALIDMIXTABLE;
    memcpy(in->items[r].data, &row->ulAmount, 4);
    memcpy(in->items[r].data + 4, row->lpusMixture, 2u * m->usCols);
    in->items[r].len = 4 + 2u * m->usCols;
  }
  in->nitems = m->usRows;
  return 0;
}

/* Rows must add up: the notes of each row times the header values make its amount. Mix 1 is the
 * algorithm and cannot be replaced. */
int32_t sim_cdm_set_mix_table(sim_cdm_state_t *d, const sim_input_t *in) {
  uint32_t number = in->w[0], rows = in->w[1], cols = in->w[2];
  if (number <= 1) return E_INVALIDMIXNUMBER;
  int t = sim_cdm_find_table(d, number);
  if (t < 0) {
    if (d->ntables >= 4) return E_INVALIDMIXNUMBER;
    t = d->ntables++;
  }
  for (uint32_t r = 0; r < rows; r++) {
    uint32_t amount, sum = 0;
    memcpy(&amount, in->items[r].data, 4);
    for (uint32_t c = 0; c < cols; c++) {
      uint16_t n;
      memcpy(&n, in->items[r].data + 4 + 2 * c, 2);
      sum += n * in->values[c];
    }
    if (sum != amount || !amount) { if (t == d->ntables - 1 && sim_cdm_find_table(d, number) < 0) d->ntables--; return E_INVALIDMIXTABLE; }
  }
  d->tables[t].number = (uint16_t)number; d->tables[t].rows = (uint16_t)rows; d->tables[t].cols = (uint16_t)cols;
  size_t len = strnlen(in->text, sizeof d->tables[t].name - 1);   /* a longer name is cut to the SP's 31 characters */
  memcpy(d->tables[t].name, in->text, len);
  d->tables[t].name[len] = 0;
  for (uint32_t c = 0; c < cols; c++) d->tables[t].header[c] = in->values[c];
  for (uint32_t r = 0; r < rows; r++) {
    memcpy(&d->tables[t].amount[r], in->items[r].data, 4);
    memcpy(d->tables[t].mixture[r], in->items[r].data + 4, 2 * cols);
  }
  return 0;
}

void *sim_cdm_build_mix_table(wfs_result_t *r, const sim_cdm_state_t *d, int t) {
  cdm_mix_table_t *m = sim_alloc_more(r, sizeof *m);
  m->usMixNumber = d->tables[t].number;
  m->lpszName = sim_strdup_more(r, d->tables[t].name);
  m->usRows = d->tables[t].rows; m->usCols = d->tables[t].cols;
  m->lpulMixHeader = sim_alloc_more(r, sizeof(uint32_t) * m->usCols);
  memcpy(m->lpulMixHeader, d->tables[t].header, sizeof(uint32_t) * m->usCols);
  m->lppMixRows = sim_alloc_more(r, sizeof(void *) * (size_t)(m->usRows + 1));
  for (int i = 0; i < m->usRows; i++) {
    cdm_mix_row_t *row = sim_alloc_more(r, sizeof *row);
    row->ulAmount = d->tables[t].amount[i];
    row->lpusMixture = sim_alloc_more(r, sizeof(uint16_t) * m->usCols);
    memcpy(row->lpusMixture, d->tables[t].mixture[i], sizeof(uint16_t) * m->usCols);
    m->lppMixRows[i] = row;
  }
  return m;
}
