// One call to run the bridge beside the gateway: opens the reliable XML-X client (journal) and the
// payment log in one data directory. `npm start` uses it with the demo host's accounts.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { XmlxClient } from '../xmlx/client.ts';
import type { ClientAuth, XmlxClientOptions } from '../xmlx/client-api.ts';
import { IotpBridge } from './bridge.ts';
import type { IotpBridgeOptions } from './config.ts';
import { reversalKey } from './transfers.ts';

const DAY_MS = 86_400_000;

/** The reliable client's journal in the data directory (also read by `payment-alarms`). */
export const CLIENT_JOURNAL_FILE = 'iotp-xmlx-journal.db';

export interface EmbeddedIotpOptions extends Omit<IotpBridgeOptions, 'logPath' | 'host'> {
  /** Directory of iotp-payment-log.db and iotp-xmlx-journal.db (created if missing). */
  dataDir: string;
  /** The payment host's XML-X endpoint. */
  hostUrl: string;
  /** The bridge's own credentials at the host (the Payment Handler pays from consumers' accounts with them). */
  auth: ClientAuth;
  client?: Omit<XmlxClientOptions, 'hostUrl' | 'journalPath' | 'auth'>;
  /** Keep finished payments this many days (prunePaymentData at start-up, then daily); absent: keep all. */
  retentionDays?: number;
}

export interface EmbeddedIotp {
  bridge: IotpBridge;
  client: XmlxClient;
  close(): Promise<void>;
}

/**
 * Retention of the payment data: the finished payments last changed before `now - retentionDays`,
 * then the settled journal rows that no payment left in the log names (the bridge asks the journal
 * about its payments' transfers and reversals: a missing row would read as "never sent"). Money
 * stays safe after a row is gone: the same payment asked for again gets the same TransferId, which
 * the host answers as already executed.
 */
export function prunePaymentData(bridge: IotpBridge, client: XmlxClient, retentionDays: number, now = Date.now()): { payments: number; transfers: number } {
  const cutoff = now - retentionDays * DAY_MS;
  const payments = bridge.pruneFinished(cutoff);
  const named = new Set<string>();
  for (const key of bridge.log.transferKeys()) {
    named.add(key);
    named.add(reversalKey(key));
  }
  return { payments, transfers: client.pruneJournal(cutoff, (key) => named.has(key)) };
}

export async function openEmbeddedIotp(options: EmbeddedIotpOptions): Promise<EmbeddedIotp> {
  const { dataDir, hostUrl, auth, client: clientOptions, retentionDays, ...bridgeOptions } = options;
  mkdirSync(dataDir, { recursive: true });
  const client = await XmlxClient.open({ ...clientOptions, hostUrl, auth, journalPath: join(dataDir, CLIENT_JOURNAL_FILE), logger: clientOptions?.logger ?? bridgeOptions.logger });
  const bridge = new IotpBridge({ ...bridgeOptions, logPath: join(dataDir, 'iotp-payment-log.db'), host: client });
  const retain = (days: number) => {
    try {
      const pruned = prunePaymentData(bridge, client, days);
      if (pruned.payments + pruned.transfers > 0) bridgeOptions.logger?.info({ ...pruned, retentionDays: days }, 'payment data: finished entries past their retention deleted');
    } catch (error) {
      // Kept for the next try: retention is housekeeping, never a reason to stop paying.
      bridgeOptions.logger?.error({ err: error instanceof Error ? error.message : String(error) }, 'payment data retention failed');
    }
  };
  let daily: NodeJS.Timeout | undefined;
  if (retentionDays !== undefined) {
    retain(retentionDays);
    daily = setInterval(() => retain(retentionDays), DAY_MS).unref();
  }
  return {
    bridge, client,
    close: async () => {
      clearInterval(daily);
      await bridge.close();
      await client.close();
    },
  };
}

/** Roles, instruments and merchant accounts that fit the reference host's demo seed (src/xmlx/demo.ts). */
export const DEMO_IOTP: Pick<IotpBridgeOptions, 'roles' | 'instruments' | 'merchantAccounts' | 'acceptedCurrencies'> = {
  roles: ['Consumer', 'PaymentHandler', 'Merchant'],
  instruments: [
    { id: 'alice', name: 'Alice (demo account)', account: 'ALICE', currencies: ['USD', 'EUR', 'JPY'] },
    { id: 'bob', name: 'Bob (demo account)', account: 'BOB', currencies: ['USD'] },
  ],
  merchantAccounts: { shop: 'MERCHANT' },
  acceptedCurrencies: ['USD', 'EUR', 'JPY'],
};
