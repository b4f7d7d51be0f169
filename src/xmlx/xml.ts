// Safe XML reading for XML-X: fast-xml-parser behind limits, with DOCTYPE and entity declarations
// refused, nothing converted to numbers, and every failure mapped to its XML-X errno. Output is a
// small element tree; <Memo> content is kept raw (byte for byte) as a stop node.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { decodeDocument, toXmlChars, xml10Violation } from '../xml/well-formed.ts';
import { Errno, XmlxError } from './errors.ts';

export interface XmlLimits {
  /** Largest document accepted, in bytes (UTF-8). */
  maxBytes: number;
  /** Deepest element nesting accepted (Memo content not counted: it is kept raw). */
  maxDepth: number;
}

export const DEFAULT_LIMITS: XmlLimits = { maxBytes: 1024 * 1024, maxDepth: 32 };

export interface XElement {
  name: string;
  attrs: Record<string, string>;
  children: XElement[];
  /** Decoded character data directly inside this element (all text nodes concatenated). */
  text: string;
  /** For raw (stop) nodes such as Memo: the undecoded inner XML exactly as received. */
  raw?: string;
}

const RAW_ELEMENTS = ['Memo'];

const parsers = new Map<number, XMLParser>();

function parserFor(maxDepth: number): XMLParser {
  let parser = parsers.get(maxDepth);
  if (!parser) {
    parser = new XMLParser({
      preserveOrder: true,
      ignoreAttributes: false,
      attributeNamePrefix: '',
      parseTagValue: false,
      parseAttributeValue: false,
      trimValues: false,
      processEntities: false,
      ignoreDeclaration: false,
      stopNodes: RAW_ELEMENTS.map((name) => `..${name}`),
      maxNestedTags: maxDepth,
      // Callbacks would otherwise get a jPath string built for every tag: half the parse time.
      jPath: false,
    });
    parsers.set(maxDepth, parser);
  }
  return parser;
}

/** Decodes bytes as XML 1.0 reads them (byte order mark, declared encoding; errno 10 when they cannot be read). */
export function toText(input: string | Uint8Array): string {
  if (typeof input === 'string') return input;
  const decoded = decodeDocument(input);
  if (!decoded.ok) throw new XmlxError(Errno.BAD_XML, decoded.detail);
  return decoded.text;
}

const FORBIDDEN_DECLARATION = /<!(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i;

/**
 * Parses one XML document into its root element, or throws XmlxError with the fitting errno:
 * 11 empty, 10 malformed / over a limit / DOCTYPE, 33 duplicate attribute, 25 XML version, 12 not
 * exactly one root element.
 */
export function parseXml(input: string | Uint8Array, limits: XmlLimits = DEFAULT_LIMITS): XElement {
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (size > limits.maxBytes) {
    throw new XmlxError(Errno.BAD_XML, `document larger than ${limits.maxBytes} bytes`);
  }
  let text = toText(input);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const trimmed = text.trim();
  if (trimmed === '') throw new XmlxError(Errno.EMPTY_XML);
  if (FORBIDDEN_DECLARATION.test(text)) {
    throw new XmlxError(Errno.BAD_XML, 'DOCTYPE and entity declarations are refused');
  }
  const violation = xml10Violation(text);
  if (violation !== undefined) throw new XmlxError(Errno.BAD_XML, violation);
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const errno = /repeated/.test(valid.err.msg) ? Errno.DUPLICATE_ATTRIBUTE : Errno.BAD_XML;
    throw new XmlxError(errno, `${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`);
  }
  if (!trimmed.endsWith('>')) throw new XmlxError(Errno.ROOT, 'text after the root element');
  let nodes: unknown;
  try {
    nodes = parserFor(limits.maxDepth).parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/nested/i.test(message)) throw new XmlxError(Errno.BAD_XML, `nesting deeper than ${limits.maxDepth}`);
    // The parser refuses names such as __proto__ or constructor: to XML-X they are unknown tags.
    if (/invalid name/i.test(message)) throw new XmlxError(Errno.UNKNOWN_TAG, message);
    throw new XmlxError(Errno.BAD_XML, message);
  }
  const roots: XElement[] = [];
  for (const node of asNodeList(nodes)) {
    const name = elementName(node);
    if (name === '#text') {
      if (String(node['#text']).trim() !== '') throw new XmlxError(Errno.ROOT, 'text outside the root element');
      continue;
    }
    if (name === '?xml') {
      const version = attributesOf(node).version;
      if (version !== undefined && version !== '1.0') {
        throw new XmlxError(Errno.VERSION, `XML version ${version} is not supported`);
      }
      continue;
    }
    if (name === undefined || name.startsWith('?')) continue;
    roots.push(toElement(node, name));
  }
  if (roots.length !== 1) {
    throw new XmlxError(Errno.ROOT, roots.length === 0 ? 'no root element' : 'more than one root element');
  }
  return roots[0];
}

type RawNode = Record<string, unknown>;

function asNodeList(value: unknown): RawNode[] {
  return Array.isArray(value) ? (value as RawNode[]) : [];
}

function elementName(node: RawNode): string | undefined {
  for (const key of Object.keys(node)) if (key !== ':@') return key;
  return undefined;
}

function attributesOf(node: RawNode): Record<string, string> {
  const attrs = node[':@'];
  if (!attrs || typeof attrs !== 'object') return {};
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(attrs as Record<string, unknown>)) out[key] = decodeEntities(String(value));
  return out;
}

function toElement(node: RawNode, name: string): XElement {
  const element: XElement = { name, attrs: attributesOf(node), children: [], text: '' };
  const content = asNodeList(node[name]);
  if (RAW_ELEMENTS.includes(name)) {
    element.raw = content.map((child) => String(child['#text'] ?? '')).join('');
    element.text = element.raw;
    return element;
  }
  let text = '';
  for (const child of content) {
    const childName = elementName(child);
    if (childName === '#text') text += decodeEntities(String(child['#text']));
    else if (childName !== undefined && !childName.startsWith('?') && childName !== '#comment') {
      element.children.push(toElement(child, childName));
    }
  }
  element.text = text;
  return element;
}

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the five predefined entities and character references; anything else is errno 10. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&([^;&\s]*);?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) throw new XmlxError(Errno.BAD_XML, 'unterminated entity reference');
    const named = NAMED_ENTITIES[ref];
    if (named !== undefined) return named;
    const match = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(ref);
    if (match) {
      const code = match[1] !== undefined ? parseInt(match[1], 16) : parseInt(match[2], 10);
      const allowed = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff)
        || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
      if (allowed) return String.fromCodePoint(code);
    }
    throw new XmlxError(Errno.BAD_XML, `unknown or invalid entity reference &${ref};`);
  });
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;', '\n': '&#10;', '\t': '&#9;',
};

/**
 * Escapes character data for element content. CR is written as a character reference: XML's
 * end-of-line normalisation would otherwise turn it into LF on the reading side.
 */
export function escapeText(raw: string): string {
  const text = toXmlChars(raw);
  return /[&<>\r]/.test(text) ? text.replace(/[&<>\r]/g, (c) => ESCAPES[c]) : text;
}

/** Escapes an attribute value (double-quoted); whitespace other than space as references, as attribute normalisation would flatten it. */
export function escapeAttr(raw: string): string {
  const text = toXmlChars(raw);
  return /[&<>"\r\n\t]/.test(text) ? text.replace(/[&<>"\r\n\t]/g, (c) => ESCAPES[c]) : text;
}
