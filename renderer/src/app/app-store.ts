/** What the console is: version, demo or not, desktop or preview, the idle-lock policy. */
import { create } from 'zustand';
import type { ChannelOutput } from '../../../shared/contract/index.ts';
import { callDesk } from './desk-call.ts';

type AppInfo = ChannelOutput<'app.info'>;

interface AppState {
  info: AppInfo | null;
  load(): Promise<void>;
}

export const useAppStore = create<AppState>((set) => ({
  info: null,
  async load() {
    const result = await callDesk((desk) => desk.app.info());
    if (result.ok) set({ info: result.value });
  },
}));
