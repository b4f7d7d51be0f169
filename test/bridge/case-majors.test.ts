// Issue 14: a client of either release must decode every message the gateway sends it, success
// shapes included. The class suites check every message their clients receive against the release
// definitions (test/fixtures/conformance.ts), so every command the bridge serves must run to success
// in the case tables at each major it is offered at: major 2 for 2023-2 clients, major 3 for 2024-03.
import { readdirSync, readFileSync } from 'node:fs';
import t from 'tap';
import { classBindings } from '../../src/bridge/gateway.ts';

interface SendStep { send: string; version?: string; expect?: { completionCode?: string | null } }

function sendSteps(value: unknown, out: SendStep[]): SendStep[] {
  if (Array.isArray(value)) for (const item of value) sendSteps(item, out);
  else if (value && typeof value === 'object') {
    const step = value as Record<string, unknown>;
    if (typeof step.send === 'string') out.push(step as unknown as SendStep);
    for (const inner of Object.values(step)) sendSteps(inner, out);
  }
  return out;
}

t.test('every command the bridge serves runs to success in a case table at each major it is offered at', async (t) => {
  const directory = new URL('./cases/', import.meta.url);
  const steps = readdirSync(directory).filter((f) => f.endsWith('.json'))
    .flatMap((file) => sendSteps(JSON.parse(readFileSync(new URL(file, directory), 'utf8')), []));
  const succeeded = new Set(steps.filter((s) => (s.expect?.completionCode ?? null) === null).map((s) => `${s.send} ${Number.parseInt(s.version ?? '2.0', 10)}`));
  const missing: string[] = [];
  let served = 0;
  for (const [cls, binding] of Object.entries(classBindings)) {
    for (const [name, entry] of Object.entries(binding.commandSchemas)) {
      for (const major of entry.majors) {
        served++;
        if (!succeeded.has(`${name} ${major}`)) missing.push(`${cls} ${name} at major ${major}`);
      }
    }
  }
  t.ok(served >= 99, `${served} command majors served`);
  t.same(missing, [], 'each has a successful step in test/bridge/cases');
});
