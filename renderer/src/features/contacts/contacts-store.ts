/**
 * Checking what the caller says against the registered mobile or email: match or no match,
 * and how many checks are left in this call. Kept for the open call only.
 */
import { create } from 'zustand';
import type { ContactKind } from '../../../../shared/contacts/contact-codes.ts';
import type { ChannelOutput, DeskError } from '../../../../shared/contract/index.ts';
import { holdsCallData } from '../../app/call-data.ts';
import { holdsCardholderData } from '../../app/cardholder-data.ts';
import { callInto } from '../../app/desk-call.ts';

export type ContactCheck = ChannelOutput<'contacts.check'> & { kind: ContactKind };

interface ContactsState {
  check: ContactCheck | null;
  error: DeskError | null;
  checkContact(cardId: string, kind: ContactKind, value: string): Promise<void>;
  clear(): void;
}

const cleared = { check: null, error: null };

export const useContactsStore = create<ContactsState>((set) => ({
  ...cleared,
  async checkContact(cardId, kind, value) {
    set({ check: null });
    await callInto(
      set,
      (desk) => desk.contacts.check({ cardId, kind, value }),
      (answer) => ({ check: { ...answer, kind } }),
    );
  },
  clear: () => set({ ...cleared }),
}));

holdsCardholderData(() => useContactsStore.getState().clear());
holdsCallData(() => useContactsStore.getState().clear());
