import t from 'tap';
import { decodeDocument, toXmlChars, xml10Violation } from '../../src/xml/well-formed.ts';

t.test('xml10Violation: the Char production for characters and references; comment syntax', async (t) => {
  for (const bad of ['<a>&#0;</a>', '<a>&#x1;</a>', '<a>&#xD800;</a>', '<a>&#xFFFE;</a>', '<a>&#xFFFF;</a>', '<a>&#x110000;</a>',
    '<a>&#99999999999999;</a>', '<a>\u0000</a>', '<a>\u001f</a>', '<a>\ud800</a>', '<a>\udc00x</a>', '<a>\ufffe</a>', '<!-- a -- b --><a/>', '<a><!-- x ---></a>']) {
    t.type(xml10Violation(bad), 'string', JSON.stringify(bad));
  }
  for (const good of ['<a>&#9;&#xA;&#13;&#x20;&#xD7FF;&#xE000;&#xFFFD;&#x10000;&#x10FFFF;</a>', '<a>\t\n\r \ud83d\ude00</a>', '<a><![CDATA[&#0; -- ]]></a>',
    '<?pi &#0;?><a/>', '<!-- a - b --><a/>', '<a>&#x0041;&#0065;</a>']) {
    t.equal(xml10Violation(good), undefined, JSON.stringify(good));
  }
});

t.test('decodeDocument: byte order marks, declared encodings, refusals', async (t) => {
  const ok = (bytes: Uint8Array | Buffer) => {
    const r = decodeDocument(new Uint8Array(bytes));
    return r.ok ? r.text : `ERR ${r.detail}`;
  };
  t.equal(ok(Buffer.from('<a>\u00e9</a>')), '<a>\u00e9</a>', 'UTF-8 by default');
  t.equal(ok(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<a/>')])), '<a/>', 'UTF-8 byte order mark dropped');
  t.equal(ok(Buffer.from('<?xml version="1.0" encoding="iso-8859-1"?><a>\u00e9</a>', 'latin1')), '<?xml version="1.0" encoding="iso-8859-1"?><a>\u00e9</a>');
  t.equal(ok(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('<a>\u20ac</a>', 'utf16le').swap16()])), '<a>\u20ac</a>', 'UTF-16BE');
  t.equal(ok(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<a>\u20ac</a>', 'utf16le')])), '<a>\u20ac</a>', 'UTF-16LE');
  t.match(ok(Buffer.from([0x3c, 0x61, 0x3e, 0xc3, 0x28])), /not valid UTF-8/);
  t.match(ok(Buffer.from([0x3c, 0x61, 0x3e, 0xed, 0xa0, 0x80])), /not valid UTF-8/, 'an encoded surrogate');
  t.match(ok(Buffer.from([0x4c, 0x6f, 0xa7, 0x94])), /EBCDIC/);
  t.match(ok(Buffer.from('<a/>', 'utf16le')), /byte order mark/);
  t.match(ok(Buffer.from('<?xml version="1.0" encoding="Shift_JIS"?><a/>')), /Shift_JIS is not supported/);
  t.match(ok(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a/>')])), /declares/);
  t.match(ok(Buffer.from('<?xml version="1.0" encoding="ascii"?><a>\u00e9</a>', 'latin1')), /US-ASCII/);
});

t.test('toXmlChars replaces what XML 1.0 cannot carry', async (t) => {
  t.equal(toXmlChars('a\u0001b\ufffe\ud800\u{1F600}'), 'a\ufffdb\ufffd\ufffd\u{1F600}');
  t.equal(toXmlChars('plain'), 'plain');
});
