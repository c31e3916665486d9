/**
 * audit.verify: leads, auditors and admins recompute the chain in a worker, with progress
 * events. The check itself is recorded in the trail afterwards, with what it found.
 */
import type { ChannelOutput } from '../../../shared/contract/index.ts';
import type { KeyProvider } from '../keys/key-provider.ts';
import { operatorActor } from '../router/operator-actor.ts';
import type { CallContext } from '../router/router.ts';
import { auditActor } from './audit-append.ts';
import type { AuditTrail } from './audit-trail.ts';
import { runAuditVerification } from './run-verification.ts';

export interface AuditServiceDeps {
  dbPath: string;
  anchorPath: string;
  keys: KeyProvider;
  workerUrl?: URL;
  audit: Pick<AuditTrail, 'append' | 'transact'>;
  origin: string;
}

export function createAuditService(deps: AuditServiceDeps) {
  return {
    async verify(_input: object, ctx: CallContext): Promise<ChannelOutput<'audit.verify'>> {
      const actor = operatorActor(ctx, deps.origin);
      const result = await runAuditVerification({
        dbPath: deps.dbPath,
        anchorPath: deps.anchorPath,
        keys: deps.keys,
        checkDatabase: true,
        workerUrl: deps.workerUrl,
        onProgress: (checked, total) => ctx.emit('audit.verifyProgress', { checked, total }),
      });
      // The contract's output is strict: the problems in words are for desk-admin and logs.
      const { problems: _problems, ...shown } = result;
      deps.audit.transact(() =>
        deps.audit.append({
          ...auditActor(actor),
          action: 'audit.verify',
          subjectType: null,
          subjectId: null,
          result:
            shown.status === 'intact' ||
            shown.status === 'empty' ||
            shown.status === 'unanchored-tail'
              ? 'success'
              : 'alert',
          details: {
            status: shown.status,
            entriesChecked: shown.entriesChecked,
            firstBadSeq: shown.firstBadSeq,
          },
        }),
      );
      return { ...shown, checkedAt: ctx.now.toISOString() };
    },
  };
}
