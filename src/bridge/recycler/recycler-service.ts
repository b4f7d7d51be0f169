// One XFS4IoT service over a 3.x CDM and a 3.x CIM that share physical cassettes (a recycler): the
// CashDispenser interface from the CDM, CashAcceptor from the CIM, and CashManagement, Storage and
// Common composed from both as mappings/recycler.json routes them. Each side stays a full bridge
// service (its own session, journal entries, status reads); this class only composes.
import type { Logger } from 'pino';
import {
  StatusStore, type CommandContext, type CommandDefinition, type CommandResult, type EventDefinition, type InterfaceDefinition, type InterfaceName,
  type JsonObject, type ServiceDefinition, type ServiceHandle,
} from '../../xfs4iot/backend.ts';
import type { BridgeService } from '../bridge-service.ts';
import type { RecyclerMapping, RecyclerSide } from '../mapping-types.ts';
import type { MappingUsage } from '../usage.ts';
import { invalidData, success } from '../translator.ts';
import { mergeCapabilities, mergeStatus, mergeTellers } from './merge.ts';
import { callSide, renameVersioned } from './side-call.ts';
import { mergeStorage } from './storage-merge.ts';
import { matchUnits, positionsOf, type UnitIdMap } from './unit-ids.ts';

type Sides = Record<RecyclerSide, ServiceDefinition>;
type Commands = Map<string, Partial<Record<RecyclerSide, CommandDefinition>>>;

const OTHER: Record<RecyclerSide, RecyclerSide> = { cdm: 'cim', cim: 'cdm' };

function object(value: unknown): JsonObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

/** A copy of `payload` without the property at `path`. */
function without(payload: JsonObject | undefined, path: string[]): JsonObject | undefined {
  if (!payload || path.length === 0 || !(path[0] in payload)) return payload;
  const [head, ...rest] = path;
  const copy = { ...payload };
  if (rest.length === 0) delete copy[head];
  else copy[head] = without(object(payload[head]), rest) ?? null;
  return copy;
}

export class RecyclerService {
  readonly store = new StatusStore({ common: { device: 'starting' } });
  private handle: ServiceHandle | undefined;
  /** The side whose items are (or were last) at the output: shutters and retracts go there. */
  private presenter: RecyclerSide = 'cdm';
  private ids: UnitIdMap = { fromCdm: new Map(), toCdm: new Map(), shared: new Set() };
  private announced = new Map<string, string>();
  /** The units objects the id map and the last announcement were made from. */
  private matched: Partial<Record<RecyclerSide, JsonObject>> = {};
  private flushed: Partial<Record<RecyclerSide, JsonObject>> = {};

  constructor(
    private readonly sides: Record<RecyclerSide, BridgeService<unknown, unknown>>,
    private readonly routing: RecyclerMapping,
    private readonly usage: MappingUsage,
    private readonly log: Logger,
  ) {
    for (const side of ['cdm', 'cim'] as const) this.sides[side].store.onChange(() => this.syncStatus());
  }

  get name(): string {
    return this.sides.cdm.name;
  }

  async start(): Promise<void> {
    await Promise.all([this.sides.cdm.start(), this.sides.cim.start()]);
    this.syncStatus();
    this.flushStorage(false);
  }

  async close(): Promise<void> {
    await Promise.all([this.sides.cdm.close(), this.sides.cim.close()]);
  }

  private syncStatus(): void {
    this.store.update(mergeStatus(this.sides.cdm.store.view(), this.sides.cim.store.view()));
  }

  /** The merged units now; those that differ from what clients last heard of go out as StorageChangedEvent. */
  private flushStorage(announce = true): void {
    const { cdmUnits, cimUnits } = this.unitsNow();
    if (cdmUnits === this.flushed.cdm && cimUnits === this.flushed.cim) return;
    this.flushed = { cdm: cdmUnits, cim: cimUnits };
    const merged = mergeStorage(cdmUnits, cimUnits, this.ids);
    const changed: JsonObject = {};
    const next = new Map<string, string>();
    for (const [id, unit] of Object.entries(merged)) {
      const text = JSON.stringify(unit);
      next.set(id, text);
      if (this.announced.get(id) !== text) changed[id] = unit;
    }
    this.announced = next;
    if (announce && this.handle && Object.keys(changed).length > 0) this.handle.emitUnsolicited('Storage.StorageChangedEvent', changed);
  }

  /**
   * Both sides' units as last read, and the id matching they give (kept for renaming events). A side
   * hands out the same object until a read rebuilds its units, so an unchanged pair costs nothing.
   */
  private unitsNow(): Record<'cdmUnits' | 'cimUnits', JsonObject> {
    const cdmUnits = this.sides.cdm.storageUnits();
    const cimUnits = this.sides.cim.storageUnits();
    if (cdmUnits !== this.matched.cdm || cimUnits !== this.matched.cim) {
      this.ids = matchUnits(positionsOf(cdmUnits), positionsOf(cimUnits));
      this.matched = { cdm: cdmUnits, cim: cimUnits };
    }
    return { cdmUnits, cimUnits };
  }

  private proxyHandle(side: RecyclerSide, outer: ServiceHandle): ServiceHandle {
    return {
      name: outer.name,
      log: outer.log,
      emitError: (eventId, action, description) => outer.emitError(eventId, action, description),
      emitUnsolicited: (name, payload) => {
        // Either side's units changed: the recycler announces its own (merged) units instead.
        if (name === 'Storage.StorageChangedEvent') this.flushStorage();
        else if (side === 'cim') outer.emitUnsolicited(name, payload);
        else {
          this.unitsNow();
          outer.emitUnsolicited(name, renameVersioned(payload, this.ids.fromCdm));
        }
      },
    };
  }

  /** One side runs a command; the other side's counts of shared cassettes are read before the completion. */
  private async run(side: RecyclerSide, command: CommandDefinition, ctx: CommandContext, payload = ctx.payload, raw = false): Promise<CommandResult> {
    this.flushStorage();
    const result = await callSide(side, command, ctx, payload, this.ids, raw);
    if (result.completionCode === null && this.routing.presenters[ctx.name] === side) {
      this.usage.mark(`recycler.json:presenters/${ctx.name}`);
      this.presenter = side;
    }
    if (command.execution.kind === 'device') {
      await this.sides[OTHER[side]].refresh();
      this.flushStorage();
    }
    return result;
  }

  /** The part of a payload one side takes: a `storage` map is split by which side has each unit. */
  private partFor(side: RecyclerSide, given: JsonObject | undefined, omit: string[] = []): { payload: JsonObject | undefined; units: number } {
    const payload = omit.reduce<JsonObject | undefined>((p, path) => without(p, path.split('.')), given);
    const storage = object(payload?.storage);
    if (!payload || !storage) return { payload, units: 0 };
    const cimUnits = this.sides.cim.storageUnits();
    const own = (id: string) => (side === 'cdm' ? this.ids.toCdm.has(id) : cimUnits[id] !== undefined);
    const part: JsonObject = {};
    for (const [id, unit] of Object.entries(storage)) if (own(id)) part[id] = unit;
    return { payload: { ...payload, storage: part }, units: Object.keys(part).length };
  }

  private unknownUnits(payload: JsonObject | undefined): string[] {
    const storage = object(payload?.storage);
    if (!storage) return [];
    const cim = this.sides.cim.storageUnits();
    return Object.keys(storage).filter((id) => !this.ids.toCdm.has(id) && cim[id] === undefined);
  }

  private async routed(name: string, defs: Partial<Record<RecyclerSide, CommandDefinition>>, ctx: CommandContext): Promise<CommandResult> {
    const rule = this.routing.commands[name];
    this.usage.mark(`recycler.json:commands/${name}`);
    const order = rule.order ?? ['cdm', 'cim'];
    const def = (side: RecyclerSide) => defs[side] as CommandDefinition;
    switch (rule.route) {
      case 'presenter': {
        const position = ctx.payload?.position;
        const side = typeof position === 'string' && position.startsWith('in') ? 'cim' : this.presenter;
        return this.run(side, def(side), ctx);
      }
      case 'mergeTellers': {
        const [cdm, cim] = await Promise.all([this.run('cdm', def('cdm'), ctx), this.run('cim', def('cim'), ctx)]);
        if (cdm.completionCode !== null) return this.tolerated(rule.tolerate, cdm, cim) ? cim : cdm;
        if (cim.completionCode !== null) return this.tolerated(rule.tolerate, cim, cdm) ? cdm : cim;
        return success({ tellerDetails: mergeTellers(cdm.payload?.tellerDetails, cim.payload?.tellerDetails) });
      }
      case 'mergeStorage': {
        const [cdm, cim] = await Promise.all([this.run('cdm', def('cdm'), ctx, ctx.payload, true), this.run('cim', def('cim'), ctx)]);
        if (cdm.completionCode !== null) return cdm;
        if (cim.completionCode !== null) return cim;
        const cdmUnits = object(cdm.payload?.storage) ?? {};
        const cimUnits = object(cim.payload?.storage) ?? {};
        return success({ storage: mergeStorage(cdmUnits, cimUnits, matchUnits(positionsOf(cdmUnits), positionsOf(cimUnits))) });
      }
      case 'exchange': {
        const [first, second] = order;
        const started = await this.run(first, def(first), ctx);
        if (started.completionCode !== null) return started;
        const next = await this.run(second, def(second), ctx);
        if (next.completionCode !== null) await this.undoExchange(first, ctx);
        return next;
      }
      case 'both':
      case 'splitStorage': {
        const unknown = this.unknownUnits(ctx.payload);
        if (unknown.length > 0) return invalidData(`${name}: no storage unit ${unknown.join(', ')} (see Storage.GetStorage)`);
        const results: CommandResult[] = [];
        for (const side of order) {
          const part = this.partFor(side, ctx.payload, rule.omit?.[side]);
          if (rule.route === 'splitStorage' && part.units === 0) continue;
          results.push(await this.run(side, def(side), ctx, part.payload));
        }
        if (results.length === 0) return invalidData(`${name}: no storage unit given`);
        const failed = results.find((r) => r.completionCode !== null);
        const succeeded = results.find((r) => r.completionCode === null);
        if (!failed) return results[0];
        return succeeded && this.tolerated(rule.tolerate, failed, succeeded) ? succeeded : failed;
      }
    }
  }

  /** A failure the route lets pass when the other side succeeded (a teller only one side has). */
  private tolerated(tolerate: string[] | undefined, failed: CommandResult, other: CommandResult): boolean {
    return other.completionCode === null && failed.completionCode === 'commandErrorCode' && failed.errorCode !== undefined && (tolerate ?? []).includes(failed.errorCode);
  }

  // The exchange could not start on both sides: the side that started must not stay in it.
  private async undoExchange(side: RecyclerSide, ctx: CommandContext): Promise<void> {
    const end = this.endExchange[side];
    if (!end) return;
    const undone = await callSide(side, end, ctx, undefined, this.ids);
    const level = undone.completionCode === null ? 'warn' : 'error';
    this.log[level]({ side, completionCode: undone.completionCode }, 'recycler: exchange started on one side only; ended it there again');
  }

  private endExchange: Partial<Record<RecyclerSide, CommandDefinition>> = {};

  private compose(sides: Sides): InterfaceDefinition[] {
    const commands: Commands = new Map();
    const events = new Map<InterfaceName, Map<string, EventDefinition>>();
    const order: InterfaceName[] = [];
    for (const side of ['cdm', 'cim'] as const) {
      for (const iface of sides[side].interfaces) {
        if (!order.includes(iface.name)) order.push(iface.name);
        const known = events.get(iface.name) ?? new Map<string, EventDefinition>();
        for (const event of iface.events ?? []) if (!known.has(event.name)) known.set(event.name, event);
        events.set(iface.name, known);
        for (const command of iface.commands) commands.set(command.name, { ...commands.get(command.name), [side]: command });
      }
    }
    this.endExchange = commands.get('Storage.EndExchange') ?? {};
    for (const name of Object.keys(this.routing.commands)) {
      const defs = commands.get(name);
      if (!defs?.cdm || !defs.cim) throw new Error(`mappings/recycler.json: commands['${name}']: not mapped by both the CDM and the CIM, nothing to route`);
    }
    const byInterface = new Map<InterfaceName, CommandDefinition[]>();
    for (const [name, defs] of commands) {
      const shared = defs.cdm && defs.cim;
      if (shared && !this.routing.commands[name]) throw new Error(`mappings/recycler.json: commands['${name}']: mapped by both the CDM and the CIM; give its route`);
      const base = (defs.cim ?? defs.cdm) as CommandDefinition;
      const side: RecyclerSide = defs.cim ? 'cim' : 'cdm';
      const handler = shared ? (ctx: CommandContext) => this.routed(name, defs, ctx) : (ctx: CommandContext) => this.run(side, base, ctx);
      const iface = name.split('.')[0] as InterfaceName;
      byInterface.set(iface, [...(byInterface.get(iface) ?? []), { ...base, handler }]);
    }
    return order.map((name) => ({ name, commands: byInterface.get(name) ?? [], events: [...(events.get(name)?.values() ?? [])] }));
  }

  definition(): ServiceDefinition {
    const sides: Sides = { cdm: this.sides.cdm.definition(), cim: this.sides.cim.definition() };
    return {
      name: this.name,
      interfaces: this.compose(sides),
      status: this.store,
      capabilities: (major) => mergeCapabilities(sides.cdm.capabilities(major), sides.cim.capabilities(major)),
      attach: async (handle) => {
        this.handle = handle;
        await sides.cdm.attach?.(this.proxyHandle('cdm', handle));
        await sides.cim.attach?.(this.proxyHandle('cim', handle));
      },
      connectionClosed: (id) => {
        sides.cdm.connectionClosed?.(id);
        sides.cim.connectionClosed?.(id);
      },
      close: () => this.close(),
    };
  }
}
