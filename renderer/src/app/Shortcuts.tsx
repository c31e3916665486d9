import { useEffect, useState } from 'react';
import { useCardStore } from '../features/cards/card-store.ts';
import { SEARCH_FOCUS_ID } from '../features/cards/SearchScreen.tsx';
import { useSearchStore } from '../features/cards/search-store.ts';
import {
  hasCommandModifier,
  isComposing,
  isTyping,
  workspaceShortcut,
  type WorkspaceShortcut,
} from '../ui/shortcuts.ts';
import { ShortcutsDialog } from './ShortcutsDialog.tsx';
import { useLeaveStore } from './leave-store.ts';

/** The element a workspace shortcut goes to: it carries `data-shortcut`. */
function shortcutTarget(name: WorkspaceShortcut): HTMLElement | null {
  const marked = document.querySelector<HTMLElement>(`[data-shortcut="${name}"]`);
  if (!marked) return null;
  if (marked.matches('input, select, textarea, button')) return marked;
  return marked.querySelector<HTMLElement>('input, select, textarea, button:not([disabled])');
}

/**
 * Listens for the console's shortcuts while an operator is signed in and active. No key is
 * acted on during IME composition (a Japanese name half typed), and with a card open, Escape
 * and the find key never close it while focus is in a text field: they must not eat work.
 */
export function Shortcuts() {
  const [helpOpen, setHelpOpen] = useState(false);

  useEffect(() => {
    const focusSearch = () => {
      // Leaving a card with its call open asks how the call ended first.
      void useLeaveStore
        .getState()
        .leave({ kind: 'search' })
        .then(() => requestAnimationFrame(() => document.getElementById(SEARCH_FOCUS_ID)?.focus()));
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || isComposing(event)) return;
      const cardOpen = useCardStore.getState().header !== null;
      const typing = isTyping(event.target);
      const inWorkspace = workspaceShortcut(event);
      if (hasCommandModifier(event) && event.key.toLowerCase() === 'f') {
        if (cardOpen && typing) return;
        event.preventDefault();
        focusSearch();
      } else if (event.key === 'Escape' && !document.querySelector('dialog[open]')) {
        if (cardOpen && typing) {
          // The first Escape only leaves the field; what was typed stays.
          (event.target as HTMLElement).blur();
        } else if (cardOpen) {
          // The leave dialog may open: this Escape must not close it at once.
          event.preventDefault();
          focusSearch();
        } else useSearchStore.getState().clear();
      } else if (inWorkspace && cardOpen) {
        event.preventDefault();
        if (inWorkspace === 'caller-language') {
          const picker = shortcutTarget('caller-language') as HTMLSelectElement | null;
          if (picker)
            useCardStore.getState().setCallerLanguage(picker.value === 'ja' ? 'en' : 'ja');
          picker?.focus();
        } else shortcutTarget(inWorkspace)?.focus();
      } else if (event.key === '?' && !typing) {
        event.preventDefault();
        setHelpOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return helpOpen ? <ShortcutsDialog onClose={() => setHelpOpen(false)} /> : null;
}
