/** The history feature's slice of the router: the open card's 3-D Secure timeline. */
import { createContactStore } from '../contacts/contact-store.ts';
import type { Edges } from '../edges.ts';
import type { Handlers } from '../router/router.ts';
import { createAttemptStore } from './attempt-store.ts';
import { createHistoryService } from './history-service.ts';

export function historyHandlers(edges: Edges): Pick<Handlers, 'cards.history'> {
  const service = createHistoryService({
    attempts: edges.shared(createAttemptStore),
    contacts: edges.shared(createContactStore),
    openCalls: edges.openCalls,
    origin: edges.origin,
  });
  return { 'cards.history': service.list };
}
