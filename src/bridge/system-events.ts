// WFS_SYSTEM_EVENTs (shared by every class) as XFS4IoT Common.ErrorEvent / StatusChangedEvent.
import type { JsonObject } from '../xfs4iot/backend.ts';
import type { XfsEvent } from '../legacy-xfs3/types.ts';
import type { EnumTables, Warn } from './enums.ts';
import type { GenericMapping } from './mapping-types.ts';
import type { MappingUsage } from './usage.ts';

export interface SystemEventOutcome {
  statusPatch?: JsonObject;
  error?: { eventId: 'hardware' | 'software' | 'user' | 'fraudAttempt'; action: string | null; description?: string };
  refresh?: boolean;
}

// Most severe first: the XFS4IoT event carries one action.
const actionOrder = ['maintenance', 'clear', 'configuration', 'softwareError', 'reset', 'suspend'];

function numberField(data: unknown, ...names: string[]): number | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  for (const name of names) {
    const value = (data as Record<string, unknown>)[name];
    if (typeof value === 'number') return value;
  }
  return undefined;
}

function textField(data: unknown, ...names: string[]): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  for (const name of names) {
    const value = (data as Record<string, unknown>)[name];
    if (typeof value === 'string') return value;
    if (Buffer.isBuffer(value)) return value.toString('latin1').replace(/\0+$/, '');
  }
  return undefined;
}

export class SystemEvents {
  private readonly byCode = new Map<number, string>();

  constructor(private readonly generic: GenericMapping, private readonly enums: EnumTables, private readonly usage: MappingUsage, private readonly warn: Warn) {
    for (const [name, entry] of Object.entries(generic.systemEvents)) this.byCode.set(entry.code, name);
  }

  translate(event: XfsEvent): SystemEventOutcome {
    const name = this.byCode.get(event.eventId);
    if (!name) {
      this.warn('unknown XFS 3.x system event; ignored', { eventId: event.eventId });
      return {};
    }
    this.usage.mark(`generic.json:systemEvents/${name}`);
    const entry = this.generic.systemEvents[name];
    if (entry.action === 'log' || !entry.xfs4iot) {
      this.warn('XFS 3.x system event', { event: name });
      return {};
    }
    if (entry.xfs4iot === 'Common.StatusChangedEvent') {
      const state = numberField(event.data, 'state', 'dwState');
      const device = state === undefined ? undefined : this.enums.value('fwDevice', state);
      return device ? { statusPatch: { common: { device } }, refresh: true } : { refresh: true };
    }
    const bits = numberField(event.data, 'action', 'dwAction') ?? 0;
    const flags = this.enums.flagsToObject('errorAction', bits);
    const action = actionOrder.find((candidate) => flags[candidate]) ?? null;
    return { error: { eventId: entry.eventId ?? 'hardware', action, description: textField(event.data, 'description', 'lpbDescription') }, refresh: true };
  }
}
