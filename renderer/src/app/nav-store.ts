/** Which screen a signed-in operator sees: the call desk, or (team leads) the approval queue. */
import { create } from 'zustand';

export type Screen = 'desk' | 'approvals';

interface NavState {
  screen: Screen;
  show(screen: Screen): void;
}

export const useNavStore = create<NavState>((set) => ({
  screen: 'desk',
  show: (screen) => set({ screen }),
}));
