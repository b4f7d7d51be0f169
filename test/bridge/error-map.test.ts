// The error tables on completions the simulator cannot produce: output of a service provider that the
// device layer could not decode (corrupt length, missing pointer) is not the client's fault.
import t from 'tap';
import { ErrorMap } from '../../src/bridge/error-map.ts';
import { loadMappings } from '../../src/bridge/mapping-loader.ts';
import { MappingUsage } from '../../src/bridge/usage.ts';

const mappings = loadMappings();
const idc = mappings.classes.get('IDC')!;
const errors = new ErrorMap('idc.json', idc, mappings.generic, new MappingUsage());
const readRawData = idc.commands['CardReader.ReadRawData'];

t.test('undecodable service output: internalError with the reason, never invalidData', async (t) => {
  const outcome = errors.resolve({ code: -52, name: 'WFS_ERR_INVALID_DATA', origin: 'gateway', detail: "the service's output could not be decoded: ulDataLength 4294967295 above the cap" }, readRawData);
  t.equal(outcome.result.completionCode, 'internalError');
  t.match(outcome.result.errorDescription, /could not be decoded: ulDataLength 4294967295 above the cap/);
  t.equal(outcome.offline, false);
});

t.test('the same code from the service provider is the client data it refused', async (t) => {
  const outcome = errors.resolve({ code: -52, name: 'WFS_ERR_INVALID_DATA', origin: 'service' }, readRawData);
  t.same(outcome.result, { completionCode: 'invalidData', errorDescription: 'XFS 3.x WFS_ERR_INVALID_DATA (-52)' });
});

t.test('a lost session from the device layer: deviceNotReady and offline', async (t) => {
  const outcome = errors.resolve({ code: -54, name: 'WFS_ERR_CONNECTION_LOST', origin: 'gateway', detail: 'the service is offline; reopening' }, readRawData);
  t.equal(outcome.result.completionCode, 'deviceNotReady');
  t.ok(outcome.offline);
  t.match(outcome.result.errorDescription, /offline; reopening/);
});

t.test('canceled and timeOut carry no errorDescription', async (t) => {
  t.same(errors.resolve({ code: -4, name: 'WFS_ERR_CANCELED', origin: 'service' }, readRawData).result, { completionCode: 'canceled' });
  t.same(errors.resolve({ code: -48, name: 'WFS_ERR_TIMEOUT', origin: 'gateway', detail: 'x' }, readRawData).result, { completionCode: 'timeOut' });
});
