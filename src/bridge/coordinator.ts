// What a class may keep between its commands and events when a 3.x protocol spans several of them
// (the VDM enter/exit handshake): one coordinator per bridge service, the 3.x calls it may make on
// the gateway's own account, and the device gate every service of the gateway shares.
import type { Logger } from 'pino';
import type { XfsCompletion } from '../legacy-xfs3/types.ts';
import type { CommandResult } from '../xfs4iot/backend.ts';

export interface CoordinatorAccess {
  /** A 3.x command the gateway sends on its own account, with no client command behind it. */
  execute(command: string, data?: unknown): Promise<XfsCompletion<unknown>>;
  /** Stops (or lets again) device commands on every service of the gateway. */
  readonly devices: DeviceGate;
  /** This service's XFS4IoT name. */
  readonly service: string;
  readonly log: Logger;
}

/** Opaque to the bridge: the class's translators know their coordinator's type. */
export interface Coordinator {
  /** A client connection of the service went away. */
  connectionClosed?(connectionId: number): void;
}

/**
 * Device commands of every published service stop while a holder (a service in 3.x vendor mode on
 * behalf of an application outside the gateway) holds the gate; queries go on.
 */
export class DeviceGate {
  private readonly holders = new Map<string, string>();

  hold(holder: string, reason: string): void {
    this.holders.set(holder, reason);
  }

  release(holder: string): void {
    this.holders.delete(holder);
  }

  /** deviceNotReady while held by another service than `service`, else undefined. */
  refusal(service: string): CommandResult | undefined {
    for (const [holder, reason] of this.holders) {
      if (holder !== service) return { completionCode: 'deviceNotReady', errorDescription: reason };
    }
    return undefined;
  }
}
