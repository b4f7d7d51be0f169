// Demo data a new host database is seeded with (listed in the README). Passwords here are demo
// credentials of a reference host, not secrets of any deployment.
import type { SeedSpec } from './host-api.ts';

export const DEMO_SEED: SeedSpec = {
  currencies: [
    { currencyId: 'USD', decimals: 2 },
    { currencyId: 'EUR', decimals: 2 },
    { currencyId: 'JPY', decimals: 0 },
  ],
  users: [
    { userId: 'gateway', password: 'gateway-demo' },
    { userId: 'alice', password: 'alice-demo' },
    { userId: 'bob', password: 'bob-demo' },
    { userId: 'merchant', password: 'merchant-demo', token: 'merchant-demo-token' },
  ],
  accounts: [
    { accountId: 'ALICE', users: ['alice', 'gateway'], balances: { USD: 100_000n, EUR: 50_000n, JPY: 20_000n } },
    { accountId: 'BOB', users: ['bob', 'gateway'], balances: { USD: 5_000n } },
    { accountId: 'MERCHANT', users: ['merchant', 'gateway'], balances: { USD: 0n, EUR: 0n, JPY: 0n } },
    { accountId: 'ATM-CASH', users: ['gateway'], floor: -1_000_000_000n, balances: { USD: 0n, EUR: 0n } },
  ],
};
