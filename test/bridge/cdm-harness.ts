// A gateway publishing one simulated CDM logical service as 'cashdispenser', for the CDM bridge tests
// (same real path as harness.ts: koffi, pump, sessions, publisher on an ephemeral port, WebSocket).
import type { MappingUsage } from '../../src/bridge/usage.ts';
import { startClassGateway, type TestGateway } from './harness.ts';

export type CdmSimVersion = 'cdm330' | 'cdm320' | 'cdm300';

export function startCdmTestGateway(version: CdmSimVersion, usage?: MappingUsage): Promise<TestGateway> {
  const xfs3Version = version === 'cdm330' ? '3.30' : version === 'cdm320' ? '3.20' : '3.00';
  return startClassGateway({ cls: 'CDM', xfs3Version, xfs4iotName: 'cashdispenser', validateOutgoing: true, usage });
}
