// The ServicePublisher interface of the discovery endpoint /xfs4iot/v1.0 (seed 2.2.4.2, 3.1.1).
import type { CommandContext, InterfaceDefinition, JsonObject } from './backend.ts';
import { GET_SERVICES_RESULT } from './common-schemas.ts';

export interface PublisherDirectory {
  readonly vendorName: string;
  /** Full service URIs as a client connected through `ctx.connectionId` can reach them. */
  serviceUris(connectionId: number): string[];
}

export function servicePublisherInterface(directory: PublisherDirectory): InterfaceDefinition {
  const payload = (uris: string[]): JsonObject => ({
    vendorName: directory.vendorName,
    services: uris.map((serviceURI) => ({ serviceURI })),
  });
  return {
    name: 'ServicePublisher',
    commands: [
      {
        name: 'ServicePublisher.GetServices',
        versions: [{ version: '2.0', completion: GET_SERVICES_RESULT }],
        execution: { kind: 'information' },
        handler: async (ctx: CommandContext) => {
          const uris = directory.serviceUris(ctx.connectionId);
          // Every URI is known at once: one event reporting all of them, then the full list.
          if (uris.length > 0) ctx.emitEvent('ServicePublisher.ServiceDetailEvent', payload(uris));
          return { completionCode: null, payload: payload(uris) };
        },
      },
    ],
    events: [{ name: 'ServicePublisher.ServiceDetailEvent', kind: 'event', versions: [{ version: '2.0', payload: GET_SERVICES_RESULT }] }],
  };
}
