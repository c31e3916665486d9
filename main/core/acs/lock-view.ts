/** The lock as the contract carries it: ISO timestamps, read live at the router's clock. */
import type { LockState } from '../../../shared/contract/index.ts';
import type { AcsLockState } from './acs-gateway.ts';

export function lockView(lock: AcsLockState): LockState {
  return lock.state === 'locked'
    ? {
        state: 'locked',
        since: lock.since.toISOString(),
        until: lock.until?.toISOString() ?? null,
        cause: lock.cause,
      }
    : { state: 'unlocked' };
}
