/**
 * A valid payload for every channel of the contract, on the demo's locked card: the router
 * checks input before the session and the role, so tests that try every channel (roles, the
 * desk server without a token) reach the check they mean to test. `note` marks whose notes
 * they are in the trail.
 */
import { DEMO_SEED } from '../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../main/core/demo/demo-people.ts';
import type { ChannelName } from '../../shared/contract/index.ts';

export function channelSamples(note: string): Record<ChannelName, unknown> {
  const person = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
  const cardId = person.cards[0]!.publicId;
  return {
    'app.info': {},
    'session.current': {},
    'session.signIn': { username: 'nobody.here', password: 'wrong-password-1' },
    'session.resume': { password: 'wrong-password-1' },
    'session.activity': {},
    'imports.freshness': {},
    'session.osLock': { reason: 'os-idle', idleSeconds: 1 },
    'session.signOut': {},
    'cards.search': { key: 'customer-ref', customerRef: person.customerRef },
    'cards.open': { cardId },
    'caller.verify': { cardId, dob: person.dob, postcode: person.postcode },
    'contacts.check': { cardId, kind: 'mobile', value: person.mobile },
    'cards.history': { cardId, period: '7d', outcome: 'all' },
    'calls.wrapUp': { cardId, outcome: 'other', note },
    'calls.endWithoutOutcome': { cardId, reason: 'other', note },
    'calls.fraudTransfer': { cardId, caseRef: 'FR-123456' },
    'calls.current': {},
    'lockout.status': { cardId },
    'lockout.reset': { cardId, reason: 'other', note },
    'lockout.retry': { cardId },
    'approvals.list': {},
    'approvals.decide': { approvalId: 'apr_none', decision: 'reject', note },
    'approvals.card': { approvalId: 'apr_none' },
    'approvals.cancel': { approvalId: 'apr_none', note },
    'audit.verify': {},
    'audit.list': { filter: {} },
    'audit.entry': { seq: 1 },
    'audit.export': { filter: {}, format: 'csv' },
    'alerts.list': {},
    'alerts.acknowledge': { alertId: 'alr_none', note },
    'alerts.notify': { about: 'alert', title: 'New alert', body: '1 open alert.' },
    'team.day': { date: '2026-11-20', span: 'day', utcOffsetMinutes: 540 },
    'team.export': { date: '2026-11-20', span: 'day', utcOffsetMinutes: 540 },
  };
}
