/* The simulated printer's forms and media, as data: a receipt with a title, optional date,
 * account and three message lines, and a required amount; a balance slip. */
#include <string.h>
#include "sim_ptr.h"

static const field_def_t RECEIPT_FIELDS[] = {
  { "TITLE", CLS_STATIC, 24, 0, "SIMULATED BANK" },
  { "DATE", CLS_OPTIONAL, 20, 0, "" },
  { "ACCOUNT", CLS_OPTIONAL, 20, 0, "" },
  { "AMOUNT", CLS_REQUIRED, 16, 0, "" },
  { "LINE", CLS_OPTIONAL, 32, 3, "" },
};
static const field_def_t BALANCE_FIELDS[] = {
  { "TITLE", CLS_STATIC, 24, 0, "BALANCE ENQUIRY" },
  { "ACCOUNT", CLS_OPTIONAL, 20, 0, "" },
  { "BALANCE", CLS_REQUIRED, 16, 0, "" },
};
static const form_def_t FORMS[] = {
  { "RECEIPT", RECEIPT_FIELDS, 5 },
  { "BALANCE", BALANCE_FIELDS, 3 },
};
#define NFORMS 2
const char *const SIM_PTR_FORM_NAMES[] = { "RECEIPT", "BALANCE", NULL };
const char *const SIM_PTR_MEDIA_NAMES[] = { "RECEIPT80", NULL };

const form_def_t *sim_ptr_find_form(const char *name) {
  for (int i = 0; i < NFORMS; i++) if (!strcmp(FORMS[i].name, name)) return &FORMS[i];
  return NULL;
}

int sim_ptr_find_field(const form_def_t *f, const char *name) {
  for (int i = 0; i < f->nfields; i++) if (!strcmp(f->fields[i].name, name)) return i;
  return -1;
}
