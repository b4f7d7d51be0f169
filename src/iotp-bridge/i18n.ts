/** Status descriptions (StatusDesc, at most 256 characters) in the languages the bridge speaks. */
export type StatusKey =
  | 'announced' | 'started' | 'orderIssued' | 'transferring' | 'transferUnknown' | 'completed' | 'failed' | 'processError'
  | 'suspended' | 'cancelled' | 'reversed' | 'receiptVerified' | 'orderPrepared' | 'receiptUnverified';

const TEXTS: Record<string, Record<StatusKey, string>> = {
  en: {
    announced: 'Payment announced',
    started: 'Payment started',
    orderIssued: 'Payment order issued, awaiting the payment handler',
    orderPrepared: 'Order prepared for the consumer',
    transferring: 'Transferring {amount} {currency}',
    transferUnknown: 'Transfer sent, waiting for the payment host to confirm',
    receiptUnverified: 'The payment host reports the transfer done, but its receipt does not verify: an operator must settle it',
    completed: 'Payment completed',
    receiptVerified: 'Payment completed, receipt verified',
    failed: 'Payment failed',
    processError: 'Payment aborted by a technical error',
    suspended: 'Payment suspended',
    cancelled: 'Payment cancelled',
    reversed: 'Payment cancelled, the transfer was reversed',
  },
  de: {
    announced: 'Zahlung angekündigt',
    started: 'Zahlung gestartet',
    orderIssued: 'Zahlungsauftrag erteilt, warte auf den Zahlungsabwickler',
    orderPrepared: 'Bestellung für den Kunden vorbereitet',
    transferring: 'Überweise {amount} {currency}',
    transferUnknown: 'Überweisung gesendet, warte auf Bestätigung des Zahlungssystems',
    receiptUnverified: 'Das Zahlungssystem meldet die Überweisung als ausgeführt, aber der Beleg ist nicht gültig: ein Betreiber muss sie klären',
    completed: 'Zahlung abgeschlossen',
    receiptVerified: 'Zahlung abgeschlossen, Beleg geprüft',
    failed: 'Zahlung fehlgeschlagen',
    processError: 'Zahlung wegen eines technischen Fehlers abgebrochen',
    suspended: 'Zahlung unterbrochen',
    cancelled: 'Zahlung storniert',
    reversed: 'Zahlung storniert, die Überweisung wurde rückgebucht',
  },
};

export const SUPPORTED_LANGUAGES = Object.keys(TEXTS);

/** The first language of a preference list the bridge speaks (matching on the primary subtag), else English. */
export function pickLanguage(preferences: string | undefined): string {
  for (const tag of (preferences ?? '').split(/\s+/).filter((t) => t !== '')) {
    const primary = tag.toLowerCase().split('-')[0];
    if (Object.hasOwn(TEXTS, primary)) return primary;
  }
  return 'en';
}

export function statusText(key: string, lang: string, vars: Record<string, string> = {}): string {
  const table = TEXTS[pickLanguage(lang)];
  const template = Object.hasOwn(table, key) ? (table as Record<string, string>)[key] : key;
  return template.replace(/\{(\w+)\}/g, (_, v: string) => vars[v] ?? '').slice(0, 256);
}
