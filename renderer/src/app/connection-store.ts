/**
 * Connected mode: whether the console's connection to the desk server is lost just now
 * (main says so by `connection.changed`; a standalone console never does). While lost, the
 * page shows why and pauses its controls; when it is back, it reads the session again.
 */
import { create } from 'zustand';

interface ConnectionState {
  lost: boolean;
  setLost(lost: boolean): void;
}

export const useConnectionStore = create<ConnectionState>((set) => ({
  lost: false,
  setLost: (lost) => set({ lost }),
}));
