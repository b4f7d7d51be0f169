/* Simulated CAM: room, person and exit slot cameras recording to one medium of 10 pictures (high
 * at 8: MEDIATHRESHOLD user events on each change). TAKE_PICTURE keeps the count per camera and the
 * text added to the picture (SimCamLastData); text longer than the 64 characters the unit can add
 * raises the INVALIDDATA execute event and is cut. All with g_lock held. */
#include <string.h>
#include "sim_cam.h"

enum { INF_STATUS = 1001, INF_CAPABILITIES = 1002 };
enum { CMD_TAKE_PICTURE = 1001, CMD_RESET = 1002 };
enum { EV_MEDIATHRESHOLD = 1001, EV_INVALIDDATA = 1002 };
enum { E_CAMNOTSUPP = -1000, E_MEDIAFULL = -1001, E_CAMINOP = -1002 };
enum { MEDIA_OK = 0, MEDIA_HIGH = 1, MEDIA_FULL = 2 };
enum { CAM_OK = 1, CAM_INOP = 2 };
#define CAM_CAPACITY 10
#define CAM_HIGH 8
#define CAM_SLOTS 32

static cam_state_t g_cam[CAM_SLOTS];

cam_state_t *sim_cam_state(sim_service_t *svc) {
  for (int i = 0; i < CAM_SLOTS; i++) if (g_cam[i].svc == svc) return &g_cam[i];
  return NULL;
}

static void init(sim_service_t *svc) {
  cam_state_t *d = sim_cam_state(svc);
  for (int i = 0; !d && i < CAM_SLOTS; i++) if (!g_cam[i].svc) d = &g_cam[i];
  if (!d) return;
  memset(d, 0, sizeof *d);
  d->svc = svc;
  d->cameras[0] = CAM_OK; d->cameras[1] = CAM_OK; d->cameras[2] = CAM_OK;
  d->last_camera = -1;
}

static int parse_exec(uint16_t v, uint32_t cmd, const void *data, sim_input_t *in) {
  (void)v;
  switch (cmd) {
  case CMD_TAKE_PICTURE: {
    if (!data) return R_INVALID_POINTER;
    const cam_take_picture_t *p = data;
    in->w[0] = p->wCamera;
    if (p->lpszCamData) {
      size_t n = strlen(p->lpszCamData);
      in->w[1] = n > CAM_MAX_DATA;
      if (n > CAM_MAX_DATA) n = CAM_MAX_DATA;
      memcpy(in->bytes, p->lpszCamData, n);
      in->nbytes = (uint32_t)n;
    }
    return 0;
  }
  case CMD_RESET: return 0;
  default: return R_UNSUPP_COMMAND;
  }
}

static int parse_info(uint16_t v, uint32_t cat, const void *data, sim_input_t *in) {
  (void)v; (void)data; (void)in;
  return cat == INF_STATUS || cat == INF_CAPABILITIES ? 0 : R_UNSUPP_CATEGORY;
}

static void fill_threshold(wfs_result_t *r, uint16_t v, const void *ctx) {
  (void)v;
  uint16_t *w = sim_alloc_more(r, sizeof *w);
  *w = *(const uint16_t *)ctx;
  r->lpBuffer = w;
}

static int total(const cam_state_t *d) {
  int n = 0;
  for (int i = 0; i < CAM_NCAMERAS; i++) n += d->pictures[i];
  return n;
}

/* Sets the medium state from the picture count; a change is a MEDIATHRESHOLD user event. */
void sim_cam_update_media(cam_state_t *d) {
  int n = total(d);
  uint16_t m = n >= CAM_CAPACITY ? MEDIA_FULL : n >= CAM_HIGH ? MEDIA_HIGH : MEDIA_OK;
  if (m == d->media) return;
  d->media = m;
  sim_event(d->svc, EVC_USER, NULL, EV_MEDIATHRESHOLD, fill_threshold, &d->media);
}

static int32_t take_picture(sim_service_t *svc, sim_request_t *req, cam_state_t *d) {
  uint32_t cam = req->in.w[0];
  if (cam >= CAM_NCAMERAS || !d->cameras[cam]) return E_CAMNOTSUPP;
  if (d->cameras[cam] == CAM_INOP) return E_CAMINOP;
  if (d->media == MEDIA_FULL) return E_MEDIAFULL;
  if (req->in.w[1]) sim_event(svc, EVC_EXECUTE, req, EV_INVALIDDATA, NULL, NULL);
  memcpy(d->last_data, req->in.bytes, req->in.nbytes);
  d->last_data[req->in.nbytes] = 0;
  d->last_camera = (int)cam;
  d->pictures[cam]++;
  sim_cam_update_media(d);
  return 0;
}

static int32_t execute(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  (void)r;
  cam_state_t *d = sim_cam_state(svc);
  if (!d) return R_INTERNAL_ERROR;
  switch (req->code) {
  case CMD_TAKE_PICTURE: return take_picture(svc, req, d);
  case CMD_RESET:
    for (int i = 0; i < CAM_NCAMERAS; i++) if (d->cameras[i] == CAM_INOP) d->cameras[i] = CAM_OK;
    return 0;
  default: return R_UNSUPP_COMMAND;
  }
}

static const char *const EXTRA[] = { "Simulator=xfs4iot-gateway", "Model=SIM-CAM-1", NULL };

static int32_t info(sim_service_t *svc, sim_request_t *req, wfs_result_t *r) {
  cam_state_t *d = sim_cam_state(svc);
  if (!d) return R_INTERNAL_ERROR;
  int vn = sim_vnum(req->version);
  if (req->code == INF_STATUS) {
    cam_status_v320_t *s = sim_alloc_more(r, vn >= 320 ? sizeof(cam_status_v320_t) : sizeof(cam_status_v300_t));
    s->fwDevice = STAT_DEVONLINE;
    for (int i = 0; i < CAM_NCAMERAS; i++) {
      s->fwMedia[i] = d->cameras[i] ? d->media : 4;   /* WFS_CAM_MEDIANOTSUPP */
      s->fwCameras[i] = d->cameras[i];
      s->usPictures[i] = d->pictures[i];
    }
    s->lpszExtra = sim_extra_more(r, EXTRA);
    r->lpBuffer = s;
    return 0;
  }
  if (req->code == INF_CAPABILITIES) {
    size_t sz = vn >= 330 ? sizeof(cam_caps_v330_t) : vn >= 320 ? sizeof(cam_caps_v320_t) : sizeof(cam_caps_v300_t);
    cam_caps_v330_t *c = sim_alloc_more(r, sz);
    c->wClass = 10; c->fwType = 1;
    for (int i = 0; i < 3; i++) c->fwCameras[i] = 1;
    c->usMaxPictures = CAM_CAPACITY;
    c->fwCamData = 2;           /* WFS_CAM_MANADD: the application's text is added */
    c->usMaxDataLength = CAM_MAX_DATA;
    c->fwCharSupport = 1;       /* ASCII */
    c->lpszExtra = sim_extra_more(r, EXTRA);
    if (vn >= 330) c->lpdwSynchronizableCommands = sim_alloc_more(r, sizeof(uint32_t));
    r->lpBuffer = c;
    return 0;
  }
  return R_UNSUPP_CATEGORY;
}

const sim_class_t sim_cam_class = { parse_exec, parse_info, execute, info, init, NULL, NULL };
