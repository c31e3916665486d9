/**
 * Keyboard shortcuts an agent uses mid-call: the platform's modifier (Cmd on macOS, Ctrl on
 * Windows) + F focuses search, Escape backs out, "?" lists the shortcuts.
 */
export const isMac = (): boolean =>
  /Mac|iPhone|iPad/u.test(navigator.platform || navigator.userAgent);

export const modifierKeyLabel = (): string => (isMac() ? '⌘' : 'Ctrl');

/** The platform's command modifier is held (and not the other one). */
export function hasCommandModifier(event: KeyboardEvent): boolean {
  return isMac() ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
}

/** Typing in a field: single-key shortcuts ("?") must not fire. */
export function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}
