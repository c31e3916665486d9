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
        checkDatabase: true,
        workerUrl: deps.workerUrl,
        onProgress: (checked, total) => ctx.emit('audit.verifyProgress', { checked, total }),
      });
      // The contract's output is strict: the problems in words are for desk-admin and logs.
      const { problems: _problems, ...shown } = result;
      return { ...shown, checkedAt: ctx.now.toISOString() };
    },
  };
}
