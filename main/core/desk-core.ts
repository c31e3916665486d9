/**
 * The composition root of main/core: opens the database, builds stores, services and the
 * router, and hands back what the shell (or the test harness, or the preview) binds to a
 * window. Everything with an edge — clock, keys, paths, the ACS — is passed in.
 */
import { contract, type EventName } from '../../shared/contract/index.ts';
import { createEmbeddedAcsGateway } from './acs/embedded-acs-gateway.ts';
import type { AcsGateway } from './acs/acs-gateway.ts';
import { createAuditTrail, type AuditTrail } from './audit/audit-trail.ts';
import { createCardService } from './cards/card-service.ts';
import { createCardStore } from './cards/card-store.ts';
import type { Clock } from './clock.ts';
import { openDatabase, type Db } from './db/connection.ts';
import { isDemoDatabase } from './db/database-info.ts';
import { readKeyBinding } from './keys/database-key-binding.ts';
import type { KeychainPort } from './keys/keychain-keys.ts';
import { openKeyProvider } from './keys/open-key-provider.ts';
import { createOperatorStore } from './operators/operator-store.ts';
import { createPolicyStore } from './policy/policy-store.ts';
import { createRouter, type Handlers, type Router } from './router/router.ts';
import { createSessionRegistry } from './session/session-registry.ts';
import { createSessionService } from './session/session-service.ts';
import { createAuditService } from './audit/audit-service.ts';
import { createCallRegistry } from './calls/call-registry.ts';
import { createCallStore } from './calls/call-store.ts';
import { createWrapUpService } from './calls/wrap-up-service.ts';
import { createAttemptStore } from './history/attempt-store.ts';
import { createHistoryService } from './history/history-service.ts';
import { createContactService } from './contacts/contact-service.ts';
import { createContactStore } from './contacts/contact-store.ts';
import { createVerificationService } from './verification/verification-service.ts';
import { createVerificationStore } from './verification/verification-store.ts';
import { createApprovalService } from './resets/approval-service.ts';
import { createApprovalStore } from './resets/approval-store.ts';
import { createResetService } from './resets/reset-service.ts';
import { createResetStore } from './resets/reset-store.ts';

export interface DeskCoreOptions {
  dbPath: string;
  /** A key file named explicitly (tests, demo, headless); otherwise the OS keychain. */
  keyFile?: string;
  /** Tests pass a fake keychain; the app uses the OS one. */
  keychain?: KeychainPort;
  /** Where audit checkpoints are anchored, outside the database. */
  anchorPath: string;
  clock: Clock;
  /** Where actions come from, for the audit trail (PCI DSS 10.2.2 origin), e.g. "console@PC-0412". */
  origin: string;
  surface: 'desktop' | 'preview';
  version: string;
  emit: (callerId: string, event: EventName, payload: unknown) => void;
  logInternal: (line: string) => void;
  /** The audit verification worker; the Electron build passes its bundled file. */
  auditWorkerUrl?: URL;
  /** Defaults to the embedded ACS (the local database). */
  acs?: (db: Db) => AcsGateway;
}

export interface DeskCore {
  router: Router;
  /** Ends a window's session (window closed). */
  endCaller(callerId: string): Promise<void>;
  /** The OS locked the screen or is suspending: every session locks now. */
  osLocked(): Promise<void>;
  /** The OS reports no input for this long (Electron's powerMonitor): lock when past the policy. */
  osIdle(seconds: number): Promise<void>;
  close(): void;
}

export function createDeskCore(options: DeskCoreOptions): DeskCore {
  const db = openDatabase(options.dbPath);
  let keys;
  try {
    keys = openKeyProvider({
      keyFile: options.keyFile,
      keychain: options.keychain,
      ...readKeyBinding(db),
    });
  } catch (error) {
    db.close();
    throw error;
  }
  const audit: AuditTrail = createAuditTrail(db, keys, options.anchorPath, {
    clock: options.clock,
  });
  const policy = createPolicyStore(db);
  const operators = createOperatorStore(db, audit);
  const demo = isDemoDatabase(db);

  const sessions = createSessionRegistry({
    idleLockMinutes: () => policy.read().idleLockMinutes,
    onIdleLock: (_callerId, session, at) => {
      sessionService.onIdleLock(session.operatorId, session.username, at).catch(() => {
        options.logInternal('session.idle-lock: audit entry failed');
      });
    },
  });
  const calls = createCallStore(db, audit);
  const openCalls = createCallRegistry();
  const contacts = createContactStore(db);
  const attempts = createAttemptStore(db, audit);
  const readPolicy = () => policy.read();
  const sessionService = createSessionService({
    operators,
    sessions,
    policy: readPolicy,
    origin: options.origin,
    // A new operator, a sign-out or a closed window ends the window's call.
    async endCallOf(callerId, operator, at) {
      const open = openCalls.clear(callerId);
      if (open)
        await calls.end({
          ...operator,
          origin: options.origin,
          at,
          call: open.call,
          reason: 'signed-out',
        });
    },
  });
  const acs = (options.acs ?? createEmbeddedAcsGateway)(db);
  const cards = createCardStore(db, audit);
  const cardService = createCardService({
    cards,
    calls,
    contacts,
    attempts,
    openCalls,
    acs,
    keys,
    policy: readPolicy,
    origin: options.origin,
  });
  const verificationService = createVerificationService({
    calls,
    openCalls,
    facts: createVerificationStore(db),
    keys,
    policy: readPolicy,
    origin: options.origin,
  });
  const historyService = createHistoryService({
    attempts,
    contacts,
    openCalls,
    origin: options.origin,
  });
  const wrapUpService = createWrapUpService({ calls, openCalls, origin: options.origin });
  const contactService = createContactService({
    calls,
    openCalls,
    contacts,
    keys,
    policy: readPolicy,
    origin: options.origin,
  });
  // approvals.changed goes to the window that asked and to every signed-in team lead.
  const requesterWindows = new Map<string, string>();
  const approvalsChanged = (
    approvalId: string,
    cardId: string,
    state: 'pending' | 'approved' | 'rejected' | 'expired',
  ) => {
    const now = options.clock.now();
    const leads = sessions.callers().filter((c) => sessions.forCaller(c, now)?.role === 'lead');
    const requester = requesterWindows.get(approvalId);
    const payload = contract.events['approvals.changed'].payload.parse({
      approvalId,
      cardId,
      state,
    });
    for (const callerId of new Set([...(requester ? [requester] : []), ...leads])) {
      options.emit(callerId, 'approvals.changed', payload);
    }
    if (state !== 'pending') requesterWindows.delete(approvalId);
  };
  const resetStore = createResetStore(db, audit);
  const approvals = createApprovalStore(db, audit, resetStore);
  const resetService = createResetService({
    acs,
    resets: resetStore,
    approvals,
    calls,
    openCalls,
    contacts,
    attempts,
    policy: readPolicy,
    origin: options.origin,
    requested(approvalId, cardId, callerId) {
      requesterWindows.set(approvalId, callerId);
      approvalsChanged(approvalId, cardId, 'pending');
    },
  });
  const approvalService = createApprovalService({
    approvals,
    cards,
    acs,
    attempts,
    resets: resetService,
    origin: options.origin,
    changed: approvalsChanged,
  });
  const auditService = createAuditService({
    dbPath: options.dbPath,
    anchorPath: options.anchorPath,
    keys: keys,
    workerUrl: options.auditWorkerUrl,
  });

  const handlers: Handlers = {
    'app.info': async (_input, ctx) => ({
      version: options.version,
      demo,
      surface: options.surface,
      idleLockMinutes: policy.read().idleLockMinutes,
      now: ctx.now.toISOString(),
    }),
    'session.current': sessionService.current,
    'session.signIn': sessionService.signIn,
    'session.resume': sessionService.resume,
    'session.activity': sessionService.activity,
    'session.signOut': sessionService.signOut,
    'cards.search': cardService.search,
    'cards.open': cardService.open,
    'caller.verify': verificationService.verify,
    'contacts.check': contactService.check,
    'cards.history': historyService.list,
    'calls.wrapUp': wrapUpService.wrapUp,
    'lockout.status': resetService.status,
    'lockout.reset': resetService.reset,
    'lockout.retry': resetService.retry,
    'approvals.list': approvalService.list,
    'approvals.decide': approvalService.decide,
    'audit.verify': auditService.verify,
  };

  const router = createRouter({
    contract,
    handlers,
    sessions,
    clock: options.clock,
    emit: options.emit,
    logInternal: options.logInternal,
  });

  async function lockAll(reason: 'os-lock' | 'os-idle') {
    for (const callerId of await sessionService.lockAll(reason, options.clock.now())) {
      options.emit(callerId, 'session.changed', { reason });
    }
  }

  return {
    router,
    async endCaller(callerId) {
      await sessionService.signOut(
        {},
        { callerId, session: null, now: options.clock.now(), emit: () => undefined },
      );
    },
    osLocked: () => lockAll('os-lock'),
    async osIdle(seconds) {
      if (seconds * 1000 >= policy.read().idleLockMinutes * 60_000) await lockAll('os-idle');
    },
    close() {
      audit.anchorNow();
      db.close();
    },
  };
}
