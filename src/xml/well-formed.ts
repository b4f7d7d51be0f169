// XML 1.0 well-formedness that fast-xml-parser does not check, shared by both XML protocols (IOTP and
// XML-X): the document's encoding (byte order mark and declaration), the Char production (for
// literal characters and character references alike) and comment syntax. Pure functions: each
// protocol maps a violation to its own error code.

export type DecodeResult = { ok: true; text: string } | { ok: false; detail: string };

/** The encodings read as the declaration says; every other declared name is refused, never guessed. */
type Encoding = 'utf-8' | 'us-ascii' | 'iso-8859-1' | 'utf-16le' | 'utf-16be';

const ENCODING_NAMES: Readonly<Record<string, Encoding>> = {
  'utf-8': 'utf-8', utf8: 'utf-8',
  'us-ascii': 'us-ascii', ascii: 'us-ascii', 'iso-646-us': 'us-ascii',
  'iso-8859-1': 'iso-8859-1', 'iso_8859-1': 'iso-8859-1', latin1: 'iso-8859-1', 'l1': 'iso-8859-1',
  'utf-16': 'utf-16le', 'utf-16le': 'utf-16le', 'utf-16be': 'utf-16be',
};

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf16le = new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true });

/** The encoding name a leading `<?xml ... encoding="..."?>` declares, read from the ASCII-compatible bytes. */
function declaredEncoding(head: string): string | undefined {
  const declaration = /^<\?xml\s[^>]*?\bencoding\s*=\s*(["'])([^"']*)\1/.exec(head);
  return declaration?.[2];
}

/**
 * Bytes to text as XML 1.0 (appendix F) reads them: a UTF-8 or UTF-16 byte order mark, else the
 * declared encoding, else UTF-8. Invalid byte sequences and unsupported encodings (EBCDIC among them)
 * are refused rather than read as something else.
 */
export function decodeDocument(bytes: Uint8Array): DecodeResult {
  const b = bytes;
  if (b.length >= 2 && ((b[0] === 0xfe && b[1] === 0xff) || (b[0] === 0xff && b[1] === 0xfe))) {
    const bigEndian = b[0] === 0xfe;
    if ((b.length - 2) % 2 !== 0) return { ok: false, detail: 'a UTF-16 document has an odd number of bytes' };
    const body = Buffer.from(b.subarray(2));
    if (bigEndian) body.swap16();
    let text: string;
    try {
      text = utf16le.decode(body);
    } catch {
      return { ok: false, detail: 'the document is not valid UTF-16' };
    }
    const declared = declaredEncoding(text)?.toLowerCase();
    if (declared !== undefined && !declared.startsWith('utf-16')) {
      return { ok: false, detail: `the document is UTF-16 (byte order mark) but declares encoding ${declared}` };
    }
    return { ok: true, text };
  }
  // '<?xm' in EBCDIC (XML 1.0 appendix F): named, so the refusal says what it is.
  if (b.length >= 4 && b[0] === 0x4c && b[1] === 0x6f && b[2] === 0xa7 && b[3] === 0x94) {
    return { ok: false, detail: 'EBCDIC documents are not supported: send UTF-8' };
  }
  if (b.length >= 2 && (b[0] === 0 || b[1] === 0)) {
    return { ok: false, detail: 'UTF-16 or UTF-32 without a byte order mark is not supported: send UTF-8' };
  }
  const withBom = b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
  const body = withBom ? b.subarray(3) : b;
  const head = Buffer.from(body.subarray(0, 256)).toString('latin1');
  const declaredName = declaredEncoding(head);
  const declared = declaredName === undefined ? 'utf-8' : ENCODING_NAMES[declaredName.toLowerCase()];
  if (declared === undefined) return { ok: false, detail: `encoding ${declaredName} is not supported: send UTF-8` };
  if (withBom && declared !== 'utf-8') return { ok: false, detail: `the document has a UTF-8 byte order mark but declares encoding ${declaredName}` };
  switch (declared) {
    case 'utf-8':
      try {
        return { ok: true, text: utf8.decode(body) };
      } catch {
        return { ok: false, detail: 'the document is not valid UTF-8' };
      }
    case 'us-ascii':
      for (const byte of body) if (byte > 0x7f) return { ok: false, detail: 'a byte above 0x7F in a document declared US-ASCII' };
      return { ok: true, text: Buffer.from(body).toString('latin1') };
    case 'iso-8859-1':
      return { ok: true, text: Buffer.from(body).toString('latin1') };
    default:
      return { ok: false, detail: `the document declares ${declaredName} but has no UTF-16 byte order mark` };
  }
}

/** XML 1.0 production [2] Char. */
export function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff)
    || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

// With the u flag a lone surrogate is a code point of its own and so outside every range below.
const NOT_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const NOT_CHAR_GLOBAL = new RegExp(NOT_CHAR.source, 'gu');

// Scanned left to right so that whichever construct opens first owns the text: a reference inside a
// CDATA section or a processing instruction is literal text, '--' inside CDATA is fine.
const MARKUP = /<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<!--([\s\S]*?)-->|&#(x[0-9a-fA-F]+|[0-9]+);/g;

/**
 * The first XML 1.0 well-formedness violation the parser underneath lets through, or undefined:
 * a character outside Char (a control character, a lone surrogate, U+FFFE/U+FFFF), a character
 * reference to one (&#0;, &#x1;, &#xD800;), '--' inside a comment or a comment ending in '-'.
 */
export function xml10Violation(text: string): string | undefined {
  const bad = NOT_CHAR.exec(text);
  if (bad !== null) {
    const code = bad[0].codePointAt(0) ?? 0;
    return `character U+${code.toString(16).toUpperCase().padStart(4, '0')} at offset ${bad.index} is not allowed in XML 1.0`;
  }
  MARKUP.lastIndex = 0;
  for (let m = MARKUP.exec(text); m !== null; m = MARKUP.exec(text)) {
    const [whole, comment, reference] = m;
    if (comment !== undefined && (comment.includes('--') || comment.endsWith('-'))) {
      return `a comment at offset ${m.index} contains '--'`;
    }
    if (reference !== undefined) {
      const digits = reference.startsWith('x') ? reference.slice(1).replace(/^0+/, '') : reference.replace(/^0+/, '');
      const code = digits.length > 8 ? Infinity : parseInt(digits === '' ? '0' : digits, reference.startsWith('x') ? 16 : 10);
      if (!isXmlChar(code)) return `character reference ${whole} at offset ${m.index} is not an XML 1.0 character`;
    }
  }
  return undefined;
}

/**
 * Text that can be written into an XML 1.0 document whatever it holds: characters outside Char
 * become U+FFFD. Applied on output so that nothing stored earlier, from any source, can make an
 * answer ill-formed.
 */
export function toXmlChars(text: string): string {
  return NOT_CHAR.test(text) ? text.replace(NOT_CHAR_GLOBAL, '\uFFFD') : text;
}
