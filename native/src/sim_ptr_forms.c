/* The simulated printers' forms and media, as data: a receipt with a title, optional date,
 * account and three message lines, and a required amount; a balance slip; on the document
 * printer also a cheque whose code line, amount and payee are read, a passbook page and a deposit
 * slip whose account and item lines are read. */
#include <string.h>
#include "sim_ptr.h"

static const field_def_t RECEIPT_FIELDS[] = {
  { "TITLE", CLS_STATIC, 24, 0, "SIMULATED BANK", 0, 0 },
  { "DATE", CLS_OPTIONAL, 20, 0, "", 0, 0 },
  { "ACCOUNT", CLS_OPTIONAL, 20, 0, "", 0, 0 },
  { "AMOUNT", CLS_REQUIRED, 16, 0, "", 0, 0 },
  { "LINE", CLS_OPTIONAL, 32, 3, "", 0, 0 },
};
static const field_def_t BALANCE_FIELDS[] = {
  { "TITLE", CLS_STATIC, 24, 0, "BALANCE ENQUIRY", 0, 0 },
  { "ACCOUNT", CLS_OPTIONAL, 20, 0, "", 0, 0 },
  { "BALANCE", CLS_REQUIRED, 16, 0, "", 0, 0 },
};
/* type 1 MICR, 2 OCR; access 1 read */
static const field_def_t CHEQUE_FIELDS[] = {
  { "CODELINE", CLS_REQUIRED, 40, 0, "", 1, 1 },
  { "AMOUNT", CLS_OPTIONAL, 16, 0, "", 2, 1 },
  { "PAYEE", CLS_OPTIONAL, 32, 0, "", 2, 1 },
};
static const field_def_t DEPOSIT_FIELDS[] = {
  { "ACCOUNT", CLS_REQUIRED, 20, 0, "", 2, 1 },
  { "ITEM", CLS_OPTIONAL, 32, 3, "", 2, 1 },
};
static const field_def_t PASSBOOK_FIELDS[] = {
  { "LINE", CLS_OPTIONAL, 40, 4, "", 0, 0 },
};
static const form_def_t FORMS[] = {
  { "RECEIPT", RECEIPT_FIELDS, 5, 0, "" },
  { "BALANCE", BALANCE_FIELDS, 3, 0, "" },
  { "CHEQUE", CHEQUE_FIELDS, 3, 1, "Please insert your cheque" },
  { "PASSBOOK", PASSBOOK_FIELDS, 1, 1, "Please insert your passbook" },
  { "DEPOSIT", DEPOSIT_FIELDS, 2, 1, "Please insert your deposit slip" },
};
#define NFORMS 5
const char *const SIM_PTR_MEDIA_NAMES[] = { "RECEIPT80", NULL };

const form_def_t *sim_ptr_find_form(const ptr_state_t *d, const char *name) {
  for (int i = 0; i < NFORMS; i++) {
    if (FORMS[i].doc_only && d->kind != KIND_DOCUMENT) continue;
    if (!strcmp(FORMS[i].name, name)) return &FORMS[i];
  }
  return NULL;
}

int sim_ptr_form_names(const ptr_state_t *d, const char **out, int max) {
  int n = 0;
  for (int i = 0; i < NFORMS && n < max - 1; i++) if (!FORMS[i].doc_only || d->kind == KIND_DOCUMENT) out[n++] = FORMS[i].name;
  for (int i = 0; i < d->nloaded && n < max - 1; i++) if (d->loaded_type[i] == 1) out[n++] = d->loaded[i];
  out[n] = NULL;
  return n;
}

int sim_ptr_find_field(const form_def_t *f, const char *name) {
  for (int i = 0; i < f->nfields; i++) if (!strcmp(f->fields[i].name, name)) return i;
  return -1;
}
