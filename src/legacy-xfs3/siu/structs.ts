// SIU struct layouts per version. The five port arrays are WORD arrays, declared as byte fields of
// twice their length (the layout has no WORD-array type); siu/codec.ts reads and writes their words.
// The arrays are the same in every 3.x version (32 sensors, 16 of the others): 3.20 appends fields.
import { struct } from '../layout.ts';
import type { FieldType, StructSpec } from '../layout.ts';

export const SIU_PORTS = 16;
export const SIU_SENSORS = 32;

const words = (n: number): FieldType => `chars:${2 * n}`;
const ports = (sensors: number): StructSpec => [
  ['fwSensors', words(sensors)], ['fwDoors', words(SIU_PORTS)], ['fwIndicators', words(SIU_PORTS)],
  ['fwAuxiliaries', words(SIU_PORTS)], ['fwGuidLights', words(SIU_PORTS)],
];

export const SIU_STATUS_V300 = struct('siu_status_v300_t', [['fwDevice', 'u16'], ...ports(SIU_SENSORS), ['lpszExtra', 'ptr']]);
export const SIU_STATUS_V320 = struct('siu_status_v320_t', [
  ['fwDevice', 'u16'], ...ports(SIU_SENSORS), ['lpszExtra', 'ptr'], ['usPowerSaveRecoveryTime', 'u16'], ['wAntiFraudModule', 'u16'],
]);
export const SIU_CAPS_V300 = struct('siu_caps_v300_t', [['wClass', 'u16'], ['fwType', 'u16'], ...ports(SIU_SENSORS), ['lpszExtra', 'ptr']]);
const caps320: StructSpec = [
  ['wClass', 'u16'], ['fwType', 'u16'], ...ports(SIU_SENSORS), ['lpszExtra', 'ptr'], ['bPowerSaveControl', 'bool'],
  ['fwAutoStartupMode', 'u16'], ['bAntiFraudModule', 'bool'],
];
export const SIU_CAPS_V320 = struct('siu_caps_v320_t', caps320);
export const SIU_CAPS_V330 = struct('siu_caps_v330_t', [...caps320, ['lpdwSynchronizableCommands', 'ptr']]);
export const SIU_ENABLE = struct('siu_enable_t', [...ports(SIU_SENSORS), ['lpszExtra', 'ptr']]);
/** WFSSIUSETDOOR / SETINDICATOR / SETAUXILIARY / SETGUIDLIGHT: all two WORDs (port, command). */
export const SIU_SET_PORT = struct('siu_set_port_t', [['wPort', 'u16'], ['fwCommand', 'u16']]);
/** WFSSIUPOWERSAVECONTROL / WFSSIUPOWERSAVECHANGE (3.20+): one USHORT. */
export const SIU_POWER_SAVE = struct('siu_power_save_t', [['usPowerSaveTime', 'u16']]);
/** WFSSIUGETSTARTUPTIME / WFSSIUSETSTARTUPTIME (3.20+). */
export const SIU_STARTUP_TIME = struct('siu_startup_time_t', [['wMode', 'u16'], ['lpStartTime', 'ptr']]);
export const SIU_PORT_EVENT = struct('siu_port_event_t', [
  ['wPortType', 'u16'], ['wPortIndex', 'u16'], ['wPortStatus', 'u16'], ['lpszExtra', 'ptr'],
]);
