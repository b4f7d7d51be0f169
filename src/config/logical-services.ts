// The 3.x logical services a configuration bridges: one per service entry, two for a recycler (its
// CDM and the CIM named by cashInLogicalName, both under the recycler's XFS4IoT name).
import type { ServiceConfig } from './types.ts';

export interface LogicalService {
  logicalName: string;
  class: ServiceConfig['class'];
  xfs4iotName: string;
  versions: ServiceConfig['versions'];
}

export function logicalServices(services: readonly ServiceConfig[]): LogicalService[] {
  return services.flatMap((s) => {
    const own: LogicalService = { logicalName: s.logicalName, class: s.class, xfs4iotName: s.xfs4iotName, versions: s.versions };
    return s.cashInLogicalName === undefined ? [own] : [own, { ...own, logicalName: s.cashInLogicalName, class: 'CIM' }];
  });
}
