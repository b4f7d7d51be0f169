/* Control of the simulated barcode reader for tests and developers: present a barcode to the
 * scanner, read the guidance light; and the BCR struct layouts for the layout table. */
#include <stdio.h>
#include <string.h>
#include "sim_bcr.h"

int sim_bcr_supports(uint16_t s);

static bcr_state_t *bcr_service(const char *name) {
  sim_service_t *s = sim_find_class_service(name, 15);
  return s ? sim_bcr_state(s) : NULL;
}

/* Puts a barcode in front of the scanner (a waiting READ takes it). symbology 0xffff: a code that
 * cannot be decoded. Returns 0, -1 unknown service, -2 symbology not supported, -3 data too long. */
SIM_EXPORT int32_t SimBcrPresent(const char *name, uint32_t symbology, const uint8_t *data, uint32_t len) {
  if (len > BCR_MAX_DATA) return -3;
  pthread_mutex_lock(&g_lock);
  bcr_state_t *d = bcr_service(name);
  int32_t rc = -1;
  if (d) {
    if (symbology != 0xffff && !sim_bcr_supports((uint16_t)symbology)) rc = -2;
    else {
      d->invalid = symbology == 0xffff;
      d->symbology = (uint16_t)symbology;
      if (len) memcpy(d->data, data, len);
      d->len = len;
      d->presented = 1;
      pthread_cond_broadcast(&d->svc->cv);
      rc = 0;
    }
  }
  pthread_mutex_unlock(&g_lock);
  return rc;
}

/* The guidance light's dwGuidLights value, -1 unknown service. */
SIM_EXPORT int32_t SimBcrGetLight(const char *name) {
  pthread_mutex_lock(&g_lock);
  bcr_state_t *d = bcr_service(name);
  int32_t rc = d ? (int32_t)d->light : -1;
  pthread_mutex_unlock(&g_lock);
  return rc;
}

#define S(t) p += snprintf(p, (size_t)(end - p), "S %s %zu\n", #t, sizeof(t));
#define F(t, f) p += snprintf(p, (size_t)(end - p), "F %s %zu\n", #f, offsetof(t, f));
#define STATUS(t) F(t, fwDevice) F(t, fwBCRScanner) F(t, dwGuidLights) F(t, lpszExtra) F(t, wDevicePosition) \
  F(t, usPowerSaveRecoveryTime)
#define CAPS(t) F(t, wClass) F(t, bCompound) F(t, bCanFilterSymbologies) F(t, lpwSymbologies) F(t, dwGuidLights) \
  F(t, lpszExtra) F(t, bPowerSaveControl)

char *sim_bcr_layouts(char *p, const char *end) {
  S(bcr_status_v310_t) STATUS(bcr_status_v310_t)
  S(bcr_status_v320_t) STATUS(bcr_status_v320_t) F(bcr_status_v320_t, wAntiFraudModule)
  S(bcr_caps_v310_t) CAPS(bcr_caps_v310_t)
  S(bcr_caps_v320_t) CAPS(bcr_caps_v320_t) F(bcr_caps_v320_t, bAntiFraudModule)
  S(bcr_caps_v330_t) CAPS(bcr_caps_v330_t) F(bcr_caps_v330_t, bAntiFraudModule) F(bcr_caps_v330_t, lpdwSynchronizableCommands)
  S(bcr_xdata_t) F(bcr_xdata_t, usLength) F(bcr_xdata_t, lpbData)
  S(bcr_read_input_t) F(bcr_read_input_t, lpwSymbologies)
  S(bcr_read_output_t) F(bcr_read_output_t, wSymbology) F(bcr_read_output_t, lpxBarcodeData) F(bcr_read_output_t, lpszSymbologyName)
  S(bcr_set_guidlight_t) F(bcr_set_guidlight_t, wGuidLight) F(bcr_set_guidlight_t, dwCommand)
  return p;
}
