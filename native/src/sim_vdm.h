/* The VDM (vendor dependent mode) service of the simulator: its structs (pack 1, as the gateway
 * reads them) and what sim_layout.c needs to export their layouts. */
#ifndef XFS4IOT_SIMULATOR_VDM_H
#define XFS4IOT_SIMULATOR_VDM_H
#include "sim.h"

#pragma pack(push, 1)
typedef struct { char *lpszAppID; uint16_t wAppStatus; } vdm_app_status_t;
typedef struct { uint16_t wDevice; uint16_t wService; vdm_app_status_t **lppAppStatus; char *lpszExtra; } vdm_status_t;
typedef struct { uint16_t wClass; char *lpszExtra; } vdm_caps_t;
typedef struct { uint16_t wActiveInterface; } vdm_active_interface_t;
#pragma pack(pop)

char *sim_vdm_layouts(char *p, char *end);

enum { VDM_CMD_ENTER_MODE_REQ = 901, VDM_CMD_ENTER_MODE_ACK, VDM_CMD_EXIT_MODE_REQ, VDM_CMD_EXIT_MODE_ACK,
       VDM_CMD_SET_ACTIVE_INTERFACE };
enum { VDM_INF_STATUS = 901, VDM_INF_CAPABILITIES, VDM_INF_ACTIVE_INTERFACE };
enum { VDM_EV_ENTER_MODE_REQ = 901, VDM_EV_EXIT_MODE_REQ, VDM_EV_MODEENTERED, VDM_EV_MODEEXITED, VDM_EV_INTERFACE_CHANGED };
/* WFSVDMSTATUS.wService; also each application's wAppStatus (pending: its acknowledgement is awaited) */
enum { VDM_ENTERPENDING, VDM_ACTIVE, VDM_EXITPENDING, VDM_INACTIVE };

#endif
