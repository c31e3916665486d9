/**
 * The open card's lockout: whether a reset is allowed and why not (as the router decides),
 * the reset or approval request in progress, and the commands. Every command answers with
 * the same status, so no command needs a second question.
 *
 * The status rests on two facts the header holds: the lock and the caller's verification.
 * `follow` asks again only when one of them moved since the status was read: after a reset
 * the header is re-read, finds the lock the reset reply already described, and nothing more
 * is asked.
 */
import { create } from 'zustand';
import type {
  DeskError,
  LockState,
  ResetStatus,
  VerificationView,
} from '../../../../shared/contract/index.ts';
import type { ResetReason } from '../../../../shared/lockout/lockout-codes.ts';
import { holdsCallData } from '../../app/call-data.ts';
import { holdsCardholderData } from '../../app/cardholder-data.ts';
import { callDesk, callInto } from '../../app/desk-call.ts';

/** The lock as far as the reset decision goes: locked since when, or not. */
export const lockKey = (lock: LockState): string =>
  lock.state === 'locked' ? `locked@${lock.since}` : 'unlocked';

/** The verification as far as the reset decision goes: its state, and since when. */
export const verificationKey = (verification: VerificationView): string =>
  verification.status === 'verified' ? `verified@${verification.at}` : verification.status;

interface LockoutState {
  cardId: string | null;
  status: ResetStatus | null;
  /** The verification the status was asked for (the lock is in the status itself). */
  verification: string | null;
  busy: boolean;
  error: DeskError | null;
  /** Reads the status when the card, its lock or the caller's verification moved. */
  follow(cardId: string, verification: string, lock: string): Promise<void>;
  load(cardId: string): Promise<void>;
  /** The refusal, if any, for the dialog's problem list. */
  reset(reason: ResetReason, note: string): Promise<DeskError | null>;
  retry(): Promise<void>;
  /** Withdraws the request of this call that waits for a lead; the refusal, if any. */
  cancelRequest(note: string): Promise<DeskError | null>;
  clear(): void;
}

const cleared = { cardId: null, status: null, verification: null, error: null, busy: false };

export const useLockoutStore = create<LockoutState>((set, get) => ({
  ...cleared,
  async follow(cardId, verification, lock) {
    const { status, ...known } = get();
    const current =
      known.cardId === cardId && known.verification === verification && status !== null;
    if (current && lockKey(status.lock) === lock) return;
    set({ verification });
    await get().load(cardId);
  },
  async load(cardId) {
    if (get().cardId !== cardId) set({ cardId, status: null, error: null });
    const result = await callDesk((desk) => desk.lockout.status({ cardId }));
    // The agent moved on to another card while this was asked: drop the answer.
    if (get().cardId !== cardId) return;
    set(result.ok ? { status: result.value, error: null } : { error: result.error });
  },
  async reset(reason, note) {
    const cardId = get().cardId;
    if (!cardId) return null;
    set({ busy: true, error: null });
    try {
      const result = await callDesk((desk) => desk.lockout.reset({ cardId, reason, note }));
      if (result.ok) {
        set({ status: result.value });
        return null;
      }
      // The state moved under us (another console reset it): show it as it is now.
      await get().load(cardId);
      return result.error;
    } finally {
      set({ busy: false });
    }
  },
  async retry() {
    const cardId = get().cardId;
    if (!cardId) return;
    await callInto(
      set,
      (desk) => desk.lockout.retry({ cardId }),
      (status) => ({ status }),
      { busy: true },
    );
  },
  async cancelRequest(note) {
    const { cardId, status } = get();
    const approvalId = status?.approval?.approvalId;
    if (!cardId || !approvalId) return null;
    set({ busy: true, error: null });
    try {
      const result = await callDesk((desk) => desk.approvals.cancel({ approvalId, note }));
      // Cancelled, or decided meanwhile: the panel shows the request as it stands now.
      await get().load(cardId);
      return result.ok ? null : result.error;
    } finally {
      set({ busy: false });
    }
  },
  clear: () => set({ ...cleared }),
}));

holdsCardholderData(() => useLockoutStore.getState().clear());
holdsCallData(() => useLockoutStore.getState().clear());
