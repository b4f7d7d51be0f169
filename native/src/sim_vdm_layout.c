/* sizeof/offsetof of the VDM structs for the layout table (see sim_layout.c). */
#include <stdio.h>
#include "sim_vdm.h"

#define S(t) p += snprintf(p, (size_t)(end - p), "S %s %zu\n", #t, sizeof(t));
#define F(t, f) p += snprintf(p, (size_t)(end - p), "F %s %zu\n", #f, offsetof(t, f));

char *sim_vdm_layouts(char *p, char *end) {
  S(vdm_app_status_t)
  F(vdm_app_status_t, lpszAppID)
  F(vdm_app_status_t, wAppStatus)
  S(vdm_status_t)
  F(vdm_status_t, wDevice)
  F(vdm_status_t, wService)
  F(vdm_status_t, lppAppStatus)
  F(vdm_status_t, lpszExtra)
  S(vdm_caps_t)
  F(vdm_caps_t, wClass)
  F(vdm_caps_t, lpszExtra)
  S(vdm_active_interface_t)
  F(vdm_active_interface_t, wActiveInterface)
  return p;
}
