/** The contacts feature's slice of the router: check what the verified caller says. */
import type { Edges } from '../edges.ts';
import type { Handlers } from '../router/router.ts';
import { createVerificationStore } from '../verification/verification-store.ts';
import { createContactService } from './contact-service.ts';
import { createContactStore } from './contact-store.ts';

export function contactsHandlers(edges: Edges): Pick<Handlers, 'contacts.check'> {
  const service = createContactService({
    openCalls: edges.openCalls,
    contacts: edges.shared(createContactStore),
    verifications: edges.shared(createVerificationStore),
    keys: edges.keys,
    policy: edges.policy,
    origin: edges.origin,
  });
  return { 'contacts.check': service.check };
}
