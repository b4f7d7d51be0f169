// Shared test helpers: a fresh temp dir per test, a host on an ephemeral port, raw XML-X POSTs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';
import { startXmlxHost } from '../../src/xmlx/host.ts';
import type { XmlxHost, XmlxHostOptions } from '../../src/xmlx/host-api.ts';
import { parseXmlx } from '../../src/xmlx/codec.ts';
import type { XmlxDocument } from '../../src/xmlx/types.ts';

export function tempDir(t: Test, prefix = 'xmlx-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export async function startHost(t: Test, options: Partial<XmlxHostOptions> = {}): Promise<XmlxHost> {
  const dir = tempDir(t, 'xmlx-host-');
  const host = await startXmlxHost({ dbPath: join(dir, 'host.db'), logger: false, ...options });
  t.teardown(() => host.close());
  return host;
}

export async function post(url: string, body: string): Promise<{ status: number; text: string; doc: XmlxDocument }> {
  const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/xml' } });
  const text = await response.text();
  const parsed = parseXmlx(text);
  if (!parsed.ok) throw new Error(`unparseable response ${response.status}: ${text}`);
  return { status: response.status, text, doc: parsed.value };
}

export const AUTH = {
  gateway: '<Auth><UserId>gateway</UserId><Password>gateway-demo</Password></Auth>',
  alice: '<Auth><UserId>alice</UserId><Password>alice-demo</Password></Auth>',
  bob: '<Auth><UserId>bob</UserId><Password>bob-demo</Password></Auth>',
  merchantToken: '<Auth><UserId>merchant</UserId><Token>merchant-demo-token</Token></Auth>',
};

export function transferRequest(auth: string, fields: { payer: string; payee: string; amount: string | bigint; currency?: string; transferId?: string; memo?: string }, rid?: string): string {
  return `<TransferRequest${rid ? ` rid="${rid}"` : ''}>${auth}<Transfer><Payee>${fields.payee}</Payee><Payer>${fields.payer}</Payer>`
    + `<CurrencyId>${fields.currency ?? 'USD'}</CurrencyId><Amount>${fields.amount}</Amount>`
    + `${fields.transferId ? `<TransferId>${fields.transferId}</TransferId>` : ''}${fields.memo !== undefined ? `<Memo>${fields.memo}</Memo>` : ''}`
    + '</Transfer></TransferRequest>';
}
