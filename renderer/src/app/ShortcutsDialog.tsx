import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { altKeyLabel, modifierKeyLabel } from '../ui/shortcuts.ts';

/** The list of keyboard shortcuts, opened with "?"; a modal dialog that Escape closes. */
export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const rows: [string, string][] = [
    [`${modifierKeyLabel()} + F`, t('shortcuts.focusSearch')],
    ['Enter', t('shortcuts.openFirst')],
    ['↑ ↓', t('shortcuts.moveResults')],
    ['Esc', t('shortcuts.back')],
    [`${altKeyLabel()} + V`, t('shortcuts.verify')],
    [`${altKeyLabel()} + R`, t('shortcuts.reset')],
    [`${altKeyLabel()} + W`, t('shortcuts.wrapUp')],
    [`${altKeyLabel()} + L`, t('shortcuts.callerLanguage')],
    ['?', t('shortcuts.help')],
  ];
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="shortcuts-title"
      data-testid="shortcuts"
      onClose={onClose}
    >
      <h2 id="shortcuts-title">{t('shortcuts.title')}</h2>
      <table className="shortcuts">
        <tbody>
          {rows.map(([keys, what]) => (
            <tr key={keys}>
              <th scope="row">
                <kbd>{keys}</kbd>
              </th>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        type="button"
        className="button-primary"
        data-testid="shortcuts-close"
        onClick={() => ref.current?.close()}
      >
        {t('shortcuts.close')}
      </button>
    </dialog>
  );
}
