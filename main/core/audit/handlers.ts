/** The audit feature's slice of the router: read, open, export and verify the trail. */
import type { Edges } from '../edges.ts';
import { vouchedNames } from '../operators/vouched-name.ts';
import type { Handlers } from '../router/router.ts';
import { createAuditDeskService } from './audit-desk-service.ts';
import { createAuditReader } from './audit-reader.ts';
import { createAuditService } from './audit-service.ts';

export function auditHandlers(
  edges: Edges,
): Pick<Handlers, 'audit.verify' | 'audit.list' | 'audit.entry' | 'audit.export'> {
  const verification = createAuditService({
    dbPath: edges.paths.db,
    anchorPath: edges.paths.anchors,
    keys: edges.keys,
    workerUrl: edges.auditWorkerUrl,
    audit: edges.audit,
    origin: edges.origin,
  });
  const desk = createAuditDeskService({
    reader: createAuditReader(edges.db, vouchedNames(edges)),
    audit: edges.audit,
    origin: edges.origin,
    saveSink: edges.saveSink,
    logInternal: edges.logInternal,
  });
  return {
    'audit.verify': verification.verify,
    'audit.list': desk.list,
    'audit.entry': desk.entry,
    'audit.export': desk.export,
  };
}
