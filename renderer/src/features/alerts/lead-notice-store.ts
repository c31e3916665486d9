/**
 * Telling a team lead at once (lead-notice.ts decides when and what): in the desktop app, an
 * OS notification the router has checked (alerts.notify), shown by the app's shell; in a
 * browser, where there is no shell, the in-app banner. Also the lead's own preference to mute
 * both, kept on this computer as a UI preference (never cardholder data), per lead.
 */
import i18next from 'i18next';
import { create } from 'zustand';
import { useAppStore } from '../../app/app-store.ts';
import { holdsCardholderData } from '../../app/cardholder-data.ts';
import { callDesk } from '../../app/desk-call.ts';
import { noticeText, type LeadNotice, type NoticeText } from './lead-notice.ts';

const MUTED_KEY = 'verify-desk.lead-notices-muted.';

function storedMuted(username: string): boolean {
  try {
    return localStorage.getItem(MUTED_KEY + username) === 'true';
  } catch {
    return false;
  }
}

interface LeadNoticeState {
  /** The lead whose preference is loaded (signed in). */
  lead: string | null;
  muted: boolean;
  /** What the banner says (browser), until opened or dismissed. */
  banner: NoticeText | null;
  /** Reads the lead's preference at sign-in. */
  signedIn(username: string): void;
  setMuted(muted: boolean): void;
  /** Tells the lead, the desktop app's way or the browser's. */
  tell(notice: LeadNotice): Promise<void>;
  dismiss(): void;
  clear(): void;
}

export const useLeadNoticeStore = create<LeadNoticeState>((set, get) => ({
  lead: null,
  muted: false,
  banner: null,
  signedIn: (username) => set({ lead: username, muted: storedMuted(username) }),
  setMuted(muted) {
    const { lead } = get();
    if (!lead) return;
    try {
      if (muted) localStorage.setItem(MUTED_KEY + lead, 'true');
      else localStorage.removeItem(MUTED_KEY + lead);
    } catch {
      // Storage refused: the choice holds until sign-out.
    }
    set({ muted, ...(muted ? { banner: null } : {}) });
  },
  async tell(notice) {
    const text = noticeText(i18next.t, notice);
    if (useAppStore.getState().info?.surface === 'desktop') {
      const shown = await callDesk((desk) => desk.alerts.notify(text));
      if (shown.ok) return;
    }
    set({ banner: text });
  },
  dismiss: () => set({ banner: null }),
  clear: () => set({ lead: null, muted: false, banner: null }),
}));

holdsCardholderData(() => useLeadNoticeStore.getState().clear());
