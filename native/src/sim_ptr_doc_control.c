/* Control of the simulated document printer for tests and developers: make a printer a document
 * printer, offer a document or passbook at its slot, let it retract media left at the exit, present
 * a further wad, pull or put back its retract bin, and set its stamp ink and scanner lamp. Events
 * newer than the service (RETRACTBINSTATUS 3.10, SRVE MEDIAPRESENTED and MEDIAAUTORETRACTED 3.20)
 * are not sent by a service whose highest version is older; the device state changes all the same. */
#include <stdio.h>
#include <string.h>
#include "sim_ptr.h"

static ptr_state_t *ptr_service(const char *name) {
  sim_service_t *s = sim_find_class_service(name, 1);
  return s ? sim_ptr_state(s) : NULL;
}

static void set_kind(ptr_state_t *d, uint32_t kind) {
  d->kind = (int)kind;
  d->ink = kind == KIND_DOCUMENT ? SUPPLY_FULL : NOTSUPP;
  d->lamp = kind == KIND_DOCUMENT ? SUPPLY_FULL : NOTSUPP;
  d->black_mark = kind == KIND_DOCUMENT ? 2 : 0;   /* off / not supported */
}

/* The built-in DocumentPrinter1 (sim_init_once, g_lock held). */
void sim_ptr_make_document(sim_service_t *svc) {
  ptr_state_t *d = svc ? sim_ptr_state(svc) : NULL;
  if (d) set_kind(d, KIND_DOCUMENT);
}

/* kind 0 receipt printer, 1 document printer (passbook, document, scanner, stamp ink, lamp). */
SIM_EXPORT int32_t SimPtrSetKind(const char *name, uint32_t kind) {
  if (kind > KIND_DOCUMENT) return -3;
  pthread_mutex_lock(&g_lock);
  ptr_state_t *d = ptr_service(name);
  if (d) set_kind(d, kind);
  pthread_mutex_unlock(&g_lock);
  return d ? 0 : -1;
}

/* A customer offers a document (type 0) or passbook (1) with "NAME=value;..." written on it;
 * reject = WFS_PTR_REJECT_* + 1 makes the printer refuse it. A waiting command draws it in;
 * without one the printer takes it in at once (WFS_SRVE_PTR_MEDIAINSERTED).
 * -2 media already there, -3 not a document printer or bad arguments. */
SIM_EXPORT int32_t SimPtrInsertMedia(const char *name, uint32_t type, const char *content, uint32_t reject) {
  if (type > DOC_PASSBOOK || reject > 9 || (content && strlen(content) >= DOC_MAX)) return -3;
  pthread_mutex_lock(&g_lock);
  ptr_state_t *d = ptr_service(name);
  int32_t rc = d ? 0 : -1;
  if (d && d->kind != KIND_DOCUMENT) rc = -3;
  else if (d && (d->media != MEDIA_NOTPRESENT || d->doc_waiting)) rc = -2;
  else if (d && !d->awaiting && reject) rc = -2;   /* nothing draws it in, so nothing rejects it */
  else if (d) {
    snprintf(d->doc, sizeof d->doc, "%s", content ? content : "");
    d->doc_type = (int)type;
    d->doc_reject = (int)reject;
    if (d->awaiting) {
      d->doc_waiting = 1;
      sim_kick(d->svc);
    } else {
      d->media = MEDIA_PRESENT;
      d->page = 1;
      d->closed = 0;
      sim_event(d->svc, EVC_SERVICE, NULL, EV_SRVMEDIAINSERTED, NULL, NULL);
    }
  }
  pthread_mutex_unlock(&g_lock);
  return rc;
}

/* The auto-retract period (WFSPTRCAPS.usAutoRetractPeriod) ran out with media at the exit:
 * it goes to bin 1 (WFS_SRVE_PTR_MEDIAAUTORETRACTED). -2 nothing at the exit. */
SIM_EXPORT int32_t SimPtrAutoRetract(const char *name) {
  pthread_mutex_lock(&g_lock);
  ptr_state_t *d = ptr_service(name);
  int32_t rc = d ? 0 : -1;
  if (d && d->media != MEDIA_ENTERING) rc = -2;
  else if (d) {
    uint16_t ev[2] = { 1, 0 };                      /* WFS_PTR_AUTO_RETRACT_MEDIAJAMMED: the bin is full */
    if (sim_ptr_bin_state(d) != BIN_FULL && sim_ptr_retract(d->svc, d, 1) == 0) { ev[0] = 0; ev[1] = 1; }
    else d->media = 2;                              /* WFS_PTR_MEDIAJAMMED */
    if (sim_vnum(d->svc->max_version) >= 320) sim_event(d->svc, EVC_SERVICE, NULL, EV_MEDIAAUTORETRACTED, sim_ptr_fill_two_words, ev);
  }
  pthread_mutex_unlock(&g_lock);
  return rc;
}

/* A further wad of a finished job reaches the exit (WFS_SRVE_PTR_MEDIAPRESENTED). -2 nothing inside. */
SIM_EXPORT int32_t SimPtrPresentWad(const char *name, uint32_t index, uint32_t total) {
  if (!index || index > 0xffff || total > 0xffff) return -3;
  pthread_mutex_lock(&g_lock);
  ptr_state_t *d = ptr_service(name);
  int32_t rc = d ? 0 : -1;
  if (d && d->media != MEDIA_PRESENT) rc = -2;
  else if (d) {
    d->media = MEDIA_ENTERING;
    uint16_t ev[2] = { (uint16_t)index, (uint16_t)total };
    if (sim_vnum(d->svc->max_version) >= 320) sim_event(d->svc, EVC_SERVICE, NULL, EV_SRVMEDIAPRESENTED, sim_ptr_fill_two_words, ev);
  }
  pthread_mutex_unlock(&g_lock);
  return rc;
}

/* The retract bin is pulled out (present 0) or put back (1): WFS_SRVE_PTR_RETRACTBINSTATUS. */
SIM_EXPORT int32_t SimPtrSetBinPresent(const char *name, uint32_t present) {
  pthread_mutex_lock(&g_lock);
  ptr_state_t *d = ptr_service(name);
  if (d && d->bin_missing == (present != 0)) {
    d->bin_missing = present == 0;
    uint16_t ev[2] = { 1, (uint16_t)(present ? 1 : 2) };   /* bin 1, inserted / removed */
    if (sim_vnum(d->svc->max_version) >= 310) sim_event(d->svc, EVC_SERVICE, NULL, EV_RETRACTBINSTATUS, sim_ptr_fill_two_words, ev);
  }
  pthread_mutex_unlock(&g_lock);
  return d ? 0 : -1;
}

/* Stamp ink (0 full, 1 low, 2 out) and scanner lamp (0 ok, 1 fading, 2 inoperative) of the
 * document printer; each change raises its threshold event. */
SIM_EXPORT int32_t SimPtrSetInkLamp(const char *name, uint32_t ink, uint32_t lamp) {
  if (ink > SUPPLY_OUT || lamp > SUPPLY_OUT) return -3;
  pthread_mutex_lock(&g_lock);
  ptr_state_t *d = ptr_service(name);
  int32_t rc = d ? 0 : -1;
  if (d && d->kind != KIND_DOCUMENT) rc = -3;
  else if (d) {
    uint16_t w;
    if ((int)ink != d->ink) { d->ink = (int)ink; w = (uint16_t)ink; sim_event(d->svc, EVC_USER, NULL, EV_INKTHRESHOLD, sim_ptr_fill_word, &w); }
    if ((int)lamp != d->lamp) { d->lamp = (int)lamp; w = (uint16_t)lamp; sim_event(d->svc, EVC_USER, NULL, EV_LAMPTHRESHOLD, sim_ptr_fill_word, &w); }
  }
  pthread_mutex_unlock(&g_lock);
  return rc;
}

/* The file name the last LOAD_DEFINITION was given ("" if none), valid until the next one. */
SIM_EXPORT const char *SimPtrLastDefinitionFile(const char *name) {
  pthread_mutex_lock(&g_lock);
  ptr_state_t *d = ptr_service(name);
  const char *file = d ? d->last_file : NULL;
  pthread_mutex_unlock(&g_lock);
  return file;
}
