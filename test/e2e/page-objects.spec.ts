/**
 * Every page object's main path, once in Japanese and once in English: sign-in, top bar,
 * search, card header, diagnosis, history, contacts, verification, reset panel and its
 * dialog, approvals (a team lead at a second console), wrap-up, lock screen. A page object
 * that only works in one language fails here.
 */
import { CAUSE_TEXTS } from '../../shared/diagnosis/cause-texts.ts';
import { VERIFY_WORDS } from '../../shared/diagnosis/script-words.ts';
import { demoOperator } from '../../main/core/demo/demo-operators.ts';
import { text, type Language } from '../kit/catalog.ts';
import { expect, test } from '../kit/fixtures.ts';
import { consolePages } from '../kit/pages/console-pages.ts';

for (const language of ['ja', 'en'] as const satisfies readonly Language[]) {
  test(`every page object's main path works in ${language === 'ja' ? 'Japanese' : 'English'}`, async ({
    desk,
  }) => {
    test.skip(desk.target !== 'browser', 'the approval half needs a second console');
    const ui = desk.ui;
    const card = desk.scenario('locked-wrong-codes');
    // A reset three hours ago: today's reset becomes a request for a team lead.
    desk.seed.earlierReset(card.cardId, { hoursAgo: 3 });
    const agent = demoOperator('agent');

    // Sign-in and the top bar.
    await desk.open();
    await ui.topBar.chooseLanguage(language);
    await ui.signIn.signIn(agent.username, 'not-the-password-1');
    await expect(ui.signIn.error).toBeVisible();
    await ui.signIn.signIn(agent.username, agent.password);
    await expect(ui.topBar.operator).toContainText(agent.displayName);
    await expect(ui.topBar.root).toBeVisible();

    // Search by last 4 + surname, open the result.
    await ui.search.byLast4AndSurname(card.search.last4, card.search.surname);
    await expect(ui.search.results).toBeVisible();
    await ui.search.result(card.cardId).click();

    // The card header and the workspace.
    await expect(ui.card.name).toContainText(card.cardholder);
    await expect(ui.card.masked).toHaveText(card.maskedCard);
    await expect(ui.card.lockBadge).not.toHaveText(text(language, 'card.notLocked'));
    await expect(ui.card.countdown).toBeVisible();
    await expect(ui.workspace.root).toBeVisible();
    await expect(ui.workspace.earlierResets).toHaveCount(1);

    // The diagnosis, in the agent's language, with the script in the caller's.
    expect(await ui.diagnosis.firstCause()).toBe(card.diagnosis);
    await expect(ui.diagnosis.firstTitle).toHaveText(CAUSE_TEXTS[card.diagnosis][language].title);
    await ui.diagnosis.chooseCallerLanguage(language === 'ja' ? 'en' : 'ja');
    await expect(ui.diagnosis.line('verify.ask')).toHaveText(
      VERIFY_WORDS.ask[language === 'ja' ? 'en' : 'ja'],
    );

    // The history: a row, its codes on expand.
    await expect(ui.history.count).toBeVisible();
    const row = ui.history.rowAt(1);
    const codes = await ui.history.expandCodes(row, text(language, 'history.expand'));
    await expect(codes).toBeVisible();

    // Contacts before and after verification; verification.
    await expect(ui.contacts.checkLocked).toBeVisible();
    await expect(ui.contacts.masked('mobile')).toBeVisible();
    await expect(ui.reset.open).toBeDisabled();
    await expect(ui.reset.why).toHaveAttribute('data-refusal', /.+/u);
    await ui.verification.verifyCaller(card.answers.dob, card.answers.postcode);
    await expect(ui.verification.status).toHaveAttribute('data-status', 'verified');
    await ui.contacts.checkContact('mobile', card.search.mobile!);
    await expect(ui.contacts.checkResult).toBeVisible();

    // The reset panel and its dialog: a second reset today becomes a request.
    await expect(ui.reset.escalation).toBeVisible();
    await ui.reset.open.click();
    await ui.resetDialog.confirm.click();
    await expect(ui.resetDialog.problems).toBeVisible();
    await ui.resetDialog.fill('Caller verified; mistyped the code again.');
    await ui.resetDialog.confirmAndClose();
    await expect(ui.reset.approvalState).toHaveAttribute('data-state', 'pending');

    // Approvals, by a team lead at a second console in the same language.
    const lead = consolePages(await desk.secondConsole('lead'));
    await lead.topBar.chooseLanguage(language);
    await lead.topBar.openApprovals();
    await expect(lead.approvals.items).toHaveCount(1);
    await expect(lead.approvals.item(0)).toContainText(card.cardholder);
    await lead.approvals.approve(lead.approvals.item(0), 'Checked the history.');
    await expect(lead.approvals.items).toHaveCount(0);
    await expect(lead.approvals.count).toBeVisible();
    await expect(ui.reset.approvalState).toHaveAttribute('data-state', 'approved');
    await expect(ui.reset.state).toHaveAttribute('data-state', 'applied');
    await expect(ui.card.lockBadge).toHaveText(text(language, 'card.notLocked'));

    // Wrap-up: a refused note, then a clean one; the workspace clears.
    await ui.wrapUp.wrapUp('resolved-reset', `OTP 482193`);
    await expect(ui.wrapUp.problems).toBeVisible();
    await ui.wrapUp.wrapUp('resolved-reset', 'Reset approved by the team lead.');
    await expect(ui.search.notice).toBeVisible();
    await expect(ui.workspace.root).toHaveCount(0);
    expect(desk.db.calls().at(-1)).toMatchObject({
      outcome: 'resolved-reset',
      endReason: 'wrapped-up',
    });

    // The lock screen after 15 idle minutes, resumed by the same operator.
    await desk.advance(16 * 60_000);
    await expect(ui.lock.root).toBeVisible();
    await ui.lock.resume(agent.password);
    await expect(ui.lock.root).toHaveCount(0);
    await ui.topBar.signOut();
    await expect(ui.signIn.username).toBeVisible();

    desk.expectAudit({ action: 'approval.decide', username: 'demo.lead', count: 1 });
    desk.expectAudit({ action: 'call.wrap-up', details: { outcome: 'resolved-reset' } });
  });
}
