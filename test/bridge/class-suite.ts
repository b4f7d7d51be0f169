// The contract suite every bridged 3.x class runs end to end: XFS4IoT client -> WebSocket -> engine ->
// bridge -> koffi -> message pump -> simulator. Given a class, its mapping file, its case table and a
// few class hooks, it runs every case of cases/<cls>-cases.json, injects every mapped 3.x error into
// the simulator, and finally fails for any command, event or error entry that nothing exercised.
// Class-specific tests stay in the class's own test file, between errorInjection() and coverageWalk().
import t, { type Test } from 'tap';
import { readFileSync } from 'node:fs';
import type { JsonObject } from '../../src/xfs4iot/backend.ts';
import type { Message } from '../../src/xfs4iot/client.ts';
import { loadMappings } from '../../src/bridge/mapping-loader.ts';
import type { ClassMapping, MappingSet } from '../../src/bridge/mapping-types.ts';
import { MappingUsage } from '../../src/bridge/usage.ts';
import { conformanceProblems } from '../fixtures/conformance.ts';
import { LogCapture, matches, shutdownManager, startClassGateway, valueAt, waitFor, type SimClass, type TestGateway } from './harness.ts';

export interface Expect {
  completionCode: string | null;
  errorCode?: string;
  errorDescription?: string;
  payload?: JsonObject;
  absent?: string[];
  events?: string[];
  eventPayloads?: Record<string, JsonObject>;
  /** Event payloads in order, matched as a subset and then exactly. */
  eventSequence?: JsonObject[];
  [classSpecific: string]: unknown;
}

export interface Step {
  sim?: string;
  [arg: string]: unknown;
  send?: string;
  payload?: JsonObject;
  version?: string;
  timeout?: number;
  during?: Array<{ afterEvent: string; steps: Step[] }>;
  expect?: Expect;
  unsolicited?: string;
  cancel?: boolean;
}

export interface Case<V extends string> {
  id: string;
  service: V;
  steps: Step[];
  note?: string;
  warnings?: string[];
}

export interface SimStepContext {
  t: Test;
  gw: TestGateway;
  label: string;
  commandCode(name: string): number;
}

export type SimStep = (step: Step, context: SimStepContext) => void | Promise<void>;

export interface ErrorCase {
  label: string;
  error: number;
  command: string;
  expect: Expect;
}

export interface ClassSuiteOptions<V extends string> {
  /** The 3.x class, e.g. 'IDC'; also the key of its mapping in the mapping set. */
  cls: SimClass;
  /** The mapping file name used in usage keys, e.g. 'idc.json'. */
  mappingFile: string;
  /** The case table under test/bridge/cases/, e.g. 'idc-cases.json'. */
  casesFile: string;
  xfs4iotName: string;
  /** Simulator service name of the case table -> the 3.x version the simulator reports. */
  versions: Record<V, string>;
  validateOutgoing: boolean;
  configLogLevel?: string;
  /** Shapes the simulated service of a case-table version before the gateway opens it. */
  prepare?: (sim: TestGateway['sim'], logicalName: string, version: V) => void;
  /** Simulator steps of this class, besides failNext, setDelay, hangNext and wait. */
  simSteps: Record<string, SimStep>;
  /** Extra checks on a completion, for expectations only this class has. */
  checkCompletion?: (t: Test, label: string, expect: Expect, events: Message[]) => void;
  /** Extra checks at the end of every case. */
  afterCase?: (t: Test, gw: TestGateway) => void;
  /** Payloads that pass the bridge's own checks, so that the injected 3.x error decides the completion. */
  samplePayloads: Record<string, JsonObject | undefined>;
  errorInjection: {
    version: V;
    /** Only commands of kind 'execute' (else every command with a sample payload). */
    executeOnly: boolean;
    /** One case per (error, errorCode) pair, through the first command that defines it (else through every command). */
    dedupe: boolean;
    /** The command that carries the generic (generic.json) errors; none when absent. */
    genericOn?: string;
    unknownHResult?: boolean;
    /** Assert there are at least as many cases as class errors. */
    atLeastOnePerError?: boolean;
  };
  coverage?: {
    name?: string;
    /** Also walk generic.json's errors (for classes whose error injection carries them). */
    genericErrors?: boolean;
    extraKeys?: string[];
    /** Entries the simulator cannot produce; each must stay unused, so the list cannot go stale. */
    notProducible?: Record<string, string>;
  };
}

export interface ClassSuite<V extends string> {
  mappings: MappingSet;
  mapping: ClassMapping;
  usage: MappingUsage;
  samplePayloads: Record<string, JsonObject | undefined>;
  commandCode(name: string): number;
  start(version: V, log?: LogCapture): Promise<TestGateway>;
  sendStep(t: Test, gw: TestGateway, step: Step, label: string): Promise<Message>;
  /** Registers the case-table test. */
  caseTable(): void;
  /** Registers the injected-error test; `after` runs on the same gateway once all errors are done. */
  errorInjection(after?: (t: Test, gw: TestGateway) => Promise<void>): void;
  /** Registers the coverage walk: call it last. */
  coverageWalk(): void;
}

export function classSuite<V extends string>(options: ClassSuiteOptions<V>): ClassSuite<V> {
  const cases = (JSON.parse(readFileSync(new URL(`./cases/${options.casesFile}`, import.meta.url), 'utf8')) as { cases: Array<Case<V>> }).cases;
  const mappings = loadMappings();
  const mapping = mappings.classes.get(options.cls);
  if (!mapping) throw new Error(`no mapping for class ${options.cls}`);
  const usage = new MappingUsage();
  const commandCode = (name: string): number => mapping.xfs3Commands[name];

  const start = (version: V, log?: LogCapture): Promise<TestGateway> => startClassGateway({
    cls: options.cls, xfs3Version: options.versions[version], xfs4iotName: options.xfs4iotName,
    validateOutgoing: options.validateOutgoing, configLogLevel: options.configLogLevel, usage, log,
    prepare: options.prepare ? (sim, name) => options.prepare!(sim, name, version) : undefined,
  });

  const commonSimSteps: Record<string, SimStep> = {
    failNext: (step, { gw }) => gw.sim.failNext(gw.logicalName, step.error as string | number, step.command ? commandCode(String(step.command)) : 0),
    setDelay: (step, { gw }) => gw.sim.setDelay(gw.logicalName, Number(step.execMs), Number(step.infoMs ?? 0)),
    hangNext: (_step, { gw }) => gw.sim.hangNext(gw.logicalName),
    wait: async (step) => { await new Promise((resolve) => setTimeout(resolve, Number(step.ms))); },
    systemEvent: (step, { gw }) => gw.sim.systemEvent(gw.logicalName, Number(step.eventId) as 1 | 2 | 4),
  };
  const simSteps = { ...commonSimSteps, ...options.simSteps };

  async function simStep(t: Test, gw: TestGateway, step: Step, label: string): Promise<void> {
    const run = simSteps[String(step.sim)];
    if (!run) throw new Error(`unknown simulator step ${String(step.sim)}`);
    await run(step, { t, gw, label, commandCode });
  }

  async function sendStep(t: Test, gw: TestGateway, step: Step, label: string): Promise<Message> {
    const expect = step.expect ?? { completionCode: null };
    const triggers = [...(step.during ?? [])];
    const background: Array<Promise<void>> = [];
    let requestId = 0;
    const run = (steps: Step[]) => {
      background.push((async () => {
        for (const inner of steps) {
          if (inner.cancel) await gw.client.cancel([requestId]);
          else await simStep(t, gw, inner, label);
        }
      })());
    };
    const fire = (name: string) => {
      const index = triggers.findIndex((trigger) => trigger.afterEvent === name);
      if (index >= 0) run(triggers.splice(index, 1)[0].steps);
    };
    const pending = gw.client.send(step.send as string, step.payload, {
      version: step.version ?? '2.0',
      ...(step.timeout !== undefined ? { timeout: step.timeout } : {}),
      onEvent: (event) => fire(event.header.name),
    });
    requestId = pending.requestId;
    await pending.acknowledged;
    fire('acknowledge');
    const completion = await pending.completion;
    await Promise.all(background);
    t.equal(triggers.length, 0, `${label}: every 'during' trigger fired`);
    t.equal(completion.header.completionCode ?? null, expect.completionCode, `${label}: completionCode (${completion.header.errorDescription ?? ''})`);
    if (expect.errorCode !== undefined) t.equal(completion.payload?.errorCode, expect.errorCode, `${label}: errorCode`);
    if (expect.errorDescription !== undefined) t.match(completion.header.errorDescription ?? '', new RegExp(expect.errorDescription), `${label}: errorDescription`);
    if (expect.payload !== undefined) t.ok(matches(completion.payload, expect.payload), `${label}: payload ${JSON.stringify(completion.payload)} matches ${JSON.stringify(expect.payload)}`);
    for (const path of expect.absent ?? []) t.equal(valueAt(completion.payload, path), undefined, `${label}: ${path} absent`);
    if (expect.events !== undefined) t.same(pending.events.map((e) => e.header.name), expect.events, `${label}: events`);
    for (const [name, payload] of Object.entries(expect.eventPayloads ?? {})) {
      const event = pending.events.find((e) => e.header.name === name);
      t.ok(event && matches(event.payload, payload), `${label}: ${name} payload ${JSON.stringify(event?.payload)} matches ${JSON.stringify(payload)}`);
    }
    if (expect.eventSequence !== undefined) {
      // A message without a payload is null in the JSON case tables.
      const payloads = pending.events.map((e) => e.payload ?? null);
      t.ok(matches(payloads, expect.eventSequence), `${label}: events ${JSON.stringify(payloads)} match ${JSON.stringify(expect.eventSequence)}`);
      // An exact match too: an extra property (a digit where none is expected) must fail.
      t.same(payloads, expect.eventSequence, `${label}: event payloads are exactly these`);
    }
    options.checkCompletion?.(t, label, expect, pending.events);
    return completion;
  }

  async function unsolicitedStep(t: Test, gw: TestGateway, step: Step, consumed: Set<Message>, label: string): Promise<void> {
    const name = step.unsolicited as string;
    const found = await waitFor(() => gw.unsolicited.find((m) => !consumed.has(m) && m.header.name === name && (step.payload === undefined || matches(m.payload, step.payload))), 5000, `${name} ${JSON.stringify(step.payload ?? {})}`)
      .catch(() => undefined);
    t.ok(found, `${label}: unsolicited ${name} ${JSON.stringify(step.payload ?? {})} (seen: ${JSON.stringify(gw.unsolicited.filter((m) => !consumed.has(m)).map((m) => [m.header.name, m.payload])).slice(0, 2000)})`);
    if (found) {
      consumed.add(found);
      t.equal(found.header.requestId, undefined, `${label}: unsolicited messages carry no requestId`);
    }
  }

  function errorCases(): ErrorCase[] {
    const { executeOnly, dedupe, genericOn, unknownHResult } = options.errorInjection;
    const out: ErrorCase[] = [];
    const executable = Object.entries(mapping!.commands).filter(([name, entry]) => (!executeOnly || entry.kind === 'execute') && name in options.samplePayloads);
    for (const [errorName, error] of Object.entries(mapping!.errors)) {
      // The command-specific errorCode, through the commands that define it and through every override.
      for (const [command, entry] of executable) {
        const errorCode = entry.errorOverrides?.[errorName] ?? error.errorCode;
        if (!errorCode || !entry.errorCodes?.includes(errorCode)) continue;
        if (dedupe && out.some((c) => c.error === error.code && c.expect.errorCode === errorCode)) continue;
        out.push({ label: `${errorName} on ${command}`, error: error.code, command, expect: { completionCode: 'commandErrorCode', errorCode } });
      }
      // And the completion code for a command that has no such errorCode.
      const other = executable.find(([, entry]) => !(entry.errorCodes ?? []).includes(entry.errorOverrides?.[errorName] ?? error.errorCode ?? '\0'));
      // The seed gives canceled and timeOut completions no errorDescription.
      const described = error.otherwise !== 'canceled' && error.otherwise !== 'timeOut';
      if (other) out.push({ label: `${errorName} on ${other[0]}`, error: error.code, command: other[0], expect: { completionCode: error.otherwise, ...(described ? { errorDescription: errorName } : {}) } });
    }
    if (genericOn) {
      for (const [errorName, error] of Object.entries(mappings.generic.errors)) {
        const expect: Expect = { completionCode: error.completionCode };
        if (error.completionCode !== 'canceled' && error.completionCode !== 'timeOut') expect.errorDescription = errorName;
        out.push({ label: `${errorName} on ${genericOn}`, error: error.code, command: genericOn, expect });
      }
      if (unknownHResult) out.push({ label: 'an unknown hResult', error: -1234, command: genericOn, expect: { completionCode: mappings.generic.unknownError.completionCode, errorDescription: '-1234' } });
    }
    return out;
  }

  return {
    mappings, mapping, usage, samplePayloads: options.samplePayloads, commandCode, start, sendStep,

    caseTable() {
      t.teardown(() => shutdownManager());
      t.test(`cases of cases/${options.casesFile}`, async (t) => {
        t.ok(cases.length > 0, `${options.casesFile} has cases`);
        for (const entry of cases) {
          await t.test(entry.id, async (t) => {
            const gw = await start(entry.service);
            t.teardown(() => gw.close());
            const consumed = new Set<Message>();
            for (const [index, step] of entry.steps.entries()) {
              const label = `step ${index + 1}`;
              if (step.sim) await simStep(t, gw, step, label);
              else if (step.send) await sendStep(t, gw, step, `${label} ${step.send}`);
              else if (step.unsolicited) await unsolicitedStep(t, gw, step, consumed, label);
              else throw new Error(`case ${entry.id}: step ${index + 1} does nothing`);
            }
            for (const warning of entry.warnings ?? []) {
              t.ok(gw.log.warnings().some((line) => line.includes(warning)), `warning logged: ${warning}`);
            }
            options.afterCase?.(t, gw);
          });
        }
      });
    },

    errorInjection(after) {
      t.test('every mapped 3.x error, injected into the simulator', async (t) => {
        const gw = await start(options.errorInjection.version);
        t.teardown(() => gw.close());
        const all = errorCases();
        if (options.errorInjection.atLeastOnePerError) t.ok(all.length >= Object.keys(mapping.errors).length, `${all.length} error cases`);
        for (const entry of all) {
          const xfs3 = mapping.commands[entry.command].xfs3?.[0] as string;
          gw.sim.failNext(gw.logicalName, entry.error, commandCode(xfs3));
          await sendStep(t, gw, { send: entry.command, payload: options.samplePayloads[entry.command], expect: entry.expect }, entry.label);
          // A lost connection is reported offline; wait until the status refresh brought the device back.
          await waitFor(() => (gw.gateway.services[0].bridge.store.deviceState === 'online' ? true : undefined), 5000, 'device online again');
        }
        await after?.(t, gw);
      });
    },

    coverageWalk() {
      const coverage = options.coverage ?? {};
      const notProducible = coverage.notProducible ?? {};
      t.test(coverage.name ?? `every command, event and error entry of ${options.mappingFile} was exercised end to end`, async (t) => {
        const keys = [
          ...Object.keys(mapping.commands).map((name) => `${options.mappingFile}:commands/${name}`),
          ...Object.keys(mapping.events).map((name) => `${options.mappingFile}:events/${name}`),
          ...Object.keys(mapping.errors).map((name) => `${options.mappingFile}:errors/${name}`),
          ...(coverage.genericErrors ? Object.keys(mappings.generic.errors).map((name) => `generic.json:errors/${name}`) : []),
          ...(coverage.extraKeys ?? []),
        ];
        for (const key of keys) {
          if (key in notProducible) t.notOk(usage.has(key), `${key} is listed as not producible (${notProducible[key]}) but was used: remove it from the list`);
          else t.ok(usage.has(key), `${key} exercised`);
        }
        for (const key of Object.keys(notProducible)) t.ok(keys.includes(key), `${key} (not producible) is a mapping entry`);
      });
      t.test('every message the suite received is one a client generated from 2023-2 or 2024-03 decodes', async (t) => {
        const open = new Set((JSON.parse(readFileSync(new URL('./fixtures/conformance-open.json', import.meta.url), 'utf8')) as { open: string[] }).open);
        t.same([...conformanceProblems].filter((problem) => !open.has(problem)).sort(), [], 'checked against mappings/definitions at the test boundary');
      });
    },
  };
}
