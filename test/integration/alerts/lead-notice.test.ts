/**
 * Telling a lead at once (renderer/src/features/alerts/lead-notice.ts, the one decision for
 * the desktop notification and the browser's banner), run in Node on the events a real core
 * pushes: which events tell whom, and that the words — in both languages, through the router's
 * check (alerts.notify) — say the alert's kind and a count and nothing of the card, its
 * cardholder, the agent or any id.
 */
import { createInstance, type TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoOperator } from '../../../main/core/demo/demo-operators.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { APPROVAL_STATES } from '../../../shared/approvals/approval-codes.ts';
import { defaultPolicy } from '../../../main/core/policy/policy.ts';
import type { CardHeader, EventPayload } from '../../../shared/contract/index.ts';
import en from '../../../renderer/src/i18n/en.json' with { type: 'json' };
import ja from '../../../renderer/src/i18n/ja.json' with { type: 'json' };
import {
  noticeFor,
  noticeText,
  type LeadEvent,
  type NoticeListener,
} from '../../../renderer/src/features/alerts/lead-notice.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { endOpenCall } from '../../helpers/end-open-call.ts';
import { wrongPostcode } from '../../kit/flows.ts';

const demoCore = useDemoCore();

async function catalogs(): Promise<Record<'en' | 'ja', TFunction>> {
  const make = async (lng: 'en' | 'ja') => {
    const i18n = createInstance();
    await i18n.init({
      resources: { en: { translation: en }, ja: { translation: ja } },
      lng,
      fallbackLng: 'en',
      interpolation: { escapeValue: false },
    });
    return i18n.t;
  };
  return { en: await make('en'), ja: await make('ja') };
}

const lead: NoticeListener = { role: 'lead', active: true, muted: false };

describe('which events tell a lead at once', () => {
  const alert = (state: 'open' | 'acknowledged'): LeadEvent => ({
    name: 'alerts.changed',
    payload: { alertId: 'alr_1', kind: 'search-sweep', state },
  });
  const approval = (state: EventPayload<'approvals.changed'>['state']): LeadEvent => ({
    name: 'approvals.changed',
    payload: { approvalId: 'apr_1', cardId: 'card_1', state },
  });

  it('a new (or recounted) alert and a new request do; acknowledgements and decisions do not', () => {
    expect(noticeFor(alert('open'), lead)).toEqual({ about: 'alert', kind: 'search-sweep' });
    expect(noticeFor(alert('acknowledged'), lead)).toBeNull();
    expect(noticeFor(approval('pending'), lead)).toEqual({ about: 'approval' });
    for (const state of APPROVAL_STATES.filter((s) => s !== 'pending')) {
      expect(noticeFor(approval(state), lead), state).toBeNull();
    }
  });

  it('only an active lead who has not muted them is told', () => {
    for (const role of ['agent', 'auditor', 'admin', null] as const) {
      expect(noticeFor(alert('open'), { ...lead, role }), String(role)).toBeNull();
    }
    expect(noticeFor(alert('open'), { ...lead, active: false })).toBeNull();
    expect(noticeFor(alert('open'), { ...lead, muted: true })).toBeNull();
    expect(noticeFor(approval('pending'), { ...lead, muted: true })).toBeNull();
  });
});

describe('what a lead is told', () => {
  it('kind and count in the lead’s language, checked by the router, nothing of the card', async () => {
    const t = await catalogs();
    const desk = await demoCore();
    await desk.signIn('agent', 'w1');
    await desk.signIn('lead', 'lead');

    // An alert: the agent misses verification up to the call's limit on one card…
    const who = demoScenarioPerson(DEMO_SEED, 'code-expired');
    const cardId = who.cards[0]!.publicId;
    const opened = await desk.openCard(cardId);
    if (!opened.ok) throw new Error(opened.error.reason);
    const headers = [opened.value as CardHeader];
    for (let miss = 0; miss < defaultPolicy.verificationMissesPerCall; miss++) {
      await desk.core.router.call('w1', 'caller.verify', {
        cardId,
        dob: '1900-01-01',
        postcode: wrongPostcode(who.postcode),
      });
    }
    // …and a request: a second reset within a day, escalated to a lead.
    const asker = demoScenarioPerson(DEMO_SEED, 'reset-yesterday');
    const askedCard = asker.cards[0]!.publicId;
    await endOpenCall((channel, input) => desk.core.router.call('w1', channel, input));
    const second = await desk.openCard(askedCard);
    if (!second.ok) throw new Error(second.error.reason);
    headers.push(second.value as CardHeader);
    await desk.core.router.call('w1', 'caller.verify', {
      cardId: askedCard,
      dob: asker.dob,
      postcode: asker.postcode,
    });
    const asked = await desk.core.router.call('w1', 'lockout.reset', {
      cardId: askedCard,
      reason: 'cardholder-mistyped-code',
      note: 'Caller verified; asks for a reset.',
    });
    expect(asked).toMatchObject({ ok: true, value: { approval: { state: 'pending' } } });

    const heard = desk.emitted
      .filter((e) => e.callerId === 'lead')
      .filter((e) => e.event === 'alerts.changed' || e.event === 'approvals.changed')
      .map((e) => ({ name: e.event, payload: e.payload }) as LeadEvent);
    const wanted = heard.map((event) => noticeFor(event, lead)).filter((w) => w !== null);
    expect(wanted).toEqual([
      { about: 'alert', kind: 'verification-limit-call' },
      { about: 'approval' },
    ]);

    // Everything the lead's console knows that must never reach the OS's notification centre.
    const agent = demoOperator('agent');
    const secrets = [
      ...[who, asker].flatMap((p) => [
        p.name,
        p.nameLatin,
        p.surname,
        p.customerRef,
        p.mobile,
        p.email,
        p.dob,
        p.postcode,
        p.cards[0]!.pan,
        p.cards[0]!.pan.slice(-4),
        p.cards[0]!.publicId,
      ]),
      ...headers.flatMap((h) => [
        h.name,
        h.nameKana,
        h.maskedCard,
        h.callId,
        ...h.contacts.flatMap((c) => [c.registered?.masked, c.pending?.masked]),
      ]),
      ...heard.flatMap((e) => Object.values(e.payload)),
      agent.username,
      agent.displayName,
    ].filter((value): value is string => typeof value === 'string' && value.length > 1);
    const shared = new Set(['open', 'pending']);

    for (const language of ['en', 'ja'] as const) {
      for (const [n, want] of wanted.entries()) {
        const text = noticeText(t[language], { ...want, count: n + 1 });
        expect(text.title.length, `${language} title`).toBeGreaterThan(0);
        expect(text.body).toContain(String(n + 1));
        for (const secret of secrets.filter((s) => !shared.has(s))) {
          expect(`${text.title}\n${text.body}`, `${language}: ${secret}`).not.toContain(secret);
        }
        // The router lets exactly these words out.
        const checked = await desk.core.router.call('lead', 'alerts.notify', text);
        expect(checked).toEqual({ ok: true, value: text });
      }
    }
    expect(noticeText(t.ja, { about: 'alert', kind: 'search-sweep', count: 2 })).toEqual({
      about: 'alert',
      title: `新しいアラート：${ja.alerts.kind['search-sweep']}`,
      body: '未確認のアラートが 2 件あります。アラート一覧でご確認ください。',
    });
  }, 60_000); // a whole call, a request and four checks: slow on a busy 2-core machine

  it('the router refuses words that smuggle a card number, and anyone but a lead', async () => {
    const desk = await demoCore();
    await desk.signIn('agent', 'w1');
    await desk.signIn('lead', 'lead');
    const pan = demoScenarioPerson(DEMO_SEED, 'code-expired').cards[0]!.pan;
    const before = desk.snapshot();
    expect(
      await desk.core.router.call('lead', 'alerts.notify', {
        about: 'alert',
        title: 'New alert',
        body: `Card ${pan}`,
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_input', reason: 'note.card-number' } });
    expect(
      await desk.core.router.call('w1', 'alerts.notify', {
        about: 'alert',
        title: 'New alert',
        body: '1 open alert.',
      }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden', reason: 'access.role' } });
    expect(desk.snapshot()).toBe(before);
  });
});
