/** The cards feature's slice of the router: search, and open a card in a call. */
import { createCallStore } from '../calls/call-store.ts';
import { createContactStore } from '../contacts/contact-store.ts';
import type { Edges } from '../edges.ts';
import { createAttemptStore } from '../history/attempt-store.ts';
import type { Handlers } from '../router/router.ts';
import { createVerificationStore } from '../verification/verification-store.ts';
import { createCardService } from './card-service.ts';
import { createCardStore } from './card-store.ts';

export function cardsHandlers(edges: Edges): Pick<Handlers, 'cards.search' | 'cards.open'> {
  const service = createCardService({
    cards: edges.shared(createCardStore),
    calls: edges.shared(createCallStore),
    verifications: edges.shared(createVerificationStore),
    contacts: edges.shared(createContactStore),
    attempts: edges.shared(createAttemptStore),
    openCalls: edges.openCalls,
    acs: edges.acs,
    keys: edges.keys,
    policy: edges.policy,
    sessions: edges.sessions,
    origin: edges.origin,
  });
  return { 'cards.search': service.search, 'cards.open': service.open };
}
