// Shared fixtures of the IOTP bridge tests: temp dirs, a bridge served over real HTTP, request documents.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { IotpBridge, iotpRoutes, parseXml, serializeXml, element, API_NAMESPACE, type IotpBridgeOptions, type XmlElement } from '../../src/iotp-bridge/index.ts';

export const SCHEME_KEY = 'test-scheme-key-0123456789';

interface Teardown {
  teardown(fn: () => unknown): void;
}

export function tempDir(t: Teardown, prefix = 'iotp-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface Served {
  bridge: IotpBridge;
  url: string;
  post(xml: string): Promise<string>;
  send(call: string, attrs?: Record<string, string | undefined>, children?: XmlElement[], lang?: string): Promise<Answer>;
  close(): Promise<void>;
}

/** The parsed IotpPaymentApiResponse: the answer element and, if any, the ErrorResponse. */
export interface Answer {
  root: XmlElement;
  body: XmlElement;
  error?: { code: string; severity: string; desc: string; minRetrySecs?: string; locations: Record<string, string>[]; content: XmlElement[] };
}

export function readAnswer(xml: string): Answer {
  const parsed = parseXml(xml);
  if (!parsed.ok) throw new Error(`response is not XML: ${xml}`);
  const root = parsed.root;
  if (root.name !== 'IotpPaymentApiResponse' || root.children.length !== 1) throw new Error(`unexpected response ${xml}`);
  const body = root.children[0];
  if (body.name !== 'ErrorResponse') return { root, body };
  return {
    root, body,
    error: {
      code: body.attrs.ErrorCode, severity: body.attrs.Severity, desc: body.attrs.ErrorDesc, minRetrySecs: body.attrs.MinRetrySecs,
      locations: body.children.filter((c) => c.name === 'ErrorLocation').map((c) => c.attrs),
      content: body.children.filter((c) => c.name === 'PaySchemePackagedContent'),
    },
  };
}

export function requestXml(call: string, attrs: Record<string, string | undefined> = {}, children: XmlElement[] = [], lang = 'en'): string {
  return serializeXml(element('IotpPaymentApiRequest', { xmlns: API_NAMESPACE, 'xml:lang': lang }, [element(call, attrs, children)]));
}

export async function serve(t: Teardown, options: Omit<IotpBridgeOptions, 'schemeKey'> & { schemeKey?: string }): Promise<Served> {
  const bridge = new IotpBridge({ schemeKey: SCHEME_KEY, ...options });
  const app = Fastify({ logger: false });
  await app.register(iotpRoutes, { prefix: '/iotp', bridge });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const url = `http://127.0.0.1:${address.port}/iotp`;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await app.close();
    await bridge.close();
  };
  t.teardown(close);
  const post = async (xml: string) => {
    const res = await fetch(`${url}/`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: xml });
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
    return res.text();
  };
  return {
    bridge, url, post, close,
    send: async (call, attrs = {}, children = [], lang = 'en') => readAnswer(await post(requestXml(call, attrs, children, lang))),
  };
}

export function isoIn(ms: number): string {
  return new Date(Date.now() + ms).toISOString();
}

export const HOUR = 3_600_000;

/** A PackagedContent-type element as the RFC's calls carry them. */
export function content(elementName: string, name: string, body: string, base64 = true): XmlElement {
  return element(elementName, { Name: name, Content: 'XML', Transform: base64 ? 'BASE64' : 'NONE' }, [], base64 ? Buffer.from(body).toString('base64') : body);
}

export function decodeContent(el: XmlElement): string {
  return el.attrs.Transform === 'BASE64' ? Buffer.from(el.text, 'base64').toString('utf8') : el.text;
}
