/**
 * Keyboard shortcuts an agent uses mid-call: the platform's modifier (Cmd on macOS, Ctrl on
 * Windows) + F focuses search, Escape backs out, "?" lists the shortcuts, and Alt + V, R, W, L
 * go to verification, the reset, wrap-up and the caller's language.
 */
export const isMac = (): boolean =>
  /Mac|iPhone|iPad/u.test(navigator.platform || navigator.userAgent);

export const modifierKeyLabel = (): string => (isMac() ? '⌘' : 'Ctrl');
export const altKeyLabel = (): string => (isMac() ? '⌥' : 'Alt');

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

/** An IME is composing (Japanese input): the key belongs to the composition, never to us. */
export function isComposing(event: KeyboardEvent): boolean {
  // 229: the key code browsers report for keys the IME consumes (Safari ends composition first).
  return event.isComposing || event.keyCode === 229;
}

/** The workspace's shortcuts, by the physical key with Alt (Option on macOS) held. */
export const WORKSPACE_SHORTCUTS = {
  KeyV: 'verify',
  KeyR: 'reset',
  KeyW: 'wrap-up',
  KeyL: 'caller-language',
} as const;
export type WorkspaceShortcut = (typeof WORKSPACE_SHORTCUTS)[keyof typeof WORKSPACE_SHORTCUTS];

/** Which workspace shortcut the event is, if any (Alt alone: the key code, not the character). */
export function workspaceShortcut(event: KeyboardEvent): WorkspaceShortcut | null {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return null;
  return WORKSPACE_SHORTCUTS[event.code as keyof typeof WORKSPACE_SHORTCUTS] ?? null;
}
