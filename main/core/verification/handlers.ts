/** The verification feature's slice of the router: the caller's DOB and postcode, as a pair. */
import type { Edges } from '../edges.ts';
import type { Handlers } from '../router/router.ts';
import { createVerificationService } from './verification-service.ts';
import { createVerificationStore } from './verification-store.ts';

export function verificationHandlers(edges: Edges): Pick<Handlers, 'caller.verify'> {
  const service = createVerificationService({
    openCalls: edges.openCalls,
    verifications: edges.shared(createVerificationStore),
    keys: edges.keys,
    policy: edges.policy,
    origin: edges.origin,
  });
  return { 'caller.verify': service.verify };
}
