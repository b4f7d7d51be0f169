// Rules 9, 10 and 11: the Common interface, message versions per connection, unsolicited delivery.
import t from 'tap';
import { RawSocket, startRig } from './fixtures/rig.ts';

t.test('Common.Status renders 2.0 for 2023-2 clients and 3.0 for 2024-03 clients', async (t) => {
  const rig = await startRig();
  t.teardown(() => rig.close());
  const client = await rig.client();
  const v2 = await client.command('Common.Status');
  t.equal(v2.header.version, '2.0');
  const common2 = v2.payload?.common as Record<string, unknown>;
  t.equal(common2.device, 'online');
  t.notOk('persistentDataStore' in common2, '2.x has no persistentDataStore');
  t.same(v2.payload?.cardReader, { media: 'notPresent', security: 'notSupported', chipPower: 'noCard', chipModule: 'ok', magWriteModule: 'ok', frontImageModule: 'notSupported', backImageModule: 'notSupported' });
  const v3 = await client.command('Common.Status', undefined, { version: '3.0' });
  t.equal(v3.header.version, '3.0');
  t.same((v3.payload?.common as Record<string, unknown>).persistentDataStore, { remaining: 1000 });
});

t.test('a 2024-03 client selecting Common.Status 3 gets 3.0 completions for its 2.0 command', async (t) => {
  const rig = await startRig();
  t.teardown(() => rig.close());
  const client = await rig.client();
  t.equal((await client.command('Common.Status')).header.version, '2.0', 'default: lowest major');
  t.equal((await client.setVersions({ commands: { 'Common.Status': 3, 'CardReader.ReadRawData': 3 } })).header.completionCode, undefined);
  const status = await client.command('Common.Status', undefined, { version: '2.0' });
  t.equal(status.header.version, '3.0');
  t.same((status.payload?.common as Record<string, unknown>).persistentDataStore, { remaining: 1000 });
  const read = client.send('CardReader.ReadRawData', { track2: true }, { version: '2.0' });
  t.equal((await read.completion).header.version, '3.0', 'backend commands follow the selection too');
  t.equal(rig.device.started.length, 1);
  const bad = await client.command('Common.Status', undefined, { version: '4.0' });
  t.equal(bad.header.completionCode, 'unsupportedCommand', 'a header major that fits no version');
});

t.test('Common.Capabilities lists every interface with its commands and events and their versions', async (t) => {
  const rig = await startRig();
  t.teardown(() => rig.close());
  const client = await rig.client();
  const caps = await client.command('Common.Capabilities');
  t.equal(caps.header.completionCode, undefined);
  const interfaces = caps.payload?.interfaces as { name: string; commands: Record<string, { versions: string[] }>; events: Record<string, { versions: string[] }>; maximumRequests: number }[];
  t.same(interfaces.map((i) => i.name), ['Common', 'CardReader', 'Keyboard', 'Crypto']);
  const common = interfaces[0];
  t.same(Object.keys(common.commands).sort(), ['Common.Cancel', 'Common.Capabilities', 'Common.ClearCommandNonce', 'Common.GetCommandNonce', 'Common.GetTransactionState', 'Common.PowerSaveControl', 'Common.SetTransactionState', 'Common.SetVersions', 'Common.Status']);
  t.same(common.commands['Common.Status'].versions, ['2.0'], 'both releases send Common.Status as 2.0 (2024-03 answers 3.0)');
  t.same(common.events['Common.StatusChangedEvent'].versions, ['2.0', '3.0']);
  t.same(interfaces[1].commands['CardReader.ReadRawData'].versions, ['2.0'], 'the command version, once: 2024-03 answers its 2.0 command with a 3.0 completion');
  t.same(interfaces[1].events['CardReader.MediaRemovedEvent'].versions, ['2.0']);
  t.equal(common.maximumRequests, 64);
  t.equal((caps.payload?.common as { serviceVersion: string }).serviceVersion, '1.0.0');
  t.notOk('persistentDataStore' in (caps.payload?.common as object), '2.x capabilities omit 3.x properties');
  const caps3 = await client.command('Common.Capabilities', undefined, { version: '3.0' });
  t.same((caps3.payload?.common as { persistentDataStore: unknown }).persistentDataStore, { capacity: 1000 });
});

t.test('interfaces that only exist in 2024-03 are listed in 3.0 capabilities only', async (t) => {
  const { TestDevice } = await import('../../src/xfs4iot/test-device.ts');
  const device = new TestDevice();
  const def = device.definition();
  const withPower = { ...def, interfaces: [...def.interfaces, { name: 'PowerManagement' as const, commands: [] }] };
  const rig = await startRig({ services: [withPower] }, device);
  t.teardown(() => rig.close());
  const client = await rig.client();
  const names = (m: { payload?: unknown }): string[] => ((m.payload as { interfaces: { name: string }[] }).interfaces).map((i) => i.name);
  t.notOk(names(await client.command('Common.Capabilities')).includes('PowerManagement'));
  t.ok(names(await client.command('Common.Capabilities', undefined, { version: '3.0' })).includes('PowerManagement'));
});

t.test('StatusChangedEvent: only changed properties, to every connection, in each connection\'s selected version', async (t) => {
  const rig = await startRig();
  t.teardown(() => rig.close());
  const old = await rig.client();
  const modern = await rig.client();
  t.equal((await modern.setVersions({ events: { 'Common.StatusChangedEvent': 3 } })).header.completionCode, undefined);
  const got = Promise.all([old.nextUnsolicited('Common.StatusChangedEvent'), modern.nextUnsolicited('Common.StatusChangedEvent')]);
  rig.device.status.update({ common: { device: 'online', devicePosition: 'notInPosition' }, cardReader: { media: 'present' } });
  const [a, b] = await got;
  t.equal(a.header.version, '2.0', 'default: lowest major');
  t.equal(b.header.version, '3.0', 'SetVersions selected 3');
  t.same(a.payload, { common: { devicePosition: 'notInPosition' }, cardReader: { media: 'present' } }, 'unchanged device is not repeated');
  // A 3.x-only change reaches 3.x connections and nobody else.
  const seen: string[] = [];
  old.onUnsolicited((m) => seen.push(`old:${JSON.stringify(m.payload)}`));
  const next = modern.nextUnsolicited('Common.StatusChangedEvent');
  rig.device.status.update({ common: { persistentDataStore: { remaining: 999 } } });
  t.same((await next).payload, { common: { persistentDataStore: { remaining: 999 } } });
  t.equal(rig.device.status.update({ cardReader: { media: 'present' } }), undefined, 'no change, no event');
  await old.command('Common.Status');
  t.same(seen, [], 'the 2.x connection got no event for a 3.x-only property');
});

t.test('SetVersions rejects versions the service does not support and keeps the previous selection', async (t) => {
  const rig = await startRig();
  t.teardown(() => rig.close());
  const client = await rig.client();
  const bad = await client.setVersions({ events: { 'Common.StatusChangedEvent': 9 } });
  t.equal(bad.header.completionCode, 'unsupportedData');
  t.match(bad.header.errorDescription, /Common\.StatusChangedEvent/);
  const unknown = await client.setVersions({ commands: { 'Foo.Bar': 2 } });
  t.equal(unknown.header.completionCode, 'unsupportedData');
  const next = client.nextUnsolicited('Common.StatusChangedEvent');
  rig.device.status.update({ keyboard: { autoBeepMode: 'active' } });
  t.equal((await next).header.version, '2.0');
});

t.test('transaction state, command nonce, power save control', async (t) => {
  const rig = await startRig();
  t.teardown(() => rig.close());
  const client = await rig.client();
  t.same((await client.command('Common.GetTransactionState')).payload, { state: 'inactive' });
  await client.command('Common.SetTransactionState', { state: 'active', transactionID: 'TX-42' });
  t.same((await client.command('Common.GetTransactionState')).payload, { state: 'active', transactionID: 'TX-42' });
  const bad = await client.command('Common.SetTransactionState', { state: 'busy' });
  t.equal(bad.header.completionCode, 'invalidData');
  const n1 = (await client.command('Common.GetCommandNonce')).payload?.commandNonce as string;
  t.match(n1, /^[0-9A-F]{32}$/);
  t.equal((await client.command('Common.GetCommandNonce')).payload?.commandNonce, n1, 'the nonce stays until cleared');
  await client.command('Common.ClearCommandNonce');
  t.not((await client.command('Common.GetCommandNonce')).payload?.commandNonce, n1, 'cleared: a new nonce');
  const changed = client.nextUnsolicited('Common.StatusChangedEvent');
  t.equal((await client.command('Common.PowerSaveControl', { maxPowerSaveRecoveryTime: 5 })).header.completionCode, undefined);
  t.same((await changed).payload, { common: { powerSaveRecoveryTime: 5 } });
});

t.test('Common.PowerSaveControl without a backend hook is unsupportedCommand', async (t) => {
  const { TestDevice } = await import('../../src/xfs4iot/test-device.ts');
  const device = new TestDevice();
  const { common: _hooks, ...plain } = device.definition();
  const rig = await startRig({ services: [plain] }, device);
  t.teardown(() => rig.close());
  const client = await rig.client();
  t.equal((await client.command('Common.PowerSaveControl', { maxPowerSaveRecoveryTime: 5 })).header.completionCode, 'unsupportedCommand');
});

t.test('ErrorEvent and NonceClearedEvent are broadcast as unsolicited messages', async (t) => {
  const rig = await startRig();
  t.teardown(() => rig.close());
  const client = await rig.client();
  await client.command('Common.Status');
  const err = client.nextUnsolicited('Common.ErrorEvent');
  rig.device.handle?.emitError('hardware', 'reset', 'jam at position B');
  t.same((await err).payload, { eventId: 'hardware', action: 'reset', vendorDescription: 'jam at position B' });
  const cleared = client.nextUnsolicited('Common.NonceClearedEvent');
  rig.device.handle?.emitUnsolicited('Common.NonceClearedEvent', { reasonDescription: 'power failure' });
  t.equal((await cleared).header.type, 'unsolicited');
});

t.test('unsolicitedRequestId "zero" puts requestId 0 on unsolicited messages; the client accepts both', async (t) => {
  const rig = await startRig({ unsolicitedRequestId: 'zero' });
  t.teardown(() => rig.close());
  const raw = await RawSocket.open(rig.url);
  t.teardown(() => raw.close());
  const client = await rig.client();
  await client.command('Common.Status');
  raw.send({ header: { type: 'command', name: 'Common.Status', version: '2.0', requestId: 1 } });
  await raw.waitFor(2);
  const viaClient = client.nextUnsolicited('CardReader.MediaRemovedEvent');
  rig.device.handle?.emitUnsolicited('CardReader.MediaRemovedEvent');
  const m = (await raw.waitFor(3))[2];
  t.equal(m.header.requestId, 0);
  t.equal((await viaClient).header.requestId, 0, 'the client delivered it as unsolicited');
});
