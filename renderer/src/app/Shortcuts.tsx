import { useEffect, useState } from 'react';
import { useCardStore } from '../features/cards/card-store.ts';
import { SEARCH_FOCUS_ID } from '../features/cards/SearchScreen.tsx';
import { useSearchStore } from '../features/cards/search-store.ts';
import { hasCommandModifier, isTyping } from '../ui/shortcuts.ts';
import { ShortcutsDialog } from './ShortcutsDialog.tsx';

/** Listens for the console's shortcuts while an operator is signed in and active. */
export function Shortcuts() {
  const [helpOpen, setHelpOpen] = useState(false);

  useEffect(() => {
    const focusSearch = () => {
      // Leaving the card keeps the call: opening another card ends it.
      useCardStore.getState().close();
      requestAnimationFrame(() => document.getElementById(SEARCH_FOCUS_ID)?.focus());
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      if (hasCommandModifier(event) && event.key.toLowerCase() === 'f') {
        event.preventDefault();
        focusSearch();
      } else if (event.key === 'Escape' && !document.querySelector('dialog[open]')) {
        if (useCardStore.getState().header) focusSearch();
        else useSearchStore.getState().clear();
      } else if (event.key === '?' && !isTyping(event.target)) {
        event.preventDefault();
        setHelpOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return helpOpen ? <ShortcutsDialog onClose={() => setHelpOpen(false)} /> : null;
}
