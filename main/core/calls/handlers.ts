/** The calls feature's slice of the router: end the call with an outcome, or say why not. */
import type { Edges } from '../edges.ts';
import type { Handlers } from '../router/router.ts';
import { createCallStore } from './call-store.ts';
import { createWrapUpService } from './wrap-up-service.ts';

export function callsHandlers(
  edges: Edges,
): Pick<
  Handlers,
  'calls.wrapUp' | 'calls.endWithoutOutcome' | 'calls.fraudTransfer' | 'calls.current'
> {
  const service = createWrapUpService({
    calls: edges.shared(createCallStore),
    openCalls: edges.openCalls,
    origin: edges.origin,
  });
  return {
    'calls.wrapUp': service.wrapUp,
    'calls.endWithoutOutcome': service.endWithoutOutcome,
    'calls.fraudTransfer': service.fraudTransfer,
    'calls.current': service.current,
  };
}
