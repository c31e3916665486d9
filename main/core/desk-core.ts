/**
 * The composition root of main/core: builds the edges every feature stands on (the database
 * and its audit trail, keys, clock, policy, sessions, the open calls, the ACS gateway,
 * events), merges each feature's slice of the router's handlers, and hands back what the
 * shell (or the test harness, or the preview) binds to a window. Everything with an edge —
 * clock, keys, paths, the ACS — is passed in; deskCoreOptions() fills the usual defaults.
 */
import { hostname } from 'node:os';
import {
  contract,
  type ChannelOutput,
  type EventName,
  type EventPayload,
} from '../../shared/contract/index.ts';
import { createAcsAlarm } from './acs/acs-alarm.ts';
import { chooseAcsGateway } from './acs/choose-gateway.ts';
import { createLockoutSeal } from './acs/sealed-lockouts.ts';
import type { AcsGateway } from './acs/acs-gateway.ts';
import { createAlertStore } from './alerts/alert-store.ts';
import { alertsHandlers } from './alerts/handlers.ts';
import { startApprovalWaitWatch } from './alerts/approval-wait-watch.ts';
import { appHandlers } from './app/handlers.ts';
import { approvalsHandlers } from './approvals/handlers.ts';
import { AuditIntegrityError, createAuditTrail, type AuditTrail } from './audit/audit-trail.ts';
import { refuseKeyFileBesideDatabase } from './keys/key-file-placement.ts';
import type { SaveSink } from './audit/save-sink.ts';
import { trailBrokenCheck } from './audit/trail-gate.ts';
import { startTrailWatch, type TrailWatch } from './audit/trail-watch.ts';
import { auditHandlers } from './audit/handlers.ts';
import { createCallRegistry } from './calls/call-registry.ts';
import { callsHandlers } from './calls/handlers.ts';
import { cardsHandlers } from './cards/handlers.ts';
import type { Clock } from './clock.ts';
import { contactsHandlers } from './contacts/handlers.ts';
import { openDatabase, optimizeDatabase, type Db } from './db/connection.ts';
import { sharedInstances, type Edges } from './edges.ts';
import { createEventBus } from './events/event-bus.ts';
import { historyHandlers } from './history/handlers.ts';
import { importsHandlers } from './import/handlers.ts';
import { importFolderService, type ImportFolder } from './import/import-folder-service.ts';
import { readKeyBinding } from './keys/database-key-binding.ts';
import { claimDeskServer, type DeskServerClaim } from './lease/desk-server-lease.ts';
import type { KeychainPort } from './keys/keychain-keys.ts';
import { openKeyProvider } from './keys/open-key-provider.ts';
import { marksNoticed } from './keys/marks-noticed.ts';
import { lockoutHandlers } from './lockout/handlers.ts';
import { createResetRowSeal } from './lockout/reset-row-seal.ts';
import { createLockoutStore } from './lockout/lockout-store.ts';
import { startResetRelay } from './lockout/reset-relay.ts';
import { createFraudSignal } from './lockout/fraud-at-send.ts';
import { createRequesterStanding } from './lockout/requester-standing.ts';
import { recordDisabledFromTrail } from './operators/disabled-from-trail.ts';
import { createOperatorStore } from './operators/operator-store.ts';
import type { PasswordCost } from './operators/password.ts';
import { createPolicyAlarm } from './policy/policy-alarm.ts';
import { createPolicyStore } from './policy/policy-store.ts';
import { mergeHandlers } from './router/merge-handlers.ts';
import { inOneRead } from './db/read-scope.ts';
import { createRouter, type Router } from './router/router.ts';
import { sessionHandlers, sessionServiceOf } from './session/handlers.ts';
import { trailBehindCollector } from './syslog/collector-position.ts';
import { teamHandlers } from './team/handlers.ts';
import { startSyslogForwarder } from './syslog/syslog-forwarder.ts';
import { createSyslogAlarm } from './syslog/syslog-alarm.ts';
import { createSessionRegistry } from './session/session-registry.ts';
import { createSessionStore } from './session/session-store.ts';
import { verificationHandlers } from './verification/handlers.ts';

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
  surface: ChannelOutput<'app.info'>['surface'];
  version: string;
  emit: (callerId: string, event: EventName, payload: unknown) => void;
  logInternal: (line: string) => void;
  /** The audit verification worker; the Electron build passes its bundled file. */
  auditWorkerUrl?: URL;
  /** Where audit exports are saved: the shell's save dialog, or a folder (browser target, preview). */
  saveSink?: SaveSink;
  /**
   * Forward the audit trail to the central log server `desk-admin syslog set` configured (the
   * app does; tests and tools that open a core for a moment do not). Every console process on
   * a database runs the forwarder; its lease lets one send at a time.
   */
  forwardSyslog?: boolean;
  /**
   * Watch for escalated resets waiting too long (alerts/approval-wait-watch.ts), every this
   * many ms. The app, the preview and the desk server do (every console process on a
   * database runs it; its lease lets one look at a time); tests and tools leave it unset.
   */
  alertTimerMs?: number;
  /**
   * Keep the whole audit chain verified (audit/trail-watch.ts), looking at new entries every
   * this many ms and passing over the whole chain on a schedule; a broken trail refuses every
   * reset. The app, the preview and the desk server do (every console process on a database
   * runs it; its lease lets one look at a time); tests and tools leave it unset.
   */
  trailWatchMs?: number;
  /**
   * Defaults to the network ACS `desk-admin acs set` configured, else the embedded ACS (the
   * local database), which a database with imported ACS data refuses unless marked training.
   */
  acs?: (db: Db) => AcsGateway;
  /**
   * Run the outbox relay (reset-relay.ts): resets nobody is sending, and failed ones when due,
   * go to the ACS until applied, refused or expired. The app and the desk server do; every
   * process on a database may, its lease lets one send at a time.
   */
  relayResets?: boolean;
  /** How long a console's own send holds a reset before the relay may send it (default 30 s). */
  resetClaimMs?: number;
  /** The cost operator passwords are hashed with; unset means OWASP's minimum (tests lower it). */
  passwordCost?: PasswordCost;
  /**
   * Keep sessions and their open calls in the database across restarts (session-store.ts):
   * a desk server, whose caller ids are hashes of session tokens. A console's own core
   * leaves it unset: its caller ids are windows of one process.
   */
  persistSessions?: boolean;
  /**
   * This core is a desk server's: it claims the database (main/core/lease/desk-server-lease.ts)
   * before anything else, so a second server and desk-admin's writers refuse beside it.
   */
  claimAsServer?: boolean;
  /** A desk server's claim was taken over: the server must stop serving (desk-server-lease.ts). */
  onClaimLost?: () => void;
}

export interface DeskCore {
  router: Router;
  /** Ends a window's session (window closed). */
  endCaller(callerId: string): Promise<void>;
  /**
   * A newer sign-in from the same console replaced this caller's session (the desk server):
   * it ends with its open call, audited as replaced.
   */
  replaceCaller(callerId: string): Promise<void>;
  /** The OS locked the screen or is suspending: every session locks now. */
  osLocked(): Promise<void>;
  /** The OS reports no input for this long (Electron's powerMonitor): lock when past the policy. */
  osIdle(seconds: number): Promise<void>;
  /** The import drop-folder watcher on this database, for a desk server to host. */
  importFolderService(folder: ImportFolder): ReturnType<typeof importFolderService>;
  /** The trail watch this core runs (trailWatchMs), or null. */
  readonly trailWatch: TrailWatch | null;
  close(): void;
}

export function createDeskCore(options: DeskCoreOptions): DeskCore {
  const db = openDatabase(options.dbPath);
  let keys;
  try {
    refuseKeyFileBesideDatabase(db, options.dbPath, options.keyFile);
    keys = openKeyProvider({
      keyFile: options.keyFile,
      keychain: options.keychain,
      ...readKeyBinding(db),
    });
  } catch (error) {
    db.close();
    throw error;
  }
  let claim: DeskServerClaim | null = null;
  // When a part of this console marks the trail broken (keys/marks-noticed.ts).
  let markedAt: number | null = null;
  keys = marksNoticed(keys, () => {
    markedAt = options.clock.now().getTime();
  });
  const audit = createAuditTrail(db, keys, options.anchorPath, {
    clock: options.clock,
    origin: options.origin,
    onHeadError: () =>
      options.logInternal('audit: the key store could not record the newest checkpoint'),
  });
  // Every entry the trail appends may raise an alert for the leads, in the same transaction
  // (alerts/alert-rules.ts): whatever records a limit or a refusal also raises its alert.
  // Alerts raised while the core is still opening (a stored session failing its seal) are
  // recorded; there is nobody signed in yet to tell.
  let opened: Edges | null = null;
  const alerts = createAlertStore({ db, audit }, (change) =>
    opened?.shared(createEventBus).publish('alerts.changed', change),
  );
  const alertingAudit: AuditTrail = {
    ...audit,
    append(entry) {
      audit.append(entry);
      alerts.raiseFrom(entry);
    },
    // What a command published is delivered here as soon as it has committed.
    transact(command) {
      const result = audit.transact(command);
      opened?.shared(createEventBus).pump();
      return result;
    },
  };
  // A policy row that cannot be vouched for refuses every call (policy.altered) and alerts the
  // leads once per key and problem (policy-alarm.ts).
  const policyAlarm = createPolicyAlarm(alertingAudit, options.origin, () => options.clock.now());
  const policyStore = createPolicyStore(db, audit, {
    onAltered: policyAlarm.altered,
    ...(keys.policyHead && { head: keys.policyHead }),
  });
  let acs: AcsGateway;
  try {
    // An anchor file cut back or edited refuses the start: building on it would launder the cut.
    audit.checkAnchors();
    // So does a trail that ends before what the central log server already holds.
    const behind = trailBehindCollector(db, keys);
    if (behind) throw new AuditIntegrityError(behind);
    // A desk server claims the database before it writes anything else, recording the claim
    // in the trail it has just checked (a second server and desk-admin's writers then refuse).
    if (options.claimAsServer) claim = claimDeskServer(db, { ...options, audit: alertingAudit });
    // A forged policy row refuses the start, naming the value (policy-store.ts).
    policyStore.read();
    acs = options.acs
      ? options.acs(db)
      : chooseAcsGateway(
          db,
          keys,
          createLockoutSeal(db, alertingAudit, options.origin),
          {},
          createAcsAlarm(db, alertingAudit, options.origin, () => options.clock.now()),
        );
  } catch (error) {
    claim?.release();
    db.close();
    throw error;
  }
  const policy = () => {
    const read = policyStore.read();
    policyAlarm.clear();
    return read;
  };
  const sessionService = () => edges.shared(sessionServiceOf);
  // Operators disabled before the key store kept the list are recorded in it now, from the
  // trail's entries that hold (operators/disabled-from-trail.ts). A key store that cannot be
  // written now is tried again at the next start; the trail still speaks meanwhile.
  try {
    recordDisabledFromTrail(db, audit, keys);
  } catch {
    options.logInternal('operators: the key store could not record the disabled operators');
  }
  // The router re-reads each caller's operator at every call: disabling or demoting someone
  // (here, or in another process on this database) takes effect on their next call.
  const operatorStanding = createOperatorStore(db, audit, keys);
  const shared = sharedInstances();
  const sessionStore = options.persistSessions
    ? createSessionStore(
        db,
        keys,
        (count) => {
          options.logInternal(
            `sessions: ${count} stored session(s) failed their seal and were dropped`,
          );
          // Someone wrote a session without the keys: the lead's alerts and the trail say so.
          alertingAudit.transact(() =>
            alertingAudit.append({
              at: options.clock.now(),
              operatorId: null,
              username: null,
              origin: options.origin,
              action: 'alert.altered-row',
              subjectType: 'database',
              subjectId: null,
              result: 'alert',
              details: { table: 'server_sessions', rows: count },
            }),
          );
        },
        (refused) => {
          options.logInternal(
            `sessions: ${refused.length} restored call(s) no longer matched their seal and were ended`,
          );
          // A call's public id or card changed in the file: the caller it vouched for may be
          // someone else's. The call was ended; the lead's alerts and the trail say so.
          alertingAudit.transact(() =>
            alertingAudit.append({
              at: options.clock.now(),
              operatorId: null,
              username: null,
              origin: options.origin,
              action: 'alert.altered-row',
              subjectType: 'database',
              subjectId: null,
              result: 'alert',
              details: { table: 'calls', rows: refused.length },
            }),
          );
        },
      )
    : null;
  const restored = sessionStore?.load(options.clock.now()) ?? [];

  // The mark is in the key store (a file or the keychain): read at most once a second of the
  // desk's clock, not at every call.
  const trailMarked = trailBrokenCheck(keys);
  let trailMarkRead: { at: number; broken: boolean } | null = null;
  const agentsKeptOut = (): boolean => {
    const now = options.clock.now().getTime();
    // A mark this console made is read again at once, without waiting out the second.
    if (
      !trailMarkRead ||
      now - trailMarkRead.at >= 1_000 ||
      now < trailMarkRead.at ||
      (markedAt !== null && markedAt >= trailMarkRead.at)
    )
      trailMarkRead = { at: now, broken: trailMarked() };
    return trailMarkRead.broken;
  };

  const edges: Edges = {
    db,
    audit: alertingAudit,
    keys,
    clock: options.clock,
    policy,
    sessions: createSessionRegistry({
      idleLockMinutes: () => policy().idleLockMinutes,
      onIdleLock: (_callerId, session, at) => {
        sessionService()
          .onIdleLock(session.operatorId, session.username, at)
          .catch(() => options.logInternal('session.idle-lock: audit entry failed'));
      },
      standing: (operatorId) => {
        const standing = operatorStanding.standing(operatorId);
        // While the trail is marked broken an agent's session ends at the next call, as their
        // sign-in is refused (session-service.ts): the budgets and limits that bound what an
        // agent may look up are counted from a trail that may be hiding entries. Leads, admins
        // and auditors carry on: they investigate and restore.
        return standing?.role === 'agent' && agentsKeptOut() ? null : standing;
      },
      readTogether: (read) => inOneRead(db, read),
      ...(sessionStore ? { persisted: { restored, store: sessionStore } } : {}),
    }),
    openCalls: createCallRegistry({
      restored: restored.flatMap(({ callerId, call }) =>
        call ? [[callerId, call] as [string, typeof call]] : [],
      ),
      ...(sessionStore
        ? { onChange: (callerId, open) => sessionStore.saveCall(callerId, open) }
        : {}),
    }),
    acs,
    ...(options.resetClaimMs === undefined ? {} : { resetClaimMs: options.resetClaimMs }),
    origin: options.origin,
    emit: options.emit,
    logInternal: options.logInternal,
    paths: { db: options.dbPath, anchors: options.anchorPath },
    auditWorkerUrl: options.auditWorkerUrl,
    saveSink: options.saveSink,
    version: options.version,
    passwordCost: options.passwordCost,
    surface: options.surface,
    shared: (build) => shared(build, edges),
  };

  opened = edges;

  const router = createRouter({
    contract,
    handlers: mergeHandlers([
      appHandlers(edges),
      sessionHandlers(edges),
      cardsHandlers(edges),
      verificationHandlers(edges),
      contactsHandlers(edges),
      historyHandlers(edges),
      callsHandlers(edges),
      lockoutHandlers(edges),
      approvalsHandlers(edges),
      auditHandlers(edges),
      importsHandlers(edges),
      alertsHandlers(edges),
      teamHandlers(edges),
    ]),
    sessions: edges.sessions,
    clock: options.clock,
    emit: options.emit,
    logInternal: options.logInternal,
  });

  const forwarder = options.forwardSyslog
    ? startSyslogForwarder({
        db,
        keys,
        clock: options.clock,
        hostname: hostname(),
        logInternal: options.logInternal,
        altered: createSyslogAlarm(alertingAudit, options.origin, () => options.clock.now()),
      })
    : null;

  // Events of every console on this database reach this process's sessions (event-bus.ts).
  const bus = edges.shared(createEventBus);
  bus.start();
  const alertTimer = options.alertTimerMs
    ? startApprovalWaitWatch({
        db,
        keys,
        audit: alertingAudit,
        clock: options.clock,
        policy,
        origin: options.origin,
        logInternal: options.logInternal,
        everyMs: options.alertTimerMs,
      })
    : null;
  const relay = options.relayResets
    ? startResetRelay({
        db,
        keys,
        acs,
        resets: edges.shared(createLockoutStore),
        altered: (cardId, at) => edges.shared(createResetRowSeal).altered(cardId, at),
        fraud: edges.shared(createFraudSignal),
        requesterStands: edges.shared(createRequesterStanding),
        trailBroken: trailBrokenCheck(keys),
        policy,
        clock: options.clock,
        origin: options.origin,
        logInternal: options.logInternal,
      })
    : null;

  // The whole audit chain kept verified (audit/trail-watch.ts): one watch per database, leased.
  const trailWatch = options.trailWatchMs
    ? startTrailWatch({
        db,
        dbPath: options.dbPath,
        anchorPath: options.anchorPath,
        keys,
        audit: alertingAudit,
        clock: options.clock,
        origin: options.origin,
        logInternal: options.logInternal,
        everyMs: options.trailWatchMs,
        ...(options.auditWorkerUrl && { workerUrl: options.auditWorkerUrl }),
      })
    : null;

  async function lockAll(reason: EventPayload<'session.changed'>['reason']) {
    for (const callerId of await sessionService().lockAll(reason, options.clock.now())) {
      options.emit(callerId, 'session.changed', { reason });
    }
  }

  return {
    router,
    async endCaller(callerId) {
      await sessionService().signOut(
        {},
        { callerId, session: null, now: options.clock.now(), emit: () => undefined },
      );
    },
    replaceCaller: (callerId) => sessionService().replace(callerId, options.clock.now()),
    osLocked: () => lockAll('os-lock'),
    trailWatch,
    importFolderService: (folder) =>
      importFolderService(
        {
          db,
          keys,
          audit,
          clock: options.clock,
          origin: options.origin,
          logInternal: options.logInternal,
        },
        folder,
      ),
    async osIdle(seconds) {
      if (seconds * 1000 >= policy().idleLockMinutes * 60_000) await lockAll('os-idle');
    },
    close() {
      forwarder?.halt();
      alertTimer?.halt();
      trailWatch?.halt();
      bus.stop();
      relay?.halt();
      acs.close?.();
      try {
        audit.anchorNow();
      } catch (error) {
        // A trail that stopped writing is not anchored again; the database still closes.
        if (!(error instanceof AuditIntegrityError)) throw error;
        options.logInternal(`audit: not anchored at close (${error.message})`);
      } finally {
        optimizeDatabase(db, 'close');
        claim?.release();
        db.close();
      }
    },
  };
}
