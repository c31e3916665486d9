/**
 * Whether the operator who asked for a reset may still act, asked when it is about to be sent
 * (reset-delivery.ts): a reset queued by an agent who has since been disabled — by the row,
 * the trail or the key store (operators/operator-store.ts standing) — or whose account row is
 * found altered, is never sent on their word. The reset's requester is its sealed row's
 * (reset-row-seal.ts), so it cannot be swapped for someone who still stands.
 */
import type { Edges } from '../edges.ts';
import { createOperatorStore } from '../operators/operator-store.ts';
import type { ResetRecord } from './lockout-store.ts';

export type RequesterStands = (reset: Pick<ResetRecord, 'requestedById'>) => boolean;

export function createRequesterStanding(edges: Edges): RequesterStands {
  const operators = createOperatorStore(edges.db, edges.audit, edges.keys);
  return (reset) => operators.standing(reset.requestedById) !== null;
}
