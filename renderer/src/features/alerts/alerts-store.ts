/**
 * The team lead's tray: open alerts and their count (read at sign-in, on every
 * alerts.changed, and on resume), the ones acknowledged in the last day, and acknowledging
 * with a note. Telling the lead of a new one is lead-notice-store.ts's.
 */
import { create } from 'zustand';
import type { AlertView, DeskError } from '../../../../shared/contract/index.ts';
import { holdsCardholderData } from '../../app/cardholder-data.ts';
import { callDesk, callInto } from '../../app/desk-call.ts';

interface AlertsState {
  open: AlertView[];
  openCount: number;
  acknowledged: AlertView[];
  loaded: boolean;
  error: DeskError | null;
  load(): Promise<void>;
  /** Acknowledges and reads the tray again; the refusal, if any, for the item's form. */
  acknowledge(alertId: string, note: string): Promise<DeskError | null>;
  clear(): void;
}

export const useAlertsStore = create<AlertsState>((set, get) => ({
  open: [],
  openCount: 0,
  acknowledged: [],
  loaded: false,
  error: null,
  async load() {
    await callInto(
      set,
      (desk) => desk.alerts.list(),
      ({ open, openCount, acknowledged }) => ({ open, openCount, acknowledged, loaded: true }),
    );
  },
  async acknowledge(alertId, note) {
    const result = await callDesk((desk) => desk.alerts.acknowledge({ alertId, note }));
    await get().load();
    return result.ok ? null : result.error;
  },
  clear: () => set({ open: [], openCount: 0, acknowledged: [], loaded: false, error: null }),
}));

// Not cardholder data, but nothing of one operator's session stays for the next.
holdsCardholderData(() => useAlertsStore.getState().clear());
