/**
 * cards.search and cards.open: turn what the caller said into a search, answer with masked
 * summaries, and open a card in a call: its header with the live lock state read through the
 * ACS gateway, its badges, its masked contacts and where caller verification stands.
 */
import { freshLock, freshResets, knownLock } from '../acs/live-lock.ts';
import type { ChannelInput, ChannelOutput, ContactView } from '../../../shared/contract/index.ts';
import type { Brand } from '../../../shared/cards/brands.ts';
import { maskCard } from '../../../shared/cards/mask.ts';
import { CONTACT_KINDS } from '../../../shared/contacts/contact-codes.ts';
import { parseCardNumber, type CardNumberProblem } from '../../../shared/input/card-number.ts';
import { normaliseCustomerRef } from '../../../shared/input/customer-ref.ts';
import { normaliseEmail } from '../../../shared/input/email.ts';
import { normaliseMobile } from '../../../shared/input/mobile.ts';
import { foldSurname } from '../../../shared/names/fold-surname.ts';
import type { AcsGateway } from '../acs/acs-gateway.ts';
import type { CallRegistry } from '../calls/call-registry.ts';
import type { CallStore } from '../calls/call-store.ts';
import type { VerificationStore } from '../verification/verification-store.ts';
import type { ContactRecord, ContactStore } from '../contacts/contact-store.ts';
import { lockView } from '../acs/lock-view.ts';
import { cardFacts } from '../diagnosis/card-facts.ts';
import { diagnose, recentSince } from '../diagnosis/diagnose.ts';
import type { AttemptStore } from '../history/attempt-store.ts';
import { lookupHash, lookupHashWith, type LookupDomain } from '../crypto/lookup-hash.ts';
import type { KeyProvider } from '../keys/key-provider.ts';
import type { Policy } from '../policy/policy.ts';
import type { SessionRegistry } from '../session/session-registry.ts';
import { DeskFailure } from '../router/failure.ts';
import type { CallContext } from '../router/router.ts';
import { missWindowStart, verificationView } from '../verification/verification-state.ts';
import { operatorActor } from '../router/operator-actor.ts';
import type { CardQuery, CardRecord, CardStore, SearchLimits } from './card-store.ts';

/** Results on one page, and the most a search ever returns: more means ask for more details. */
export const SEARCH_PAGE_SIZE = 20;
export const SEARCH_CAP = 100;
/** Earlier calls shown in the workspace. */
export const EARLIER_CALLS = 10;

const DAY = 86_400_000;

export interface CardServiceDeps {
  cards: CardStore;
  calls: CallStore;
  verifications: Pick<VerificationStore, 'counts'>;
  contacts: Pick<ContactStore, 'of'>;
  attempts: AttemptStore;
  openCalls: CallRegistry;
  acs: AcsGateway;
  keys: KeyProvider;
  policy: () => Policy;
  /** Which cards each session was shown: a card opens only from those. */
  sessions: Pick<SessionRegistry, 'handOut' | 'wasHandedOut'>;
  origin: string;
}

/** This operator's search budgets for a key, from the policy in force. */
export function searchLimits(policy: Policy, key: SearchInput['key']): SearchLimits {
  const perKey = {
    'card-number': policy.cardNumberSearchesPerHour,
    'last4-surname': policy.nameSearchesPerHour,
    'customer-ref': policy.customerRefSearchesPerHour,
    mobile: policy.contactSearchesPerHour,
    email: policy.contactSearchesPerHour,
  }[key];
  return { perKey, misses: policy.searchMissesPerHour };
}

const SEARCH_REFUSALS = {
  'rate-limited': 'Too many searches of this kind this hour. A team lead has been alerted.',
  'miss-limited':
    'Too many searches found nothing this hour, so searching is paused. A team lead has been alerted.',
} as const;

type SearchInput = ChannelInput<'cards.search'>;

/** English for logs and the CLI; the screen says each problem by its reason. */
const CARD_NUMBER_PROBLEMS: Record<CardNumberProblem, string> = {
  empty: 'Enter the card number.',
  'not-digits': 'A card number has only digits (spaces and dashes are fine).',
  'unknown-brand': 'No card brand starts with these digits. Check the number with the caller.',
  length: 'This number has the wrong length for its brand. Check the number with the caller.',
  luhn: 'This is not a valid card number: its check digit is wrong. Check it with the caller.',
};

/** What the query looks for, and the normalised value (hashed for the audit entry). */
function toQuery(input: SearchInput, keys: KeyProvider): { query: CardQuery; value: string } {
  const hashes = (domain: LookupDomain, value: string) =>
    keys.all('lookup').map((key) => lookupHashWith(key, domain, value));
  switch (input.key) {
    case 'card-number': {
      const check = parseCardNumber(input.number);
      if (!check.ok)
        throw new DeskFailure(
          'invalid_input',
          `search.card-number.${check.problem}`,
          CARD_NUMBER_PROBLEMS[check.problem],
        );
      return {
        query: { key: 'card-number', panHashes: hashes('pan', check.digits) },
        value: check.digits,
      };
    }
    case 'last4-surname': {
      const last4 = input.last4.normalize('NFKC').trim();
      if (!/^\d{4}$/u.test(last4))
        throw new DeskFailure(
          'invalid_input',
          'search.last4',
          'Enter the last 4 digits of the card.',
        );
      const surnameKey = foldSurname(input.surname);
      if (surnameKey === '')
        throw new DeskFailure('invalid_input', 'search.surname', 'Enter the surname.');
      return {
        query: { key: 'last4-surname', last4, surnameKey },
        value: `${last4}\u0000${surnameKey}`,
      };
    }
    case 'mobile': {
      const mobile = normaliseMobile(input.mobile);
      if (!mobile)
        throw new DeskFailure('invalid_input', 'search.mobile', 'This is not a phone number.');
      return { query: { key: 'mobile', valueHashes: hashes('mobile', mobile) }, value: mobile };
    }
    case 'email': {
      const email = normaliseEmail(input.email);
      if (!email)
        throw new DeskFailure('invalid_input', 'search.email', 'This is not an email address.');
      return { query: { key: 'email', valueHashes: hashes('email', email) }, value: email };
    }
    case 'customer-ref': {
      const customerRef = normaliseCustomerRef(input.customerRef);
      if (!customerRef)
        throw new DeskFailure(
          'invalid_input',
          'search.customer-ref',
          'A customer reference looks like CR00112345.',
        );
      return { query: { key: 'customer-ref', customerRef }, value: customerRef };
    }
  }
}

export function contactViews(records: ContactRecord[], policy: Policy, now: Date): ContactView[] {
  return CONTACT_KINDS.map((kind) => {
    const record = records.find((r) => r.kind === kind);
    const registered = record
      ? {
          masked: record.masked,
          status: record.status,
          updatedAt: record.updatedAt.toISOString(),
          changedAt: record.valueChangedAt?.toISOString() ?? null,
          recentlyChanged:
            record.valueChangedAt !== null &&
            now.getTime() - record.valueChangedAt.getTime() < policy.recentContactChangeDays * DAY,
        }
      : null;
    // A change whose effective date has passed is the registered value now, not pending.
    const pending =
      record?.pending && record.pending.effectiveAt > now
        ? { masked: record.pending.masked, effectiveAt: record.pending.effectiveAt.toISOString() }
        : null;
    return { kind, registered, pending } as ContactView;
  });
}

export function createCardService(deps: CardServiceDeps) {
  /** A result as the agent sees it, with the lock known here (no ACS call per row). */
  const summary = async (card: CardRecord, now: Date) => ({
    cardId: card.publicId,
    maskedCard: maskCard(card.brand as Brand, card.last4),
    name: card.cardholderName,
    nameKana: card.cardholderNameKana,
    product: card.product,
    lock: lockView(await knownLock(deps.acs, card.id, now)),
  });

  return {
    async search(input: SearchInput, ctx: CallContext): Promise<ChannelOutput<'cards.search'>> {
      const { query, value } = toQuery(input, deps.keys);
      // The audit keeps only a keyed hash of what was searched: never what the caller said.
      const searched = lookupHash(deps.keys, 'search', `${input.key}\u0000${value}`);
      const page = input.page ?? 0;
      const outcome = await deps.cards.search({
        ...operatorActor(ctx, deps.origin),
        query,
        valueHash: searched.hash.toString('hex'),
        valueKeyId: searched.keyId,
        cap: SEARCH_CAP,
        offset: page * SEARCH_PAGE_SIZE,
        pageSize: SEARCH_PAGE_SIZE,
        limits: searchLimits(deps.policy(), input.key),
      });
      if (!outcome.ok) {
        throw new DeskFailure(
          'rate_limited',
          outcome.reason === 'rate-limited' ? 'search.rate-limited' : 'search.miss-limited',
          SEARCH_REFUSALS[outcome.reason],
        );
      }
      // These cards, and only cards handed out like this, may now be opened in this session.
      deps.sessions.handOut(
        ctx.callerId,
        outcome.cards.map((card) => card.publicId),
      );
      const total = Math.min(outcome.matched, SEARCH_CAP);
      return {
        results: await Promise.all(outcome.cards.map((card) => summary(card, ctx.now))),
        page,
        pages: Math.ceil(total / SEARCH_PAGE_SIZE),
        total,
        tooMany: outcome.matched > SEARCH_CAP,
        now: ctx.now.toISOString(),
      };
    },

    async open(
      input: ChannelInput<'cards.open'>,
      ctx: CallContext,
    ): Promise<ChannelOutput<'cards.open'>> {
      const actor = operatorActor(ctx, deps.origin);
      // A card opens only when this session was shown it (a search result, an approval): a
      // card id learnt any other way opens nothing, and the attempt alerts the team lead.
      // Unknown and not-shown ids get the same answer, so ids cannot be probed either.
      if (!deps.sessions.wasHandedOut(ctx.callerId, input.cardId)) {
        await deps.cards.refuseOpen({ ...actor, cardPublicId: input.cardId });
        throw new DeskFailure(
          'forbidden',
          'card.not-handed-out',
          'Open a card from your search results or an approval request.',
        );
      }
      const card = deps.cards.byPublicId(input.cardId);
      if (!card) throw new DeskFailure('not_found', 'card.not-found', 'No such card.');
      const current = deps.openCalls.get(ctx.callerId);
      // A call is never ended silently: while one is open on another card, the agent first
      // records its outcome (calls.wrapUp) or says why there is none (calls.endWithoutOutcome).
      if (current && current.cardPublicId !== card.publicId && deps.calls.isOpen(current.call))
        throw new DeskFailure(
          'conflict',
          'call.still-open',
          'A call is still open on another card: record its outcome, or end it without one and say why, first.',
        );
      const call = await deps.calls.open({ ...actor, card, current: current?.call ?? null });
      deps.openCalls.set(ctx.callerId, {
        call,
        cardPublicId: card.publicId,
        cardholderId: card.cardholderId,
      });

      const policy = deps.policy();
      const state = await freshLock(deps.acs, card.id, ctx.now);
      const lock = lockView(state.lock);
      const contactRecords = deps.contacts.of(card.cardholderId);
      const contacts = contactViews(contactRecords, policy, ctx.now);
      const recent = deps.attempts.recent(card.id, recentSince(ctx.now));
      const diagnosis = diagnose(cardFacts(ctx.now, state.lock, contactRecords, recent)).map(
        (cause) => ({ code: cause.code, resetAdvised: cause.resetAdvised, route: cause.route }),
      );
      const resets = await freshResets(deps.acs, card.id);
      return {
        cardId: card.publicId,
        callId: call.publicId,
        name: card.cardholderName,
        nameLatin: card.cardholderNameLatin,
        nameKana: card.cardholderNameKana,
        preferredLanguage: card.preferredLanguage,
        callStartedAt: call.startedAt.toISOString(),
        product: card.product,
        brand: card.brand,
        maskedCard: maskCard(card.brand as Brand, card.last4),
        lock,
        badges: {
          fraudHold: lock.state === 'locked' && lock.cause === 'fraud_hold',
          contactChangePending: contacts.some((c) => c.pending !== null),
          recentContactChange: contacts.some((c) => c.registered?.recentlyChanged === true),
        },
        contacts,
        verification: verificationView(
          deps.verifications.counts(call, missWindowStart(policy, ctx.now)),
          policy,
          ctx.now,
        ),
        diagnosis,
        earlier: {
          calls: deps.calls.earlier(call, EARLIER_CALLS).map((earlier) => ({
            callId: earlier.publicId,
            startedAt: earlier.startedAt.toISOString(),
            operator: earlier.operator,
            verified: earlier.verified,
            outcome: earlier.outcome,
          })),
          resets: resets.map((reset) => ({
            at: reset.clearedAt.toISOString(),
            lockedSince: reset.lockedSince.toISOString(),
            cause: reset.cause,
          })),
        },
        dataAsOf: state.asOf.toISOString(),
        lockSource: state.source,
        now: ctx.now.toISOString(),
      };
    },
  };
}
