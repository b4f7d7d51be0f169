// The reliable XML-X client: a durable journal in front of an HTTP transport. (Bodies land in the
// next commits; the surface below is the stable API.)
import type { Balance, Receipt } from './types.ts';
import type {
  HistoryQuery, QueryResult, ReliableXmlxClient, ResolveSummary, TransferInstruction, TransferOutcome,
  XmlxClientOptions,
} from './client-api.ts';

export class XmlxClient implements ReliableXmlxClient {
  /**
   * Opens (or creates) the journal and resolves every transfer a previous process left unresolved
   * before resolving; `transfer()` calls made meanwhile wait for that recovery.
   */
  static async open(options: XmlxClientOptions): Promise<XmlxClient> {
    return new XmlxClient(options);
  }

  private constructor(readonly options: XmlxClientOptions) {}

  transferIdFor(_businessKey: string, _payer: string): string {
    throw new Error('XmlxClient.transferIdFor: not implemented yet');
  }

  async transfer(_instruction: TransferInstruction): Promise<TransferOutcome> {
    throw new Error('XmlxClient.transfer: not implemented yet');
  }

  journaledOutcome(_businessKey: string, _payer: string): TransferOutcome | undefined {
    throw new Error('XmlxClient.journaledOutcome: not implemented yet');
  }

  async resolvePending(): Promise<ResolveSummary> {
    throw new Error('XmlxClient.resolvePending: not implemented yet');
  }

  async balance(_accountId: string, _currencyId?: string): Promise<QueryResult<Balance[]>> {
    throw new Error('XmlxClient.balance: not implemented yet');
  }

  async history(_query: HistoryQuery): Promise<QueryResult<Receipt[]>> {
    throw new Error('XmlxClient.history: not implemented yet');
  }

  async close(): Promise<void> {}
}
