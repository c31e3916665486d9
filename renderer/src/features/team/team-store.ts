/** The team's day as the lead reads it: which day or week, and the figures main counted. */
import { create } from 'zustand';
import type { ChannelOutput, DeskError } from '../../../../shared/contract/index.ts';
import type { TeamSpan } from '../../../../shared/team/team-codes.ts';
import { holdsCardholderData } from '../../app/cardholder-data.ts';
import { callInto } from '../../app/desk-call.ts';
import { routerNow } from '../../app/router-clock.ts';

type TeamDay = ChannelOutput<'team.day'>;

/** The local date of an instant, as YYYY-MM-DD (the console's own zone). */
export function localDate(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** A date and span with the console's zone on that date (minutes east of UTC). */
function inputOf(date: string, span: TeamSpan) {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return { date, span, utcOffsetMinutes: -new Date(y, m - 1, d, 12).getTimezoneOffset() };
}

interface TeamState {
  date: string | null;
  span: TeamSpan;
  day: TeamDay | null;
  busy: boolean;
  error: DeskError | null;
  /** The last export: saved (how many rows) or cancelled. */
  exported: { saved: boolean; rows: number } | null;
  load(date?: string, span?: TeamSpan): Promise<void>;
  /** Writes the figures shown as CSV where the lead chooses (main writes the file). */
  exportCsv(): Promise<void>;
  clear(): void;
}

export const useTeamStore = create<TeamState>((set, get) => ({
  date: null,
  span: 'day',
  day: null,
  busy: false,
  error: null,
  exported: null,
  async load(date, span) {
    const chosen = date ?? get().date ?? localDate(routerNow());
    const chosenSpan = span ?? get().span;
    set({ date: chosen, span: chosenSpan, exported: null });
    await callInto(
      set,
      (desk) => desk.team.day(inputOf(chosen, chosenSpan)),
      (day) => ({ day }),
      { busy: true },
    );
  },
  async exportCsv() {
    const { date, span } = get();
    if (!date) return;
    await callInto(
      set,
      (desk) => desk.team.export(inputOf(date, span)),
      ({ saved, rows }) => ({ exported: { saved, rows } }),
      { busy: true },
    );
  },
  clear: () =>
    set({ date: null, span: 'day', day: null, busy: false, error: null, exported: null }),
}));

holdsCardholderData(() => useTeamStore.getState().clear());
