import t from 'tap';
import { parseXml, toMinorUnits, fromMinorUnits, canTransition, allowedTransitions, PROCESS_STATES, ROLES, IOTP_ERROR_CODES } from '../../src/iotp-bridge/index.ts';

t.test('XML codec: entities, CDATA, DOCTYPE', async (t) => {
  const r = parseXml('<?xml version="1.0"?><A q="a&amp;b&#65;&#x42;&lt;"><B>1 &amp;#65;<![CDATA[<z>&amp;]]></B></A>');
  t.ok(r.ok);
  if (r.ok) {
    t.equal(r.root.attrs.q, 'a&bAB<');
    t.equal(r.root.children[0].text, '1 &#65;<z>&amp;');
  }
  const doctype = parseXml('<!DOCTYPE A [<!ENTITY x "boom">]><A>&x;</A>');
  t.same(doctype.ok ? 'ok' : doctype.reason, 'doctype');
  const undeclared = parseXml('<A>&x;</A>');
  t.same(undeclared.ok ? 'ok' : undeclared.reason, 'notWellFormed');
  const broken = parseXml('<A><B></A>');
  t.same(broken.ok ? 'ok' : broken.reason, 'notWellFormed');
  const two = parseXml('<A/><B/>');
  t.same(two.ok ? 'ok' : two.reason, 'notWellFormed');
  const commentOnly = parseXml('<A><!-- <!DOCTYPE x> --></A>');
  t.ok(commentOnly.ok, 'a DOCTYPE inside a comment is no declaration');
});

t.test('amounts: decimal strings to smallest units and back, no floats', async (t) => {
  t.same(toMinorUnits('245.35', 2), { ok: true, minor: 24535n });
  t.same(toMinorUnits('245.3', 2), { ok: true, minor: 24530n });
  t.same(toMinorUnits('245', 2), { ok: true, minor: 24500n });
  t.same(toMinorUnits('1.500', 2), { ok: true, minor: 150n }, 'trailing zeros are not finer than the unit');
  t.same(toMinorUnits('0.001', 2), { ok: false, reason: 'tooFine' });
  t.same(toMinorUnits('12.5', 0), { ok: false, reason: 'tooFine' });
  t.same(toMinorUnits('1.234', 3), { ok: true, minor: 1234n });
  t.same(toMinorUnits('-1', 2), { ok: false, reason: 'syntax' });
  t.same(toMinorUnits('1e3', 2), { ok: false, reason: 'syntax' });
  t.same(toMinorUnits('', 2), { ok: false, reason: 'syntax' });
  t.same(toMinorUnits('9999999999999999.99', 2), { ok: true, minor: 999999999999999999n }, 'beyond 2^53 stays exact');
  t.same(toMinorUnits('99999999999999999.99', 2), { ok: false, reason: 'tooLarge' }, 'beyond 18 digits of the smallest unit: refused');
  t.same(toMinorUnits('00000000000000000001.5', 2), { ok: true, minor: 150n }, 'leading zeros do not count');
  t.equal(fromMinorUnits(24535n, 2), '245.35');
  t.equal(fromMinorUnits(5n, 2), '0.05');
  t.equal(fromMinorUnits(5n, 0), '5');
  t.equal(fromMinorUnits(-150n, 2), '-1.50');
});

t.test('state machine: only the transitions of RFC 3867 section 3.3', async (t) => {
  for (const role of ROLES) {
    for (const final of ['CompletedOk', 'Failed', 'ProcessError'] as const) {
      t.same(allowedTransitions(role, final), [], `${role}: ${final} is final`);
    }
    t.ok(canTransition(role, 'NotYetStarted', 'InProgress'));
    t.ok(canTransition(role, 'InProgress', 'Suspended'));
    t.ok(canTransition(role, 'Suspended', 'InProgress'));
    t.ok(canTransition(role, 'InProgress', 'CompletedOk'));
    t.notOk(canTransition(role, 'NotYetStarted', 'CompletedOk'), `${role}: no completion without progress`);
    t.notOk(canTransition(role, 'InProgress', 'NotYetStarted'), `${role}: no way back from InProgress`);
    for (const s of PROCESS_STATES) t.notOk(canTransition(role, s, s), `${role}: ${s} -> ${s} is no transition`);
  }
  t.ok(canTransition('Consumer', 'Suspended', 'NotYetStarted'), 'a Consumer suspended in brand selection restarts it');
  t.notOk(canTransition('PaymentHandler', 'Suspended', 'NotYetStarted'));
  t.notOk(canTransition('Merchant', 'Suspended', 'NotYetStarted'));
});

t.test('error registry: the full table of section 3.1, codes of at most 14 characters', async (t) => {
  const expected = [
    'Reserved', 'XmlNotWellFrmd', 'XmlNotValid', 'ElNotValid', 'ElUnexpected', 'ElNotSupp', 'ElMissing', 'ElContIllegal', 'EncapProtErr',
    'AttUnexpected', 'AttNotValid', 'AttNotSupp', 'AttMissing', 'AttValIllegal', 'AttValNotRecog', 'MsgTooLarge', 'ElTooLarge', 'ValueTooSmall',
    'ValueTooLarge', 'ElInconsistent', 'TransportError', 'MsgBeingProc', 'SystemBusy', 'UnknownError', 'SyntaxError', 'ReqRefused', 'ReqNotSupp',
    'BusError',
  ];
  t.same(Object.keys(IOTP_ERROR_CODES).sort(), [...expected].sort());
  for (const code of expected) t.ok(code.length <= 14, `${code} fits 14 characters`);
  t.equal(IOTP_ERROR_CODES.MsgBeingProc.severity, 'TransientError');
  t.equal(IOTP_ERROR_CODES.SystemBusy.severity, 'TransientError');
});
