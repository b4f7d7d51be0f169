// Configuration checks and the registry listing of logical services through a fake registry.
import t from 'tap';
import {
  ConfigError, defaultLibraries, mergeServices, parseRegQuery, servicesFromRegistry, validateConfig,
} from '../../src/legacy-xfs3/config.ts';
import type { RegistryReader } from '../../src/legacy-xfs3/config.ts';
import type { LegacyXfsConfig } from '../../src/legacy-xfs3/types.ts';

class FakeRegistry implements RegistryReader {
  constructor(private readonly keys: Record<string, Record<string, string>>) {}
  async subkeys(key: string): Promise<string[]> {
    const p = `${key}\\`;
    return [...new Set(Object.keys(this.keys).filter((k) => k.startsWith(p)).map((k) => k.slice(p.length).split('\\')[0]!))];
  }
  async values(key: string): Promise<Record<string, string>> {
    return this.keys[key] ?? {};
  }
}

const base: LegacyXfsConfig = {
  managerLibrary: 'msxfs.dll', windowLibrary: 'user32.dll', appId: 'gw',
  services: [{ logicalName: 'CardReader1', serviceClass: 'IDC', xfs4iotServiceName: 'CardReader1' }],
};

t.test('libraries per platform', async (t) => {
  t.same(defaultLibraries('win32', '/x.so'), { managerLibrary: 'msxfs.dll', windowLibrary: 'user32.dll' });
  t.same(defaultLibraries('linux', '/x.so'), { managerLibrary: '/x.so', windowLibrary: '/x.so' });
});

t.test('validation names the key at fault', async (t) => {
  t.equal(validateConfig(base), base);
  const dup = { ...base, services: [...base.services, { logicalName: 'CardReader1', serviceClass: 'CDM' as const, xfs4iotServiceName: 'Cash' }] };
  t.throws(() => validateConfig(dup), new ConfigError('services[1].logicalName', "'CardReader1' is configured twice"));
  const cls = { ...base, services: [{ logicalName: 'X', serviceClass: 'XYZ' as never, xfs4iotServiceName: 'X' }] };
  t.throws(() => validateConfig(cls), { name: 'ConfigError', key: 'services[0].serviceClass' });
  const ver = { ...base, services: [{ ...base.services[0]!, versions: { low: '3' as never, high: '3.30' as const } }] };
  t.throws(() => validateConfig(ver), { name: 'ConfigError', key: 'services[0].versions' });
  t.throws(() => validateConfig({ ...base, appId: '' }), { name: 'ConfigError', key: 'appId' });
  t.throws(() => validateConfig({ ...base, reopen: { initialDelayMs: 100, maxDelayMs: 10 } }), { name: 'ConfigError', key: 'reopen' });
});

t.test('logical services listed from the XFS registry keys', async (t) => {
  const root = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\XFS\\LOGICAL_SERVICES';
  const reg = new FakeRegistry({
    [`${root}\\CardReader1`]: { class: 'IDC', provider: 'VendorIDC' },
    [`${root}\\Cash Dispenser`]: { Class: 'cdm', provider: 'VendorCDM' },
    [`${root}\\Alarm`]: { class: 'ALM', provider: 'VendorALM' },
    [`${root}\\Broken`]: { provider: 'x' },
  });
  const listing = await servicesFromRegistry(reg);
  t.same(listing.services, [
    { logicalName: 'CardReader1', serviceClass: 'IDC', xfs4iotServiceName: 'CardReader1' },
    { logicalName: 'Cash Dispenser', serviceClass: 'CDM', xfs4iotServiceName: 'Cash_Dispenser' },
  ]);
  t.same(listing.skipped.map((s) => s.logicalName), ['Alarm', 'Broken']);
  const merged = mergeServices(base.services, listing.services);
  t.same(merged.map((s) => s.logicalName), ['CardReader1', 'Cash Dispenser'], 'configured entries win');
  const old = new FakeRegistry({ 'HKEY_USERS\\.DEFAULT\\XFS\\LOGICAL_SERVICES\\PinPad': { class: 'PIN' } });
  t.same((await servicesFromRegistry(old)).services.map((s) => s.serviceClass), ['PIN'], 'older location');
  t.same((await servicesFromRegistry(new FakeRegistry({}))).services, [], 'no XFS installed');
});

t.test('reg.exe output is parsed', async (t) => {
  const key = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\XFS\\LOGICAL_SERVICES\\CardReader1';
  const text = `\r\n${key}\r\n    class    REG_SZ    IDC\r\n    provider    REG_SZ    Vendor IDC SP\r\n\r\n${key}\\sub1\r\n`;
  t.same(parseRegQuery(key, text), { subkeys: ['sub1'], values: { class: 'IDC', provider: 'Vendor IDC SP' } });
});
