/**
 * The team lead's tray: open alerts and their count (read at sign-in, on every
 * alerts.changed, and on resume), the ones acknowledged in the last day, the newest alert to
 * announce in the banner, and acknowledging with a note.
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
  /** A new alert heard while signed in: the banner announces it until dismissed or seen. */
  announced: string | null;
  load(): Promise<void>;
  announce(alertId: string): void;
  dismiss(): void;
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
  announced: null,
  async load() {
    await callInto(
      set,
      (desk) => desk.alerts.list(),
      ({ open, openCount, acknowledged }) => ({ open, openCount, acknowledged, loaded: true }),
    );
  },
  announce: (alertId) => set({ announced: alertId }),
  dismiss: () => set({ announced: null }),
  async acknowledge(alertId, note) {
    const result = await callDesk((desk) => desk.alerts.acknowledge({ alertId, note }));
    if (get().announced === alertId) set({ announced: null });
    await get().load();
    return result.ok ? null : result.error;
  },
  clear: () =>
    set({ open: [], openCount: 0, acknowledged: [], loaded: false, error: null, announced: null }),
}));

// Not cardholder data, but nothing of one operator's session stays for the next.
holdsCardholderData(() => useAlertsStore.getState().clear());
