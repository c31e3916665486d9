/**
 * cards.search and cards.open: turn what the caller said into a search, answer with masked
 * summaries, and open a card's header with its lock state read live through the ACS gateway.
 */
import type { ChannelInput, ChannelOutput } from '../../../shared/contract/index.ts';
import { maskCard } from '../../../shared/cards/mask.ts';
import { foldSurname } from '../../../shared/names/fold-surname.ts';
import type { AcsGateway } from '../acs/acs-gateway.ts';
import { lookupHash } from '../crypto/lookup-hash.ts';
import type { KeyProvider } from '../keys/key-provider.ts';
import { DeskFailure } from '../router/failure.ts';
import type { CallContext } from '../router/router.ts';
import type { CardRecord, CardStore } from './card-store.ts';

/** Results shown at once; more means the agent should ask the caller for more details. */
export const SEARCH_PAGE_SIZE = 20;

export interface CardServiceDeps {
  cards: CardStore;
  acs: AcsGateway;
  keys: KeyProvider;
  origin: string;
}

type Brand = Parameters<typeof maskCard>[0];

export function createCardService(deps: CardServiceDeps) {
  const actor = (ctx: CallContext) => {
    if (!ctx.session) throw new DeskFailure('unauthenticated', 'Sign in first.');
    return {
      operatorId: ctx.session.operatorId,
      username: ctx.session.username,
      origin: deps.origin,
      at: ctx.now,
    };
  };

  const summary = (card: CardRecord) => ({
    cardId: card.publicId,
    maskedCard: maskCard(card.brand as Brand, card.last4),
    name: card.cardholderName,
  });

  return {
    async search(
      input: ChannelInput<'cards.search'>,
      ctx: CallContext,
    ): Promise<ChannelOutput<'cards.search'>> {
      const last4 = input.last4.normalize('NFKC').trim();
      if (!/^\d{4}$/u.test(last4))
        throw new DeskFailure('invalid_input', 'Enter the last 4 digits of the card.');
      const surnameKey = foldSurname(input.surname);
      if (surnameKey === '') throw new DeskFailure('invalid_input', 'Enter the surname.');
      const searched = lookupHash(
        deps.keys,
        'search',
        `last4-surname\u0000${last4}\u0000${surnameKey}`,
      );
      const found = await deps.cards.searchByLast4AndSurname({
        ...actor(ctx),
        last4,
        surnameKey,
        limit: SEARCH_PAGE_SIZE + 1,
        valueHash: searched.hash.toString('hex'),
        valueKeyId: searched.keyId,
      });
      return {
        results: found.slice(0, SEARCH_PAGE_SIZE).map(summary),
        truncated: found.length > SEARCH_PAGE_SIZE,
        now: ctx.now.toISOString(),
      };
    },

    async open(
      input: ChannelInput<'cards.open'>,
      ctx: CallContext,
    ): Promise<ChannelOutput<'cards.open'>> {
      const card = await deps.cards.open({ ...actor(ctx), publicId: input.cardId });
      if (!card) throw new DeskFailure('not_found', 'No such card.');
      const state = await deps.acs.readState(card.id, ctx.now);
      const lock =
        state.lock.state === 'locked'
          ? {
              state: 'locked' as const,
              since: state.lock.since.toISOString(),
              until: state.lock.until?.toISOString() ?? null,
              cause: state.lock.cause,
            }
          : { state: 'unlocked' as const };
      return {
        cardId: card.publicId,
        name: card.cardholderName,
        nameLatin: card.cardholderNameLatin,
        product: card.product,
        brand: card.brand,
        maskedCard: maskCard(card.brand as Brand, card.last4),
        lock,
        dataAsOf: state.asOf.toISOString(),
        now: ctx.now.toISOString(),
      };
    },
  };
}
