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

interface TeamState {
  date: string | null;
  span: TeamSpan;
  day: TeamDay | null;
  busy: boolean;
  error: DeskError | null;
  load(date?: string, span?: TeamSpan): Promise<void>;
  clear(): void;
}

export const useTeamStore = create<TeamState>((set, get) => ({
  date: null,
  span: 'day',
  day: null,
  busy: false,
  error: null,
  async load(date, span) {
    const chosen = date ?? get().date ?? localDate(routerNow());
    const chosenSpan = span ?? get().span;
    set({ date: chosen, span: chosenSpan });
    // Hours in the console's zone on the chosen date (minutes east of UTC).
    const [y, m, d] = chosen.split('-').map(Number) as [number, number, number];
    const utcOffsetMinutes = -new Date(y, m - 1, d, 12).getTimezoneOffset();
    await callInto(
      set,
      (desk) => desk.team.day({ date: chosen, span: chosenSpan, utcOffsetMinutes }),
      (day) => ({ day }),
      { busy: true },
    );
  },
  clear: () => set({ date: null, span: 'day', day: null, busy: false, error: null }),
}));

holdsCardholderData(() => useTeamStore.getState().clear());
