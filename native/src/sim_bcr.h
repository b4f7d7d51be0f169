/* The simulated BCR (barcode reader): its packed structs and device state, private to sim_bcr*.c.
 * The simulated reader speaks the 3.10 (the first BCR version), 3.20 and 3.30 layouts: 3.20 appended
 * the anti-fraud module to status and capabilities, 3.30 the synchronizable commands to the
 * capabilities; it refuses sessions below 3.10. */
#ifndef XFS4IOT_SIMULATOR_BCR_H
#define XFS4IOT_SIMULATOR_BCR_H
#include <stdint.h>
#include "sim.h"

#define BCR_NLIGHTS 32
#define BCR_MAX_DATA 512

#pragma pack(push, 1)
#define BCR_STATUS_V310_FIELDS \
  uint16_t fwDevice; uint16_t fwBCRScanner; uint32_t dwGuidLights[BCR_NLIGHTS]; char *lpszExtra; \
  uint16_t wDevicePosition; uint16_t usPowerSaveRecoveryTime;
typedef struct { BCR_STATUS_V310_FIELDS } bcr_status_v310_t;
typedef struct { BCR_STATUS_V310_FIELDS uint16_t wAntiFraudModule; } bcr_status_v320_t;
#define BCR_CAPS_V310_FIELDS \
  uint16_t wClass; int32_t bCompound; int32_t bCanFilterSymbologies; uint16_t *lpwSymbologies; \
  uint32_t dwGuidLights[BCR_NLIGHTS]; char *lpszExtra; int32_t bPowerSaveControl;
#define BCR_CAPS_V320_FIELDS BCR_CAPS_V310_FIELDS int32_t bAntiFraudModule;
typedef struct { BCR_CAPS_V310_FIELDS } bcr_caps_v310_t;
typedef struct { BCR_CAPS_V320_FIELDS } bcr_caps_v320_t;
typedef struct { BCR_CAPS_V320_FIELDS uint32_t *lpdwSynchronizableCommands; } bcr_caps_v330_t;
typedef struct { uint16_t usLength; uint8_t *lpbData; } bcr_xdata_t;
typedef struct { uint16_t *lpwSymbologies; } bcr_read_input_t;
typedef struct { uint16_t wSymbology; bcr_xdata_t *lpxBarcodeData; char *lpszSymbologyName; } bcr_read_output_t;
typedef struct { uint16_t wGuidLight; uint32_t dwCommand; } bcr_set_guidlight_t;
#pragma pack(pop)

typedef struct {
  sim_service_t *svc;
  int presented;               /* a barcode waits in front of the scanner */
  int invalid;                 /* ... and cannot be decoded */
  uint16_t symbology;
  uint8_t data[BCR_MAX_DATA];
  uint32_t len;
  int reading;                 /* a READ waits: the scanner is on */
  uint32_t light;              /* dwGuidLights[WFS_BCR_GUIDANCE_BCR] */
} bcr_state_t;

bcr_state_t *sim_bcr_state(sim_service_t *svc);
char *sim_bcr_layouts(char *p, const char *end);

#endif
