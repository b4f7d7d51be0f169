import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { decodeDocument, isXmlChar, toXmlChars, xml10Violation } from '../xml/well-formed.ts';

/** A namespace-agnostic, order-preserving XML element: the one shape every codec in the bridge speaks. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

export type XmlParseResult =
  | { ok: true; root: XmlElement }
  | { ok: false; reason: 'notWellFormed' | 'doctype' | 'refusedName'; detail: string };

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  // Entities are decoded by decodeXmlText below: only the five predefined ones and
  // character references, never anything a document declares.
  processEntities: false,
  htmlEntities: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  allowBooleanAttributes: false,
  cdataPropName: '#cdata',
});

const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  suppressEmptyNode: true,
  processEntities: true,
  format: false,
});

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five predefined entities and numeric character references; anything else is left as is. */
export function decodeXmlText(raw: string): string {
  return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return safeCodePoint(parseInt(ref.slice(2), 16), whole);
    if (ref.startsWith('#')) return safeCodePoint(parseInt(ref.slice(1), 10), whole);
    return PREDEFINED[ref] ?? whole;
  });
}

function safeCodePoint(cp: number, fallback: string): string {
  return Number.isInteger(cp) && isXmlChar(cp) ? String.fromCodePoint(cp) : fallback;
}

/** A reference to an undeclared entity is a well-formedness error (XML 1.0, WFC: Entity Declared). */
const UNDECLARED_ENTITY = /&(?!(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);)/;

function stripCdataAndComments(xml: string): string {
  return xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '').replace(/<!--[\s\S]*?-->/g, '');
}

/** Parses a document given as text, or as bytes in the encoding its byte order mark or declaration names. */
export function parseXml(input: string | Uint8Array): XmlParseResult {
  let xml: string;
  if (typeof input === 'string') xml = input;
  else {
    const decoded = decodeDocument(input);
    if (!decoded.ok) return { ok: false, reason: 'notWellFormed', detail: decoded.detail };
    xml = decoded.text;
  }
  if (xml.charCodeAt(0) === 0xfeff) xml = xml.slice(1);
  const violation = xml10Violation(xml);
  if (violation !== undefined) return { ok: false, reason: 'notWellFormed', detail: violation };
  const markup = stripCdataAndComments(xml);
  if (/<!DOCTYPE/i.test(markup) || /<!ENTITY/i.test(markup)) {
    return { ok: false, reason: 'doctype', detail: 'DOCTYPE declarations and entity definitions are refused' };
  }
  const verdict = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  if (verdict !== true) {
    const where = verdict.err.line === undefined ? '' : ` (line ${verdict.err.line})`;
    return { ok: false, reason: 'notWellFormed', detail: `${verdict.err.msg}${where}` };
  }
  if (UNDECLARED_ENTITY.test(markup)) {
    return { ok: false, reason: 'notWellFormed', detail: 'reference to an undeclared entity or a bare "&"' };
  }
  let nodes: OrderedNode[];
  try {
    nodes = parser.parse(xml) as OrderedNode[];
  } catch (error) {
    // The parser refuses names such as __proto__ or constructor; no API element or attribute has one.
    return { ok: false, reason: 'refusedName', detail: error instanceof Error ? error.message.replace(/^\[SECURITY\]\s*/, '') : 'refused name' };
  }
  const elements = nodes.map(toElement).filter((e): e is XmlElement => e !== undefined);
  if (elements.length !== 1) {
    return { ok: false, reason: 'notWellFormed', detail: `expected exactly one root element, found ${elements.length}` };
  }
  return { ok: true, root: elements[0] };
}

function cdataText(content: unknown): string {
  if (!Array.isArray(content)) return '';
  return (content as OrderedNode[]).map((n) => String(n['#text'] ?? '')).join('');
}

function toElement(node: OrderedNode): XmlElement | undefined {
  const name = Object.keys(node).find((k) => k !== ':@');
  if (name === undefined || name === '#text' || name.startsWith('?') || name === '#comment') return undefined;
  const rawAttrs = node[':@'] ?? {};
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(rawAttrs)) attrs[k] = decodeXmlText(String(v));
  const children: XmlElement[] = [];
  let text = '';
  const content = node[name];
  if (Array.isArray(content)) {
    for (const child of content as OrderedNode[]) {
      if ('#text' in child) {
        text += decodeXmlText(String(child['#text']));
        continue;
      }
      if ('#cdata' in child) {
        text += cdataText(child['#cdata']);
        continue;
      }
      const el = toElement(child);
      if (el !== undefined) children.push(el);
    }
  }
  return { name, attrs, children, text };
}

export function element(name: string, attrs: Record<string, string | undefined> = {}, children: XmlElement[] = [], text = ''): XmlElement {
  const clean: Record<string, string> = {};
  // defineProperty: a key such as __proto__ stays a plain (and then unexpected) attribute.
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) Object.defineProperty(clean, k, { value: v, enumerable: true, writable: true, configurable: true });
  return { name, attrs: clean, children, text };
}

function toOrdered(el: XmlElement): OrderedNode {
  const content: OrderedNode[] = [];
  // Whatever a stored value holds, the document written stays XML 1.0.
  if (el.text !== '') content.push({ '#text': toXmlChars(el.text) });
  for (const c of el.children) content.push(toOrdered(c));
  const node: OrderedNode = { [el.name]: content };
  const keys = Object.keys(el.attrs);
  if (keys.length > 0) {
    const attrs: Record<string, string> = {};
    for (const k of keys) Object.defineProperty(attrs, k, { value: toXmlChars(el.attrs[k]), enumerable: true, writable: true, configurable: true });
    node[':@'] = attrs;
  }
  return node;
}

export function serializeXml(root: XmlElement, declaration = true): string {
  const body = builder.build([toOrdered(root)]);
  return declaration ? `<?xml version="1.0" encoding="UTF-8"?>${body}` : body;
}
