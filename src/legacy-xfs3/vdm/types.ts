// Payloads of the VDM (vendor dependent mode) class as plain JS values; same conventions as
// idc/types.ts.
import type { CommandSpec } from '../types.ts';
import type { Extra } from '../idc/types.ts';

/** WFSVDMSTATUS.wService (and an application's wAppStatus) */
export const VDM_SERVICE = { ENTERPENDING: 0, ACTIVE: 1, EXITPENDING: 2, INACTIVE: 3 } as const;

export interface VdmAppStatus {
  appId: string;
  /** VDM_SERVICE values */
  appStatus: number;
}

export interface VdmStatus {
  device: number;
  /** VDM_SERVICE values */
  service: number;
  apps: VdmAppStatus[];
  extra: Extra;
}

export interface VdmCapabilities {
  class: number;
  extra: Extra;
}

export type VdmExecuteMap = {
  WFS_CMD_VDM_ENTER_MODE_REQ: CommandSpec<undefined, undefined>;
  WFS_CMD_VDM_ENTER_MODE_ACK: CommandSpec<undefined, undefined>;
  WFS_CMD_VDM_EXIT_MODE_REQ: CommandSpec<undefined, undefined>;
  WFS_CMD_VDM_EXIT_MODE_ACK: CommandSpec<undefined, undefined>;
  /** 3.20: WFS_VDM_OPERATOR_INTERFACE 0, WFS_VDM_CONSUMER_INTERFACE 1 */
  WFS_CMD_VDM_SET_ACTIVE_INTERFACE: CommandSpec<{ activeInterface: number }, undefined>;
};

export type VdmInfoMap = {
  WFS_INF_VDM_STATUS: CommandSpec<undefined, VdmStatus>;
  WFS_INF_VDM_CAPABILITIES: CommandSpec<undefined, VdmCapabilities>;
  /** 3.20 */
  WFS_INF_VDM_ACTIVE_INTERFACE: CommandSpec<undefined, number>;
};

export interface VdmEventData {
  WFS_SRVE_VDM_ENTER_MODE_REQ: undefined;
  WFS_SRVE_VDM_EXIT_MODE_REQ: undefined;
  WFS_SYSE_VDM_MODEENTERED: undefined;
  WFS_SYSE_VDM_MODEEXITED: undefined;
  /** 3.20: the active interface */
  WFS_SRVE_VDM_INTERFACE_CHANGED: number;
}
