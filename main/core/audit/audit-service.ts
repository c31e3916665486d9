/** audit.verify: leads, auditors and admins recompute the chain in a worker, with progress events. */
import type { ChannelOutput } from '../../../shared/contract/index.ts';
import type { KeyProvider } from '../keys/key-provider.ts';
import type { CallContext } from '../router/router.ts';
import { runAuditVerification } from './run-verification.ts';

export interface AuditServiceDeps {
  dbPath: string;
  anchorPath: string;
  keys: KeyProvider;
  workerUrl?: URL;
}

export function createAuditService(deps: AuditServiceDeps) {
  return {
    async verify(_input: object, ctx: CallContext): Promise<ChannelOutput<'audit.verify'>> {
      const result = await runAuditVerification({
        dbPath: deps.dbPath,
        anchorPath: deps.anchorPath,
        keys: deps.keys,
        workerUrl: deps.workerUrl,
        onProgress: (checked, total) => ctx.emit('audit.verifyProgress', { checked, total }),
      });
      return { ...result, checkedAt: ctx.now.toISOString() };
    },
  };
}
