// Table-driven: every (state, requested state) pair through ChangeProcessState for the Consumer and the
// Merchant, checked against the RFC's machine; final states never move; declined requests report the
// state kept. (Payment Handler transitions are driven by money: see outage.test.ts and states.test.ts.)
import t from 'tap';
import { join } from 'node:path';
import { PROCESS_STATES, canTransition, type ProcessState } from '../../src/iotp-bridge/index.ts';
import { HOUR, isoIn, serve, tempDir, type Served } from './fixtures/helpers.ts';

const W = { OkFrom: isoIn(-HOUR), OkTo: isoIn(HOUR) };
let seq = 0;

async function consumerIn(s: Served, state: ProcessState, via: 'brand' | 'order'): Promise<string> {
  const id = `C${(seq += 1)}`;
  await s.send('FindPaymentInstrument', { BrandId: 'XMLX', ProtocolId: 'XMLX-1.0', PayDirection: 'Debit', CurrCode: 'USD', Amount: '1', ConsumerPayId: id });
  if (via === 'order') await s.send('StartPaymentConsumer', { BrandId: 'XMLX', PaymentInstrumentId: 'i', CurrCode: 'USD', Amount: '1', PayDirection: 'Debit', ProtocolId: 'XMLX-1.0', ConsumerPayId: id, ...W });
  if (state !== 'NotYetStarted' && state !== 'InProgress') {
    const a = await s.send('ChangeProcessState', { PayId: id, ProcessState: state });
    if (a.body.attrs.ProcessState !== state) throw new Error(`could not reach ${state}: ${JSON.stringify(a.body.attrs)}`);
  }
  return id;
}

async function merchantIn(s: Served, state: ProcessState): Promise<string> {
  const id = `M${(seq += 1)}`;
  await s.send('FindAcceptedPaymentBrand', { PayDirection: 'Debit', CurrCode: 'USD', Amount: '1', MerchantPayId: id });
  if (state !== 'InProgress') await s.send('ChangeProcessState', { PayId: id, ProcessState: state });
  return id;
}

/** What the bridge agrees to through ChangeProcessState (a subset of the machine: completion and starting need money or an order). */
function expected(role: 'Consumer' | 'Merchant', from: ProcessState, to: ProcessState, hasOrder: boolean): ProcessState {
  if (from === to || !canTransition(role, from, to)) return from;
  if (role === 'Consumer' && to === 'CompletedOk') return from;
  if (role === 'Consumer' && to === 'InProgress' && !hasOrder) return from;
  if (role === 'Consumer' && from === 'NotYetStarted' && to === 'InProgress') return from;
  return to;
}

t.test('Consumer: every requested transition', async (t) => {
  const dir = tempDir(t);
  const s = await serve(t, { logPath: join(dir, 'log.db'), roles: ['Consumer'], instruments: [{ id: 'i', name: 'I', account: 'ALICE' }] });
  const starts: [ProcessState, 'brand' | 'order'][] = [
    ['NotYetStarted', 'brand'], ['InProgress', 'order'], ['Suspended', 'brand'], ['Suspended', 'order'], ['Failed', 'order'], ['ProcessError', 'brand'],
  ];
  for (const [from, via] of starts) {
    for (const to of PROCESS_STATES) {
      const id = await consumerIn(s, from, via);
      const a = await s.send('ChangeProcessState', { PayId: id, ProcessState: to });
      t.equal(a.body.attrs.ProcessState, expected('Consumer', from, to, via === 'order'), `${from} (${via}) -> ${to}`);
      t.equal(a.error, undefined);
    }
  }
});

t.test('Merchant: every requested transition', async (t) => {
  const dir = tempDir(t);
  const s = await serve(t, { logPath: join(dir, 'log.db'), roles: ['Merchant'] });
  for (const from of ['InProgress', 'Suspended', 'CompletedOk', 'Failed', 'ProcessError'] as const) {
    for (const to of PROCESS_STATES) {
      const id = await merchantIn(s, from);
      const a = await s.send('ChangeProcessState', { PayId: id, ProcessState: to });
      t.equal(a.body.attrs.ProcessState, expected('Merchant', from, to, false), `${from} -> ${to}`);
      const percent = Number(a.body.attrs.PercentComplete);
      t.ok(['CompletedOk', 'Failed', 'ProcessError'].includes(a.body.attrs.ProcessState) ? percent === 100 : percent < 100, 'PercentComplete 0-99 unless final');
    }
  }
});
