import { iotpError, type CallOutcome, type IotpError, type PackagedContent, fail, ok } from './errors.ts';
import {
  API_NAMESPACE, CALL_ALIASES, CALLS, NESTED_ELEMENTS, PACKAGED_CONTENT_DEF, ROOT_ATTRS, isPackagedContentElement,
  type AttrDef, type CallName, type ElementDef,
} from './schema.ts';
import type { XmlElement } from './xml.ts';
import { NAMESPACE_SEPARATOR } from './namespace.ts';

/** A request that passed the DTD checks: attributes with their defaults applied, content decoded. */
export interface ValidCall {
  call: CallName;
  /** The element name as sent (differs from call for the CheckPaymentPossiblity spelling). */
  requestName: string;
  attrs: Record<string, string>;
  element: XmlElement;
  lang: string;
  packaged: PackagedContent[];
}

const NMTOKEN = /^[\p{L}\p{N}._:\-\u00B7]+$/u;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function checkAttrs(el: XmlElement, defs: Record<string, AttrDef>): IotpError | undefined {
  for (const [name, value] of Object.entries(el.attrs)) {
    if (name === 'xmlns' || name.startsWith('xmlns:') || name === 'xml:lang') {
      if (name === 'xml:lang' && !NMTOKEN.test(value)) {
        return iotpError('AttNotValid', { elementType: el.name, attName: name }, { detail: 'xml:lang must be a language tag.' });
      }
      continue;
    }
    const def = Object.hasOwn(defs, name) ? defs[name] : undefined;
    if (def === undefined) {
      return iotpError('AttUnexpected', { elementType: el.name, attName: name }, { detail: `${el.name} has no attribute ${name}.` });
    }
    if (def.values !== undefined && !def.values.includes(value)) {
      return iotpError('AttNotValid', { elementType: el.name, attName: name }, { detail: `${name} must be one of ${def.values.join(', ')}.` });
    }
    if (name.endsWith('PayId') && value.includes(NAMESPACE_SEPARATOR)) {
      return iotpError('AttValIllegal', { elementType: el.name, attName: name }, { detail: `${name} must not contain '${NAMESPACE_SEPARATOR}'.` });
    }
    if (def.kind === 'NMTOKEN' && !NMTOKEN.test(value)) {
      return iotpError('AttNotValid', { elementType: el.name, attName: name }, { detail: `${name} must be a name token.` });
    }
    if (def.kind === 'NMTOKENS' && !value.trim().split(/\s+/).every((t) => NMTOKEN.test(t))) {
      return iotpError('AttNotValid', { elementType: el.name, attName: name }, { detail: `${name} must be a list of name tokens.` });
    }
  }
  for (const [name, def] of Object.entries(defs)) {
    if (def.required === true && el.attrs[name] === undefined) {
      return iotpError('AttMissing', { elementType: el.name, attName: name }, { detail: `${el.name} requires ${name}.` });
    }
  }
  return undefined;
}

function withDefaults(el: XmlElement, defs: Record<string, AttrDef>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, def] of Object.entries(defs)) if (def.default !== undefined) out[name] = def.default;
  return { ...out, ...el.attrs };
}

function checkNoText(el: XmlElement): IotpError | undefined {
  if (el.text.trim() !== '') {
    return iotpError('ElContIllegal', { elementType: el.name }, { detail: `${el.name} takes no character data.` });
  }
  return undefined;
}

function decodePackaged(el: XmlElement): CallOutcome<PackagedContent> {
  const attrError = checkAttrs(el, PACKAGED_CONTENT_DEF.attrs);
  if (attrError !== undefined) return fail(attrError);
  if (el.children.length > 0) {
    return fail(iotpError('ElUnexpected', { elementType: el.children[0].name }, { detail: `${el.name} holds character data only.` }));
  }
  const attrs = withDefaults(el, PACKAGED_CONTENT_DEF.attrs);
  const transform = attrs.Transform === 'BASE64' ? 'BASE64' : 'NONE';
  let body = el.text;
  if (transform === 'BASE64') {
    const compact = el.text.replace(/\s+/g, '');
    if (!BASE64.test(compact) || compact.length % 4 !== 0) {
      return fail(iotpError('ElContIllegal', { elementType: el.name, attName: 'Transform' }, { detail: 'content is not valid BASE64.' }));
    }
    body = Buffer.from(compact, 'base64').toString('utf8');
  }
  const pc: PackagedContent = { element: el.name, content: attrs.Content, transform, body };
  if (attrs.Name !== undefined) pc.name = attrs.Name;
  return ok(pc);
}

function checkChildren(el: XmlElement, def: ElementDef, packaged: PackagedContent[]): IotpError | undefined {
  const counts = new Map<string, number>();
  for (const child of el.children) {
    const children = def.children as Record<string, { min: number; max: number }>;
    const childDef = Object.hasOwn(children, child.name) ? children[child.name] : undefined;
    if (childDef === undefined) {
      return iotpError('ElUnexpected', { elementType: child.name }, { detail: `${child.name} is not allowed in ${el.name}.` });
    }
    const n = (counts.get(child.name) ?? 0) + 1;
    counts.set(child.name, n);
    if (n > childDef.max) {
      return iotpError('ElUnexpected', { elementType: child.name }, { detail: `${el.name} allows at most ${childDef.max} ${child.name}.` });
    }
    if (isPackagedContentElement(child.name) || child.name === 'PackagedContent') {
      const decoded = decodePackaged(child);
      if (!decoded.ok) return decoded.error;
      packaged.push(decoded.value);
      continue;
    }
    const nested = Object.hasOwn(NESTED_ELEMENTS, child.name) ? NESTED_ELEMENTS[child.name] : undefined;
    if (nested !== undefined) {
      const nestedError = checkAttrs(child, nested.attrs) ?? checkNoText(child) ?? checkChildren(child, nested, []);
      if (nestedError !== undefined) return nestedError;
    }
  }
  for (const [name, childDef] of Object.entries(def.children as Record<string, { min: number; max: number }>)) {
    if ((counts.get(name) ?? 0) < childDef.min) {
      return iotpError('ElMissing', { elementType: name }, { detail: `${el.name} requires ${name}.` });
    }
  }
  return undefined;
}

/** Checks an IotpPaymentApiRequest document against the RFC's declarations. */
export function validateRequest(root: XmlElement): CallOutcome<ValidCall> {
  if (root.name !== 'IotpPaymentApiRequest') {
    return fail(iotpError('ElUnexpected', { elementType: root.name }, { detail: 'the document element must be IotpPaymentApiRequest.' }));
  }
  const xmlns = root.attrs.xmlns;
  if (xmlns !== undefined && xmlns !== API_NAMESPACE) {
    return fail(iotpError('AttNotValid', { elementType: root.name, attName: 'xmlns' }, { detail: `the namespace is fixed to ${API_NAMESPACE}.` }));
  }
  const rootError = checkAttrs(root, ROOT_ATTRS) ?? checkNoText(root);
  if (rootError !== undefined) return fail(rootError);
  if (root.children.length === 0) {
    return fail(iotpError('ElMissing', { elementType: 'IotpPaymentApiRequest' }, { detail: 'the request carries no API call.' }));
  }
  if (root.children.length > 1) {
    return fail(iotpError('ElUnexpected', { elementType: root.children[1].name }, { detail: 'a request carries exactly one API call.' }));
  }
  const el = root.children[0];
  const call = (Object.hasOwn(CALL_ALIASES, el.name) ? CALL_ALIASES[el.name] : Object.hasOwn(CALLS, el.name) ? el.name : undefined) as CallName | undefined;
  if (call === undefined) {
    return fail(iotpError('ElUnexpected', { elementType: el.name }, { detail: `${el.name} is not an API call of RFC 3867.` }));
  }
  const def: ElementDef = CALLS[call];
  const packaged: PackagedContent[] = [];
  const error = checkAttrs(el, def.attrs) ?? checkNoText(el) ?? checkChildren(el, def, packaged);
  if (error !== undefined) return fail(error);
  const lang = el.attrs['xml:lang'] ?? root.attrs['xml:lang'] ?? 'en';
  return ok({ call, requestName: el.name, attrs: withDefaults(el, def.attrs), element: el, lang, packaged });
}
