/**
 * The fraud part of the reset decision, asked again by whoever sends a reset (the agent's own
 * send, "send again", the outbox relay): a reset queued before the card's history showed
 * suspected fraud — or before its reset and approval rows were found altered — is never sent
 * (reset-delivery.ts ends it refused for fraud, and the lead is alerted).
 */
import { fraudInHistory, recentSince } from '../diagnosis/diagnose.ts';
import type { AttemptStore } from '../history/attempt-store.ts';
import type { ResetRowSeal } from './reset-row-seal.ts';

export type FraudAtSend = (cardId: number, at: Date) => boolean;

export function fraudAtSend(deps: {
  attempts: Pick<AttemptStore, 'recent'>;
  seal: ResetRowSeal;
}): FraudAtSend {
  return (cardId, at) =>
    fraudInHistory(deps.attempts.recent(cardId, recentSince(at))) || deps.seal.altered(cardId, at);
}
