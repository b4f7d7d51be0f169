// Reading helpers over the element tree: each check throws XmlxError with the errno that fits
// (21 repeated, 22 missing, 23 content, 24 unknown tag, 26 not a number, 27 not a time,
// 34 unknown attribute, 35 bad attribute value).
import { Errno, XmlxError } from './errors.ts';
import type { ValueToken, Signature } from './types.ts';
import type { XElement } from './xml.ts';

/** Attributes every element may carry without meaning to XML-X (namespace declarations). */
function isNamespaceAttr(name: string): boolean {
  return name === 'xmlns' || name.startsWith('xmlns:');
}

/** Checks the attribute names and returns the element's children grouped by name. */
export function open(el: XElement, allowedChildren: readonly string[], allowedAttrs: readonly string[] = []): Map<string, XElement[]> {
  checkAttrs(el, allowedAttrs);
  if (el.text.trim() !== '') throw new XmlxError(Errno.CONTENT, `<${el.name}> holds elements, not text`);
  const groups = new Map<string, XElement[]>();
  for (const child of el.children) {
    if (!allowedChildren.includes(child.name)) {
      throw new XmlxError(Errno.UNKNOWN_TAG, `unknown tag <${child.name}> in <${el.name}>`);
    }
    const list = groups.get(child.name);
    if (list) list.push(child);
    else groups.set(child.name, [child]);
  }
  return groups;
}

export function checkAttrs(el: XElement, allowed: readonly string[]): void {
  for (const name of Object.keys(el.attrs)) {
    if (!allowed.includes(name) && !isNamespaceAttr(name)) {
      throw new XmlxError(Errno.UNKNOWN_ATTRIBUTE, `unknown attribute '${name}' on <${el.name}>`);
    }
  }
}

export function optional(groups: Map<string, XElement[]>, name: string): XElement | undefined {
  const list = groups.get(name);
  if (!list) return undefined;
  if (list.length > 1) throw new XmlxError(Errno.TOO_MANY, `<${name}> given more than once`);
  return list[0];
}

export function required(groups: Map<string, XElement[]>, name: string, parent: string): XElement {
  const el = optional(groups, name);
  if (!el) throw new XmlxError(Errno.MISSING, `<${parent}> lacks <${name}>`);
  return el;
}

/** Text of a leaf element (no child elements); entities decoded, not trimmed. */
export function leafText(el: XElement, allowedAttrs: readonly string[] = []): string {
  checkAttrs(el, allowedAttrs);
  if (el.children.length > 0) throw new XmlxError(Errno.CONTENT, `<${el.name}> must hold text only`);
  return el.text;
}

/** An identifier: leaf text, trimmed; empty ones refused unless allowed. */
export function ident(el: XElement, allowEmpty = false, allowedAttrs: readonly string[] = []): string {
  const value = leafText(el, allowedAttrs).trim();
  if (!allowEmpty && value === '') throw new XmlxError(Errno.CONTENT, `<${el.name}> is empty`);
  return value;
}

/** An identifier with the optional `name` attribute of augmented ids. */
export function namedIdent(el: XElement, allowEmpty = false): { id: string; name?: string } {
  const id = ident(el, allowEmpty, ['name']);
  const name = el.attrs.name;
  return name === undefined ? { id } : { id, name };
}

const DIGITS = /^[0-9]+$/;
/** Amounts beyond 38 digits are refused: no ledger holds them and they only cost parse time. */
const MAX_AMOUNT_DIGITS = 38;

/** A non-negative integer count of smallest units (errno 26 NAN otherwise). */
export function amount(el: XElement, allowedAttrs: readonly string[] = []): bigint {
  const text = leafText(el, allowedAttrs).trim();
  if (!DIGITS.test(text) || text.length > MAX_AMOUNT_DIGITS) {
    throw new XmlxError(Errno.NAN, `<${el.name}> is not a non-negative integer: '${text.slice(0, 40)}'`);
  }
  return BigInt(text);
}

/** An 18-digit-or-shorter count of 100 ns ticks since 1601 (errno 27 NAT otherwise). */
export function ticks(el: XElement): bigint {
  return ticksText(leafText(el), el.name);
}

export function ticksText(raw: string, where: string): bigint {
  const text = raw.trim();
  if (!DIGITS.test(text) || text.length > 18) {
    throw new XmlxError(Errno.NAT, `<${where}> is not an XML-X time (up to 18 digits): '${text.slice(0, 40)}'`);
  }
  return BigInt(text);
}

/** A boolean attribute: "true" or "false" (errno 35 otherwise); absent gives the default. */
export function boolAttr(el: XElement, name: string, fallback: boolean): boolean {
  const value = el.attrs[name];
  if (value === undefined) return fallback;
  const normal = value.trim().toLowerCase();
  if (normal === 'true') return true;
  if (normal === 'false') return false;
  throw new XmlxError(Errno.BAD_ATTRIBUTE, `attribute ${name}="${value}" on <${el.name}> must be true or false`);
}

/** Outer whitespace trimmed, inner layout kept (token blobs, signatures). */
export function blob(el: XElement, allowedAttrs: readonly string[]): string {
  return leafText(el, allowedAttrs).trim();
}

export function valueToken(el: XElement): ValueToken {
  return { type: (el.attrs.type ?? '').trim(), data: blob(el, ['type']) };
}

export function signature(el: XElement): Signature {
  const data = blob(el, ['type']);
  return el.attrs.type === undefined ? { data } : { type: el.attrs.type.trim(), data };
}

export function rid(el: XElement): { rid?: string } {
  return el.attrs.rid === undefined ? {} : { rid: el.attrs.rid };
}
