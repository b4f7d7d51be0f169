// VDM struct layouts (names as in native/src/sim_vdm.h); one layout serves 3.00 to 3.30.
import { struct } from '../layout.ts';

export const VDM_APP_STATUS = struct('vdm_app_status_t', [['lpszAppID', 'ptr'], ['wAppStatus', 'u16']]);
export const VDM_STATUS = struct('vdm_status_t', [['wDevice', 'u16'], ['wService', 'u16'], ['lppAppStatus', 'ptr'], ['lpszExtra', 'ptr']]);
export const VDM_CAPS = struct('vdm_caps_t', [['wClass', 'u16'], ['lpszExtra', 'ptr']]);
export const VDM_ACTIVE_INTERFACE = struct('vdm_active_interface_t', [['wActiveInterface', 'u16']]);
