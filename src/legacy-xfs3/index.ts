// Public surface of the XFS 3.x device layer for the bridge: start the manager from the
// configuration, open typed sessions, and (on the simulator) drive the devices.
import { defaultLibraries, validateConfig } from './config.ts';
import { LegacyXfsManager } from './manager.ts';
import { defaultSimulatorPath } from './simulator-control.ts';
import type { LegacyXfsConfig } from './types.ts';

export type * from './types.ts';
export type * from './idc/types.ts';
export type * from './cdm/types.ts';
export type * from './cim/types.ts';
export type * from './siu/types.ts';
export { XfsError } from './types.ts';
export { LegacyXfsManager } from './manager.ts';
export { resultName, resultCode } from './errors.ts';
export { IDC_CMD, IDC_INF, IDC_SOURCE, IDC_MEDIA, IDC_DATA_STATUS, IDC_RETAINBIN, IDC_CHIP_POWER, IDC_RESET_ACTION, IDC_CARD_ACTION } from './idc/codec.ts';
export { CDM_CMD, CDM_INF, CDM_POSITION, CDM_MIX } from './cdm/codec.ts';
export { CIM_CMD, CIM_INF, CIM_POSITION, CIM_CASH_IN_STATE, CIM_UNIT_TYPE } from './cim/codec.ts';
export { SIU_CMD, SIU_INF, SIU_PORT_TYPE } from './siu/codec.ts';
export { SimulatorControl, simulatorLibraries, defaultSimulatorPath } from './simulator-control.ts';
export { attachSimulatorConsole, runConsoleCommand } from './sim-console.ts';
export { ConfigError, servicesFromRegistry, regExeReader, mergeServices, validateConfig, defaultLibraries } from './config.ts';

/**
 * Starts the device layer: msxfs.dll/user32.dll on Windows, the simulator elsewhere, unless the
 * configuration names other libraries.
 */
export async function startLegacyXfs(config: Partial<LegacyXfsConfig> & Pick<LegacyXfsConfig, 'services'>): Promise<LegacyXfsManager> {
  const full = validateConfig({
    ...defaultLibraries(process.platform, defaultSimulatorPath()),
    appId: 'xfs4iot-gateway',
    ...config,
  });
  return LegacyXfsManager.start({
    managerLibrary: full.managerLibrary, windowLibrary: full.windowLibrary, appId: full.appId,
    services: full.services, reopen: full.reopen,
  });
}
