import type { EffectLedger } from '@jetway/messaging';
import type { JsonLogger } from '@jetway/telemetry';
import type { EffectGuard } from './use-cases';
import { journaled, type SendJournal } from './use-cases/journaled-guard';

/** The effect ledger each notice goes through, behind the send journal when there is one (a warning when a send is answered from it: a crash window was hit). */
export function guardWith(ledger: EffectLedger, journal: SendJournal | undefined, logger: JsonLogger): EffectGuard {
  return journaled(ledger, journal, (key, id) => logger.warn('a notice taken over was sent already and its record in NATS was lost (NATS unreachable, or the notifier killed, before it landed): found in the send journal, not sent again', { key, id }));
}
