/**
 * A team lead's desktop notification: Electron's main-process `Notification`, as its docs
 * show it (`Notification.isSupported()`, `new Notification({ title, body })`, `show()`, the
 * `click` event). The console decides whether to notify and composes the words (kind and
 * count, in the lead's language); the router checks them (alerts.notify); this file only
 * shows what the router allowed, one at a time, and on a click hands back to the shell.
 */
import { Notification } from 'electron';
import type { ChannelOutput } from '../../shared/contract/index.ts';
import type { DeskRouterPort } from './ipc-binding.ts';

type Notice = ChannelOutput<'alerts.notify'>;

export interface DesktopNotices {
  /** Shows the notice in place of the one still on screen, if any. */
  show(notice: Notice, onClick: () => void): void;
}

export function createDesktopNotices(): DesktopNotices {
  // Held while on screen: a notification nothing refers to may be collected, and its click
  // would then be lost. A newer one replaces it (it says the newer count).
  let current: Notification | null = null;
  return {
    show(notice, onClick) {
      if (!Notification.isSupported()) return;
      current?.close();
      const notification = new Notification({ title: notice.title, body: notice.body });
      notification.on('click', onClick);
      notification.on('close', () => {
        if (current === notification) current = null;
      });
      current = notification;
      notification.show();
    },
  };
}

/**
 * The router as the IPC binding sees it, with one addition: when the router allows an
 * `alerts.notify`, the notice is shown, and clicking it calls `opened` with the window that
 * asked. Every other call, and every refusal, passes through untouched. In connected mode the
 * desk server's router checks the words, and this console's shell shows them.
 */
export function withDesktopNotices(
  router: DeskRouterPort,
  notices: DesktopNotices,
  opened: (callerId: string, about: Notice['about']) => void,
): DeskRouterPort {
  return {
    async call(callerId, channel, payload) {
      const result = await router.call(callerId, channel, payload);
      if (channel === 'alerts.notify' && result.ok) {
        const notice = result.value as Notice;
        notices.show(notice, () => opened(callerId, notice.about));
      }
      return result;
    },
  };
}
