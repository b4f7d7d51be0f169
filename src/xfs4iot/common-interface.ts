// The Common interface, implemented by the engine for every service (issue 2, rule 11).
import { randomBytes } from 'node:crypto';
import type {
  CommandContext, CommandDefinition, CommandResult, InterfaceDefinition, JsonObject, ServiceDefinition,
} from './backend.ts';
import * as S from './common-schemas.ts';
import type { ActiveCommand, Connection } from './connection.ts';
import type { InternalResult, ServiceHost } from './service-host.ts';
import { renderForMajor } from './status-store.ts';
import { listedAtMajor } from './release-names.ts';

interface CommonState {
  transaction: { state: 'active' | 'inactive'; transactionID?: string };
  nonce?: string;
}

export interface CommonEnvironment {
  /** The host, available once the service is built (handlers run later). */
  host(): ServiceHost;
  connection(id: number): Connection | undefined;
  readonly definition: ServiceDefinition;
  readonly maxPendingPerConnection: number;
}

const info = { kind: 'information' } as const;
const INTERFACES_3X_ONLY = new Set(['Deposit', 'German', 'BanknoteNeutralization', 'PowerManagement']);
const v2 = (extra: Partial<CommandDefinition['versions'][number]> = {}) => ({ version: '2.0', ...extra });

function ok(payload?: JsonObject): CommandResult {
  return payload ? { completionCode: null, payload } : { completionCode: null };
}

function capabilitiesPayload(env: CommonEnvironment, major: number): JsonObject {
  // 2023-2 (2.x) has no Deposit, German, BanknoteNeutralization or PowerManagement interface names.
  const listed = env.host().registry.interfaces.filter((i) => major >= 3 || !INTERFACES_3X_ONLY.has(i.name));
  const interfaces = listed.map((iface) => {
    const commands: JsonObject = {};
    // Command versions (what a client puts in its header), each once; a command served with two
    // completion majors under one command version (2024-03 defines some so) is listed once.
    for (const c of iface.commands) {
      if (listedAtMajor(c.name, major)) commands[c.name] = { versions: [...new Set(c.versions.map((v) => v.version))] };
    }
    const events: JsonObject = {};
    for (const e of iface.events ?? []) events[e.name] = { versions: e.versions.map((v) => v.version) };
    return { name: iface.name, commands, events, maximumRequests: env.maxPendingPerConnection };
  });
  const content = renderForMajor(env.definition.capabilities(major), major, 'capabilities');
  return { interfaces, ...content };
}

function setVersions(env: CommonEnvironment, ctx: CommandContext): CommandResult {
  const conn = env.connection(ctx.connectionId);
  const payload = ctx.payload ?? {};
  const registry = env.host().registry;
  const commands = (payload.commands ?? {}) as Record<string, number>;
  const events = (payload.events ?? {}) as Record<string, number>;
  for (const [name, major] of Object.entries(commands)) {
    if (!registry.commands.get(name)?.byMajor.has(major)) {
      return { completionCode: 'unsupportedData', errorDescription: `payload.commands.${name}: version ${major} not supported` };
    }
  }
  for (const [name, major] of Object.entries(events)) {
    if (!registry.events.get(name)?.byMajor.has(major)) {
      return { completionCode: 'unsupportedData', errorDescription: `payload.events.${name}: version ${major} not supported` };
    }
  }
  for (const [name, major] of Object.entries(commands)) conn?.commandMajors.set(name, major);
  for (const [name, major] of Object.entries(events)) conn?.eventMajors.set(name, major);
  return ok();
}

function isCancel(run: ActiveCommand): boolean {
  return run.name === 'Common.Cancel';
}

function cancel(env: CommonEnvironment, ctx: CommandContext): InternalResult {
  const conn = env.connection(ctx.connectionId);
  if (!conn) return ok();
  const ids = ctx.payload?.requestIds as number[] | null | undefined;
  const host = env.host();
  // A Cancel is never itself canceled (the API chapter): it and every other Cancel are left out, so
  // ids naming only Cancels match nothing (noMatchingRequestIDs).
  const matched = host.matchForCancel(conn, ids ?? undefined).filter((r) => r.requestId !== ctx.requestId && !isCancel(r));
  // The seed: the Cancel completion goes out before any completion of a canceled command.
  const afterCompletion = (): void => host.cancel(matched);
  if (ids && ids.length > 0 && matched.length === 0) {
    return { completionCode: 'commandErrorCode', errorCode: 'noMatchingRequestIDs', afterCompletion };
  }
  return { completionCode: null, afterCompletion };
}

export function commonInterface(env: CommonEnvironment): InterfaceDefinition {
  const state: CommonState = { transaction: { state: 'inactive' } };
  const hooks = env.definition.common ?? {};
  const commands: CommandDefinition[] = [
    {
      name: 'Common.Status',
      // 2024-03 answers the 2.0 command with a 3.0 completion.
      versions: [v2({ completion: S.statusCompletion(2) }), v2({ completionVersion: '3.0', completion: S.statusCompletion(3) })],
      execution: info,
      handler: async (ctx): Promise<InternalResult> => ({ completionCode: null, payloadJson: env.host().status.renderJson(ctx.major) }),
    },
    {
      name: 'Common.Capabilities',
      versions: [v2({ completion: S.CAPABILITIES_COMPLETION }), v2({ completionVersion: '3.0', completion: S.CAPABILITIES_COMPLETION })],
      execution: info,
      handler: async (ctx) => ok(capabilitiesPayload(env, ctx.major)),
    },
    { name: 'Common.SetVersions', versions: [v2({ payload: S.SET_VERSIONS })], execution: info, handler: async (ctx) => setVersions(env, ctx) },
    { name: 'Common.Cancel', versions: [v2({ payload: S.CANCEL, completion: S.CANCEL_COMPLETION })], execution: info, handler: async (ctx) => cancel(env, ctx) },
    {
      name: 'Common.SetTransactionState',
      versions: [v2({ payload: S.SET_TRANSACTION_STATE })],
      execution: info,
      handler: async (ctx) => {
        const p = ctx.payload as { state: 'active' | 'inactive'; transactionID?: string | null };
        state.transaction = p.state === 'active' && typeof p.transactionID === 'string'
          ? { state: 'active', transactionID: p.transactionID }
          : { state: p.state };
        return ok();
      },
    },
    {
      name: 'Common.GetTransactionState',
      versions: [v2({ completion: S.GET_TRANSACTION_STATE_COMPLETION })],
      execution: info,
      handler: async () => ok({ ...state.transaction }),
    },
    {
      name: 'Common.GetCommandNonce',
      versions: [v2({ completion: S.GET_COMMAND_NONCE_COMPLETION })],
      execution: info,
      handler: async (ctx) => {
        if (hooks.getCommandNonce) return hooks.getCommandNonce(ctx);
        state.nonce ??= randomBytes(16).toString('hex').toUpperCase();
        return ok({ commandNonce: state.nonce });
      },
    },
    {
      name: 'Common.ClearCommandNonce',
      versions: [v2()],
      execution: info,
      handler: async (ctx) => {
        if (hooks.clearCommandNonce) return hooks.clearCommandNonce(ctx);
        state.nonce = undefined;
        return ok();
      },
    },
  ];
  if (hooks.powerSaveControl) {
    const powerSave = hooks.powerSaveControl.bind(hooks);
    commands.push({
      name: 'Common.PowerSaveControl',
      versions: [v2({ payload: S.POWER_SAVE_CONTROL })],
      execution: { kind: 'device', resources: ['common.power'] },
      handler: async (ctx) => powerSave((ctx.payload as { maxPowerSaveRecoveryTime: number }).maxPowerSaveRecoveryTime, ctx),
    });
  }
  return {
    name: 'Common',
    commands,
    events: [
      { name: 'Common.StatusChangedEvent', kind: 'unsolicited', versions: [{ version: '2.0', payload: S.statusChanged(2) }, { version: '3.0', payload: S.statusChanged(3) }] },
      { name: 'Common.ErrorEvent', kind: 'unsolicited', versions: [{ version: '2.0', payload: S.ERROR_EVENT }] },
      { name: 'Common.NonceClearedEvent', kind: 'unsolicited', versions: [{ version: '2.0', payload: S.NONCE_CLEARED_EVENT }] },
    ],
  };
}
