/* The simulated CAM (camera unit): its packed structs and device state, private to sim_cam*.c.
 * Layouts: 3.00 status ends after lpszExtra (3.20 appends wAntiFraudModule); 3.00 capabilities end
 * after lpszExtra (3.20 appends bPictureFile and bAntiFraudModule, 3.30 the synchronizable commands). */
#ifndef XFS4IOT_SIMULATOR_CAM_H
#define XFS4IOT_SIMULATOR_CAM_H
#include <stdint.h>
#include "sim.h"

#define CAM_NCAMERAS 8
#define CAM_MAX_DATA 64

#pragma pack(push, 1)
#define CAM_STATUS_V300_FIELDS \
  uint16_t fwDevice; uint16_t fwMedia[CAM_NCAMERAS]; uint16_t fwCameras[CAM_NCAMERAS]; uint16_t usPictures[CAM_NCAMERAS]; \
  char *lpszExtra;
typedef struct { CAM_STATUS_V300_FIELDS } cam_status_v300_t;
typedef struct { CAM_STATUS_V300_FIELDS uint16_t wAntiFraudModule; } cam_status_v320_t;
#define CAM_CAPS_V300_FIELDS \
  uint16_t wClass; uint16_t fwType; uint16_t fwCameras[CAM_NCAMERAS]; uint16_t usMaxPictures; uint16_t fwCamData; \
  uint16_t usMaxDataLength; uint16_t fwCharSupport; char *lpszExtra;
#define CAM_CAPS_V320_FIELDS CAM_CAPS_V300_FIELDS int32_t bPictureFile; int32_t bAntiFraudModule;
typedef struct { CAM_CAPS_V300_FIELDS } cam_caps_v300_t;
typedef struct { CAM_CAPS_V320_FIELDS } cam_caps_v320_t;
typedef struct { CAM_CAPS_V320_FIELDS uint32_t *lpdwSynchronizableCommands; } cam_caps_v330_t;
typedef struct { uint16_t wCamera; char *lpszCamData; uint16_t *lpszUNICODECamData; } cam_take_picture_t;
#pragma pack(pop)

typedef struct {
  sim_service_t *svc;
  uint16_t cameras[CAM_NCAMERAS];   /* fwCameras: 0 not supported, 1 ok, 2 inoperative */
  uint16_t pictures[CAM_NCAMERAS];  /* usPictures */
  uint16_t media;                   /* fwMedia of every camera: one shared recording medium */
  char last_data[CAM_MAX_DATA + 1]; /* text added to the last picture */
  int last_camera;
} cam_state_t;

cam_state_t *sim_cam_state(sim_service_t *svc);
char *sim_cam_layouts(char *p, const char *end);

#endif
