/** The audit feature's slice of the router: verify the chain, with progress events. */
import type { Edges } from '../edges.ts';
import type { Handlers } from '../router/router.ts';
import { createAuditService } from './audit-service.ts';

export function auditHandlers(edges: Edges): Pick<Handlers, 'audit.verify'> {
  const service = createAuditService({
    dbPath: edges.paths.db,
    anchorPath: edges.paths.anchors,
    keys: edges.keys,
    workerUrl: edges.auditWorkerUrl,
  });
  return { 'audit.verify': service.verify };
}
