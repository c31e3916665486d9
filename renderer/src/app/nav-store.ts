/**
 * Which screen a signed-in operator sees: the call desk, or (team leads) the approval queue,
 * the alerts tray, the team's day or the audit explorer. Auditors always see the audit explorer.
 */
import { create } from 'zustand';

export type Screen = 'desk' | 'approvals' | 'audit' | 'alerts' | 'team';

interface NavState {
  screen: Screen;
  show(screen: Screen): void;
}

export const useNavStore = create<NavState>((set) => ({
  screen: 'desk',
  show: (screen) => set({ screen }),
}));
