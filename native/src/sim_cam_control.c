/* Control of the simulated camera unit for tests and developers: a camera's state, the pictures
 * taken and the text added to the last one; and the CAM struct layouts for the layout table. */
#include <stdio.h>
#include <string.h>
#include "sim_cam.h"

void sim_cam_update_media(cam_state_t *d);

static cam_state_t *cam_service(const char *name) {
  sim_service_t *s = sim_find_class_service(name, 10);
  return s ? sim_cam_state(s) : NULL;
}

/* state: 1 ok, 2 inoperative. 0, -1 unknown service, -2 no such camera or state. */
SIM_EXPORT int32_t SimCamSetCamera(const char *name, uint32_t camera, uint32_t state) {
  pthread_mutex_lock(&g_lock);
  cam_state_t *d = cam_service(name);
  int32_t rc = -1;
  if (d) {
    if (camera >= CAM_NCAMERAS || !d->cameras[camera] || (state != 1 && state != 2)) rc = -2;
    else { d->cameras[camera] = (uint16_t)state; rc = 0; }
  }
  pthread_mutex_unlock(&g_lock);
  return rc;
}

/* Pictures taken by one camera, -1 unknown service, -2 no such camera. */
SIM_EXPORT int32_t SimCamPictures(const char *name, uint32_t camera) {
  pthread_mutex_lock(&g_lock);
  cam_state_t *d = cam_service(name);
  int32_t rc = d ? (camera < CAM_NCAMERAS ? d->pictures[camera] : -2) : -1;
  pthread_mutex_unlock(&g_lock);
  return rc;
}

/* Empties the recording medium (the operator replaced it): MEDIATHRESHOLD back to ok. */
SIM_EXPORT int32_t SimCamClearMedia(const char *name) {
  pthread_mutex_lock(&g_lock);
  cam_state_t *d = cam_service(name);
  if (d) { memset(d->pictures, 0, sizeof d->pictures); sim_cam_update_media(d); }
  pthread_mutex_unlock(&g_lock);
  return d ? 0 : -1;
}

/* The text added to the last picture ("" when none), NULL for an unknown service. The buffer stays
 * valid until the next picture of that service. */
SIM_EXPORT const char *SimCamLastData(const char *name) {
  pthread_mutex_lock(&g_lock);
  cam_state_t *d = cam_service(name);
  const char *s = d ? d->last_data : NULL;
  pthread_mutex_unlock(&g_lock);
  return s;
}

#define S(t) p += snprintf(p, (size_t)(end - p), "S %s %zu\n", #t, sizeof(t));
#define F(t, f) p += snprintf(p, (size_t)(end - p), "F %s %zu\n", #f, offsetof(t, f));
#define STATUS(t) F(t, fwDevice) F(t, fwMedia) F(t, fwCameras) F(t, usPictures) F(t, lpszExtra)
#define CAPS(t) F(t, wClass) F(t, fwType) F(t, fwCameras) F(t, usMaxPictures) F(t, fwCamData) F(t, usMaxDataLength) \
  F(t, fwCharSupport) F(t, lpszExtra)

char *sim_cam_layouts(char *p, const char *end) {
  S(cam_status_v300_t) STATUS(cam_status_v300_t)
  S(cam_status_v320_t) STATUS(cam_status_v320_t) F(cam_status_v320_t, wAntiFraudModule)
  S(cam_caps_v300_t) CAPS(cam_caps_v300_t)
  S(cam_caps_v320_t) CAPS(cam_caps_v320_t) F(cam_caps_v320_t, bPictureFile) F(cam_caps_v320_t, bAntiFraudModule)
  S(cam_caps_v330_t) CAPS(cam_caps_v330_t) F(cam_caps_v330_t, bPictureFile) F(cam_caps_v330_t, bAntiFraudModule)
  F(cam_caps_v330_t, lpdwSynchronizableCommands)
  S(cam_take_picture_t) F(cam_take_picture_t, wCamera) F(cam_take_picture_t, lpszCamData) F(cam_take_picture_t, lpszUNICODECamData)
  return p;
}
