/* Control of the simulated SIU for tests and developers (open a door, turn the operator switch,
 * read a light back) and its struct layouts for the layout table. */
#include <stdio.h>
#include "sim.h"

static sim_service_t *siu_service(const char *name) {
  sim_service_t *s = sim_find_class_service(name, 8);
  return s ? s : NULL;
}

/* type: 1 sensors, 2 doors, 4 indicators, 8 auxiliaries, 16 guidance lights (WFS_SIU_SENSORS...).
 * Returns 0, -1 unknown service, -2 no such port. */
SIM_EXPORT int32_t SimSiuSetPort(const char *name, uint32_t type, uint32_t index, uint32_t value) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = siu_service(name);
  int32_t rc = -1;
  if (s) rc = sim_siu_set_port(s, (int)type, (int)index, (uint16_t)value) == 0 ? 0 : -2;
  pthread_mutex_unlock(&g_lock);
  return rc;
}

/* The port's current value, -1 unknown service, -2 no such port. */
SIM_EXPORT int32_t SimSiuGetPort(const char *name, uint32_t type, uint32_t index) {
  pthread_mutex_lock(&g_lock);
  sim_service_t *s = siu_service(name);
  int32_t rc = -1;
  if (s) { int v = sim_siu_get_port(s, (int)type, (int)index); rc = v < 0 ? -2 : v; }
  pthread_mutex_unlock(&g_lock);
  return rc;
}

#define S(t) p += snprintf(p, (size_t)(end - p), "S %s %zu\n", #t, sizeof(t));
#define F(t, f) p += snprintf(p, (size_t)(end - p), "F %s %zu\n", #f, offsetof(t, f));
#define PORTS(t) F(t, fwSensors) F(t, fwDoors) F(t, fwIndicators) F(t, fwAuxiliaries) F(t, fwGuidLights)

char *sim_siu_layouts(char *p, const char *end) {
  S(siu_status_v300_t) F(siu_status_v300_t, fwDevice) PORTS(siu_status_v300_t) F(siu_status_v300_t, lpszExtra)
  S(siu_status_v320_t) F(siu_status_v320_t, fwDevice) PORTS(siu_status_v320_t) F(siu_status_v320_t, lpszExtra)
  F(siu_status_v320_t, usPowerSaveRecoveryTime) F(siu_status_v320_t, wAntiFraudModule)
  S(siu_caps_v300_t) F(siu_caps_v300_t, wClass) F(siu_caps_v300_t, fwType) PORTS(siu_caps_v300_t) F(siu_caps_v300_t, lpszExtra)
  S(siu_caps_v320_t) F(siu_caps_v320_t, wClass) F(siu_caps_v320_t, fwType) PORTS(siu_caps_v320_t) F(siu_caps_v320_t, lpszExtra)
  F(siu_caps_v320_t, bPowerSaveControl) F(siu_caps_v320_t, fwAutoStartupMode) F(siu_caps_v320_t, bAntiFraudModule)
  S(siu_caps_v330_t) F(siu_caps_v330_t, wClass) F(siu_caps_v330_t, fwType) PORTS(siu_caps_v330_t) F(siu_caps_v330_t, lpszExtra)
  F(siu_caps_v330_t, bPowerSaveControl) F(siu_caps_v330_t, fwAutoStartupMode) F(siu_caps_v330_t, bAntiFraudModule)
  F(siu_caps_v330_t, lpdwSynchronizableCommands)
  S(siu_enable_t) PORTS(siu_enable_t) F(siu_enable_t, lpszExtra)
  S(siu_set_port_t) F(siu_set_port_t, wPort) F(siu_set_port_t, fwCommand)
  S(siu_port_event_t) F(siu_port_event_t, wPortType) F(siu_port_event_t, wPortIndex) F(siu_port_event_t, wPortStatus)
  F(siu_port_event_t, lpszExtra)
  S(siu_power_save_t) F(siu_power_save_t, usPowerSaveTime)
  S(siu_startup_time_t) F(siu_startup_time_t, wMode) F(siu_startup_time_t, lpStartTime)
  return p;
}
