// Layouts of the XFS Manager structs (WFSRESULT, WFSVERSION, system event payloads) and of the
// Win32 MSG the pump reads. Names match the simulator's layout table (native/src/sim.h).
import { defineNested, struct } from './layout.ts';

defineNested('systemtime', [
  ['wYear', 'u16'], ['wMonth', 'u16'], ['wDayOfWeek', 'u16'], ['wDay', 'u16'],
  ['wHour', 'u16'], ['wMinute', 'u16'], ['wSecond', 'u16'], ['wMilliseconds', 'u16'],
]);

export const SYSTEMTIME = struct('sim_systemtime_t', [
  ['wYear', 'u16'], ['wMonth', 'u16'], ['wDayOfWeek', 'u16'], ['wDay', 'u16'],
  ['wHour', 'u16'], ['wMinute', 'u16'], ['wSecond', 'u16'], ['wMilliseconds', 'u16'],
]);

export const WFSRESULT = struct('wfs_result_t', [
  ['RequestID', 'u32'], ['hService', 'u16'], ['tsTimestamp', 'struct:systemtime'], ['hResult', 'i32'],
  ['dwCommandCodeOrEventID', 'u32'], ['lpBuffer', 'ptr'],
]);

export const WFSVERSION = struct('wfs_version_t', [
  ['wVersion', 'u16'], ['wLowVersion', 'u16'], ['wHighVersion', 'u16'],
  ['szDescription', 'chars:257'], ['szSystemStatus', 'chars:257'],
]);

export const WFSDEVSTATUS = struct('wfs_devstatus_t', [
  ['lpszPhysicalName', 'ptr'], ['lpszWorkstationName', 'ptr'], ['dwState', 'u32'],
]);

export const WFSUNDEVMSG = struct('wfs_undevmsg_t', [
  ['lpszLogicalName', 'ptr'], ['lpszWorkstationName', 'ptr'], ['lpszAppID', 'ptr'], ['dwSize', 'u32'],
  ['lpbDescription', 'ptr'], ['dwMsg', 'u32'], ['lpWFSResult', 'ptr'],
]);

export const WFSHWERROR = struct('wfs_hwerror_t', [
  ['lpszLogicalName', 'ptr'], ['lpszPhysicalName', 'ptr'], ['lpszWorkstationName', 'ptr'], ['lpszAppID', 'ptr'],
  ['dwAction', 'u32'], ['dwSize', 'u32'], ['lpbDescription', 'ptr'],
]);
