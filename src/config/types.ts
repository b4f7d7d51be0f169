// The validated configuration (defaults applied).
import type { XfsServiceClass } from '../legacy-xfs3/types.ts';

export interface ServiceConfig {
  logicalName: string;
  class: XfsServiceClass;
  xfs4iotName: string;
  versions: { low: `${number}.${number}`; high: `${number}.${number}` };
  openTimeoutMs: number;
  statusPollMs: number;
}

export interface GatewayConfig {
  xfsManager: {
    library?: string;
    windowLibrary?: string;
    appId: string;
    reopenInitialDelayMs: number;
    reopenMaxDelayMs: number;
  };
  services: ServiceConfig[];
  server: {
    host: string;
    port?: number;
    allowPlainRemote: boolean;
    tls?: { cert: string; key: string; ca?: string };
    vendorName: string;
  };
  limits: { maxMessageBytes: number; maxConnections: number; maxPendingPerConnection: number };
  simulator: { demoCard: boolean };
  logging: { level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'; file?: string };
}
