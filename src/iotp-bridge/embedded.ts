// One call to run the bridge beside the gateway: opens the reliable XML-X client (journal) and the
// payment log in one data directory. `npm start` uses it with the demo host's accounts.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { XmlxClient } from '../xmlx/client.ts';
import type { ClientAuth, XmlxClientOptions } from '../xmlx/client-api.ts';
import { IotpBridge } from './bridge.ts';
import type { IotpBridgeOptions } from './config.ts';

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
}

export interface EmbeddedIotp {
  bridge: IotpBridge;
  client: XmlxClient;
  close(): Promise<void>;
}

export async function openEmbeddedIotp(options: EmbeddedIotpOptions): Promise<EmbeddedIotp> {
  const { dataDir, hostUrl, auth, client: clientOptions, ...bridgeOptions } = options;
  mkdirSync(dataDir, { recursive: true });
  const client = await XmlxClient.open({ ...clientOptions, hostUrl, auth, journalPath: join(dataDir, CLIENT_JOURNAL_FILE), logger: clientOptions?.logger ?? bridgeOptions.logger });
  const bridge = new IotpBridge({ ...bridgeOptions, logPath: join(dataDir, 'iotp-payment-log.db'), host: client });
  return {
    bridge, client,
    close: async () => {
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
