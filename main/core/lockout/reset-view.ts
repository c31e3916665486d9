/** A reset as the contract carries it: where it stands at the ACS. */
import type { ResetView } from '../../../shared/contract/index.ts';
import type { ResetRecord } from './lockout-store.ts';

export function resetView(reset: ResetRecord): ResetView {
  return {
    resetId: reset.publicId,
    state:
      reset.outboxState === 'refused' || reset.outboxState === 'expired'
        ? reset.outboxState
        : reset.state,
    requestedAt: reset.requestedAt.toISOString(),
    requestedBy: reset.requestedBy,
    appliedAt: reset.appliedAt?.toISOString() ?? null,
    attempts: reset.attempts,
    lastError: reset.lastError,
  };
}
