/**
 * Keys never eat work: during IME composition no shortcut acts, and with a card open Escape
 * and the find key do not close it while focus is in a text field. The workspace shortcuts
 * (verify, reset, wrap-up, caller language) go where they say, and "?" lists them.
 */
import type { Page } from '@playwright/test';
import { text } from '../kit/catalog.ts';
import { expect, test } from '../kit/fixtures.ts';
import { openScenarioCard } from '../kit/flows.ts';

/** What a Japanese IME sends while a word is being composed: composition events and keys
 * flagged `isComposing` (Escape here cancels the composition, not the card). */
async function composeWithEscape(page: Page, reading: string, committed: string) {
  await page.evaluate(
    ({ reading }) => {
      const field = document.activeElement as HTMLTextAreaElement;
      field.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true, data: '' }));
      for (let i = 1; i <= reading.length; i++) {
        field.dispatchEvent(
          new CompositionEvent('compositionupdate', { bubbles: true, data: reading.slice(0, i) }),
        );
      }
      const key = (init: KeyboardEventInit) =>
        field.dispatchEvent(
          new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }),
        );
      key({ key: 'Escape', code: 'Escape', isComposing: true });
      key({ key: 'Process', code: 'KeyV', keyCode: 229, altKey: true });
      key({ key: 'f', code: 'KeyF', ctrlKey: true, metaKey: true, isComposing: true });
    },
    { reading },
  );
  await page.keyboard.insertText(committed);
  await page.evaluate(
    ({ committed }) =>
      document.activeElement?.dispatchEvent(
        new CompositionEvent('compositionend', { bubbles: true, data: committed }),
      ),
    { committed },
  );
}

test('a Japanese name typed with IME composition, Escape mid-composition: the card stays, and the text', async ({
  desk,
}) => {
  await desk.signIn('agent');
  await openScenarioCard(desk, 'locked-wrong-codes');
  const note = desk.ui.wrapUp.note;
  await note.click();
  await note.pressSequentially('Caller ');
  await composeWithEscape(desk.page, 'やまだ', '山田');
  await expect(desk.ui.card.root).toBeVisible();
  await expect(note).toBeFocused();
  await expect(note).toHaveValue('Caller 山田');

  // Escape with focus in the field only leaves the field; the next one backs out.
  await desk.page.keyboard.press('Escape');
  await expect(desk.ui.card.root).toBeVisible();
  await expect(note).not.toBeFocused();
  await expect(note).toHaveValue('Caller 山田');
});

test('workspace shortcuts: Alt+V verify, Alt+R reset, Alt+W wrap-up, Alt+L caller language; "?" lists them', async ({
  desk,
}) => {
  await desk.signIn('agent');
  const person = await openScenarioCard(desk, 'locked-wrong-codes');
  const page = desk.page;
  await page.locator('body').click();
  await page.keyboard.press('Alt+KeyV');
  await expect(desk.ui.verification.dob).toBeFocused();
  await desk.ui.verification.verifyCaller(person.dob, person.postcode);
  await expect(desk.ui.reset.open).toBeEnabled();
  await page.keyboard.press('Alt+KeyR');
  await expect(desk.ui.reset.open).toBeFocused();
  await page.keyboard.press('Alt+KeyW');
  await expect(desk.ui.wrapUp.outcome).toBeFocused();

  const script = desk.ui.diagnosis.script;
  const before = await script.getAttribute('lang');
  await page.keyboard.press('Alt+KeyL');
  await expect(script).toHaveAttribute('lang', before === 'ja' ? 'en' : 'ja');
  await page.keyboard.press('Alt+KeyL');
  await expect(script).toHaveAttribute('lang', before!);

  await page.locator('body').click();
  await page.keyboard.press('?');
  const dialog = desk.ui.topBar.shortcuts;
  for (const key of ['verify', 'reset', 'wrapUp', 'callerLanguage'])
    await expect(dialog).toContainText(text('en', `shortcuts.${key}`));
  await expect(dialog).toContainText(/(Alt|⌥) \+ V/u);
});
