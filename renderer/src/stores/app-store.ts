/** What the console is: version, demo or not, desktop or preview, the idle-lock policy. */
import { create } from 'zustand';
import type { ChannelOutput } from '../../../shared/contract/index.ts';
import { desk } from '../lib/desk.ts';
import { useRouterClock } from '../lib/router-clock.ts';

type AppInfo = ChannelOutput<'app.info'>;

interface AppState {
  info: AppInfo | null;
  load(): Promise<void>;
}

export const useAppStore = create<AppState>((set) => ({
  info: null,
  async load() {
    const result = await desk().app.info();
    if (result.ok) {
      useRouterClock.getState().sync(result.value.now);
      set({ info: result.value });
    }
  },
}));
