// On the simulator only: a customer who keeps a card at the slot of every simulated card reader, so
// that `npm start` followed by CardReader.ReadRawData reads a card at once. A new card is offered a
// moment after the previous one was taken or retained.
import type { Logger } from 'pino';
import { SimulatorControl, type CardSpec } from '../legacy-xfs3/simulator-control.ts';

// An EMV test card (public test PAN), not a real account.
export const demoCard: CardSpec = {
  track1: '%B4761739001010119^DEMO/CARD^29122011143804489000000?',
  track2: ';4761739001010119=29122011143804489?',
  track3: ';011234567890123456789=000978100000000000000?',
  atr: '3B6800000073C84013009000',
};

const mediaNotPresent = 2;

export function startSimulatedCustomer(logicalNames: string[], log: Logger, everyMs = 1000, card: CardSpec = demoCard): () => void {
  const sim = SimulatorControl.load();
  const timer = setInterval(() => {
    for (const name of logicalNames) {
      try {
        const state = sim.idcMedia(name);
        if (state.media === mediaNotPresent && !state.cardWaiting) sim.insertCard(name, card);
      } catch (error) {
        log.debug({ logicalName: name, err: (error as Error).message }, 'simulated customer skipped a reader');
      }
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
