/* The simulated SIU (sensors and indicators unit): its packed structs and device state. Included
 * by sim.h for the service union; used by sim_siu.c, sim_siu_control.c and the layout table.
 * Port arrays have the same size in every 3.x version (32 sensors; 16 doors, indicators, auxiliaries,
 * guidance lights); 3.20 appends power-save, anti-fraud and auto start-up fields, 3.30 the
 * synchronizable commands. */
#ifndef XFS4IOT_SIMULATOR_SIU_H
#define XFS4IOT_SIMULATOR_SIU_H
#include <stdint.h>

#define SIU_NSENSORS 32
#define SIU_NPORTS 16

#pragma pack(push, 1)
#define SIU_PORTS_FIELDS(nsensors) \
  uint16_t fwSensors[nsensors]; uint16_t fwDoors[SIU_NPORTS]; uint16_t fwIndicators[SIU_NPORTS]; \
  uint16_t fwAuxiliaries[SIU_NPORTS]; uint16_t fwGuidLights[SIU_NPORTS];
typedef struct { uint16_t fwDevice; SIU_PORTS_FIELDS(SIU_NSENSORS) char *lpszExtra; } siu_status_v300_t;
typedef struct {
  uint16_t fwDevice; SIU_PORTS_FIELDS(SIU_NSENSORS) char *lpszExtra; uint16_t usPowerSaveRecoveryTime;
  uint16_t wAntiFraudModule;
} siu_status_v320_t;
typedef struct { uint16_t wClass; uint16_t fwType; SIU_PORTS_FIELDS(SIU_NSENSORS) char *lpszExtra; } siu_caps_v300_t;
#define SIU_CAPS_V320_FIELDS \
  uint16_t wClass; uint16_t fwType; SIU_PORTS_FIELDS(SIU_NSENSORS) char *lpszExtra; int32_t bPowerSaveControl; \
  uint16_t fwAutoStartupMode; int32_t bAntiFraudModule;
typedef struct { SIU_CAPS_V320_FIELDS } siu_caps_v320_t;
typedef struct { SIU_CAPS_V320_FIELDS uint32_t *lpdwSynchronizableCommands; } siu_caps_v330_t;
typedef struct { SIU_PORTS_FIELDS(SIU_NSENSORS) char *lpszExtra; } siu_enable_t;
typedef struct { uint16_t wPort; uint16_t fwCommand; } siu_set_port_t;   /* SET_DOOR/INDICATOR/AUXILIARY/GUIDLIGHT */
typedef struct { uint16_t wPortType; uint16_t wPortIndex; uint16_t wPortStatus; char *lpszExtra; } siu_port_event_t;
/* WFSSIUPOWERSAVECONTROL and WFSSIUPOWERSAVECHANGE (3.20+): one USHORT each */
typedef struct { uint16_t usPowerSaveTime; } siu_power_save_t;
/* WFSSIUGETSTARTUPTIME and WFSSIUSETSTARTUPTIME (3.20+): the same two fields */
typedef struct { uint16_t wMode; void *lpStartTime; } siu_startup_time_t;
#pragma pack(pop)

typedef struct {
  uint16_t sensors[SIU_NSENSORS], doors[SIU_NPORTS], indicators[SIU_NPORTS], aux[SIU_NPORTS], guid[SIU_NPORTS];
  /* PORT_STATUS reporting enabled per port (WFS_CMD_SIU_ENABLE_EVENTS; all off at start) */
  uint8_t en_sensors[SIU_NSENSORS], en_doors[SIU_NPORTS], en_indicators[SIU_NPORTS], en_aux[SIU_NPORTS], en_guid[SIU_NPORTS];
  /* auto start-up (3.20+): WFS_SIU_AUTOSTARTUP_CLEAR when none; year, month, dayOfWeek, day, hour, minute */
  uint16_t autostart_mode;
  uint16_t power_save_time;    /* usPowerSaveRecoveryTime (3.20+) */
  uint16_t autostart[6];
} sim_siu_state_t;

struct sim_service;
/* sim_siu.c: set (raising PORT_STATUS when enabled) or read one port; -1 when it does not exist. */
int sim_siu_set_port(struct sim_service *svc, int type, int index, uint16_t value);
int sim_siu_get_port(struct sim_service *svc, int type, int index);
/* sim_siu_control.c: appends the SIU structs to the SimLayouts table. */
char *sim_siu_layouts(char *p, const char *end);

#endif
