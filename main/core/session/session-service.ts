/**
 * Sign-in, resume, activity and sign-out: the handlers of the session.* channels. The
 * session is kept in main; every outcome is audited through the operator store.
 */
import type {
  ChannelInput,
  ChannelOutput,
  EventPayload,
  SessionView,
} from '../../../shared/contract/index.ts';
import type { OperatorStore } from '../operators/operator-store.ts';
import {
  decoyHash,
  hashPassword,
  needsRehash,
  type PasswordKeys,
  PASSWORD_COST,
  verifyPassword,
  type PasswordCost,
} from '../operators/password.ts';
import type { Policy } from '../policy/policy.ts';
import type { CallContext } from '../router/router.ts';
import { DeskFailure } from '../router/failure.ts';
import type { SessionRegistry } from './session-registry.ts';

export interface SessionServiceDeps {
  operators: OperatorStore;
  sessions: SessionRegistry;
  policy: () => Policy;
  origin: string;
  /** Ends whatever call the window had open (a new operator starts clean). */
  endCallOf?: (
    callerId: string,
    operator: { operatorId: number; username: string },
    at: Date,
  ) => Promise<void>;
  /**
   * Whether the window has a call open. Signing out of an active session is refused while
   * it has: the operator first says how the call ended (calls.wrapUp, calls.endWithoutOutcome).
   */
  hasOpenCall?: (callerId: string) => boolean;
  /** The key store's password keys: the pepper (operators/password.ts). */
  keys: PasswordKeys;
  /** The cost passwords are hashed with (OWASP's scrypt minimum); tests pass a lower one. */
  passwordCost?: PasswordCost;
  /**
   * Whether the audit trail is marked broken (audit/trail-gate.ts). While it is, agents are
   * refused sign-in: the operator checks rest on that trail. Leads, admins and auditors may
   * still sign in — they investigate and restore.
   */
  trailBroken?: () => boolean;
  /** Raises the alert for an operator row that does not match its MAC (audited as an alert). */
  alertAlteredOperator?: (operatorId: number, at: Date) => void;
}

/**
 * The one answer to every failed sign-in: wrong password, unknown, locked or disabled
 * account alike, after the same work (one password hash), so neither the answer nor its
 * timing tells which usernames exist or what state an account is in. The audit trail says.
 */
const WRONG_CREDENTIALS =
  'Sign-in failed: wrong username or password, or the account is locked or disabled.';
const wrongCredentials = () =>
  new DeskFailure('unauthenticated', 'session.wrong-credentials', WRONG_CREDENTIALS);

/**
 * An operator row that does not match its MAC was changed outside Verify Desk: its role,
 * password hash or counters may be anyone's, so it is never used, and the answer says so.
 */
const accountAltered = () =>
  new DeskFailure(
    'unauthenticated',
    'session.account-altered',
    "This account's record was changed outside Verify Desk, so it cannot sign in. Ask an admin to check the audit trail (desk-admin audit verify).",
  );

const trailBrokenRefusal = () =>
  new DeskFailure(
    'forbidden',
    'session.trail-broken',
    'The audit trail failed verification: agents cannot sign in until a team lead has had it checked. Call the team lead.',
  );

export function createSessionService(deps: SessionServiceDeps) {
  const { operators, sessions } = deps;
  const cost = deps.passwordCost ?? PASSWORD_COST;
  const decoy = decoyHash(deps.keys, cost);

  function view(callerId: string, now: Date): SessionView {
    const session = sessions.get(callerId, now);
    const nowIso = now.toISOString();
    if (!session) return { state: 'signed-out', now: nowIso };
    const operator = {
      username: session.username,
      displayName: session.displayName,
      role: session.role,
    };
    if (session.state === 'idle-locked') return { state: 'idle-locked', operator, now: nowIso };
    return {
      state: 'active',
      operator,
      idleLockAt: sessions.idleLockAt(callerId)!.toISOString(),
      now: nowIso,
    };
  }

  /** Locks one session (its call kept) and audits it; false when it had none or was locked. */
  async function lockOne(
    callerId: string,
    reason: EventPayload<'session.changed'>['reason'],
    now: Date,
  ): Promise<boolean> {
    const record = sessions.lockNow(callerId, now);
    if (!record) return false;
    await operators.recordIdleLock({
      operatorId: record.operatorId,
      username: record.username,
      origin: deps.origin,
      at: now,
      reason,
    });
    return true;
  }

  async function endSession(callerId: string, at: Date, reason: 'sign-out' | 'replaced') {
    const ended = sessions.end(callerId);
    if (!ended) return;
    await deps.endCallOf?.(callerId, ended, at);
    await operators.recordSignOut({
      operatorId: ended.operatorId,
      username: ended.username,
      origin: deps.origin,
      at,
      reason,
    });
  }

  /**
   * Checks a password for an operator: the attempt is counted before the slow hash runs, and
   * the hash runs whatever the account's state, so every refusal costs the same. Throws the
   * one wrong-credentials answer on any failure.
   */
  async function checkPassword(
    operator: NonNullable<Awaited<ReturnType<OperatorStore['findForSignIn']>>>,
    password: string,
    now: Date,
  ): Promise<void> {
    const policy = deps.policy();
    const failure = {
      operatorId: operator.id,
      username: operator.username,
      origin: deps.origin,
      at: now,
      limit: policy.signInFailureLimit,
      lockMinutes: policy.signInLockMinutes,
    };
    const claim = await operators.claimSignInAttempt(failure);
    const matched = await verifyPassword(password, operator.passwordHash, deps.keys);
    if (!claim.ok) throw wrongCredentials(); // audited by the claim
    if (!matched) {
      await operators.recordSignInFailure({ ...failure, reason: 'wrong-password' });
      throw wrongCredentials();
    }
  }

  /**
   * After a successful sign-in: store the hash again if it was made at a lower cost than
   * today's, without the pepper, or with a pepper key that is no longer current.
   */
  async function upgradeHash(
    operator: { id: number; username: string },
    stored: string,
    password: string,
    at: Date,
  ) {
    if (!needsRehash(stored, deps.keys, cost)) return;
    const to = await hashPassword(password, deps.keys, undefined, cost);
    await operators.upgradePasswordHash({
      operatorId: operator.id,
      username: operator.username,
      origin: deps.origin,
      at,
      from: stored,
      to,
    });
  }

  return {
    view,

    onIdleLock(operatorId: number, username: string, at: Date): Promise<void> {
      return operators.recordIdleLock({
        operatorId,
        username,
        origin: deps.origin,
        at,
        reason: 'idle',
      });
    },

    /** The OS locked the screen or says the operator is away: lock every session now. */
    async lockAll(reason: EventPayload<'session.changed'>['reason'], now: Date): Promise<string[]> {
      const locked: string[] = [];
      for (const callerId of sessions.callers()) {
        if (await lockOne(callerId, reason, now)) locked.push(callerId);
      }
      return locked;
    },

    /**
     * A console of the desk server says its machine locked or went idle: that window's
     * session locks as a local one would, and its call stays open for the resume.
     */
    async osLock(
      input: ChannelInput<'session.osLock'>,
      ctx: CallContext,
    ): Promise<ChannelOutput<'session.osLock'>> {
      // Only a session the router found active (its operator's standing read fresh): a
      // disabled operator's leftover session is signed out, not locked.
      const due =
        ctx.session?.state === 'active' &&
        (input.reason === 'os-lock' ||
          input.idleSeconds * 1000 >= deps.policy().idleLockMinutes * 60_000);
      const changed = due && (await lockOne(ctx.callerId, input.reason, ctx.now));
      return { changed, session: view(ctx.callerId, ctx.now) };
    },

    async current(_input: object, ctx: CallContext): Promise<ChannelOutput<'session.current'>> {
      return view(ctx.callerId, ctx.now);
    },

    async signIn(
      input: { username: string; password: string },
      ctx: CallContext,
    ): Promise<ChannelOutput<'session.signIn'>> {
      const operator = await operators.findForSignIn(input.username);
      if (!operator) {
        await verifyPassword(input.password, decoy, deps.keys); // same cost as a wrong password
        const policy = deps.policy();
        await operators.recordSignInFailure({
          operatorId: null,
          username: null,
          origin: deps.origin,
          at: ctx.now,
          reason: 'unknown-user',
          limit: policy.signInFailureLimit,
          lockMinutes: policy.signInLockMinutes,
        });
        throw wrongCredentials();
      }
      if (!operator.sealed) {
        await verifyPassword(input.password, decoy, deps.keys); // its own hash is never used
        deps.alertAlteredOperator?.(operator.id, ctx.now);
        throw accountAltered();
      }
      await checkPassword(operator, input.password, ctx.now);
      if (operator.role === 'agent' && deps.trailBroken?.()) throw trailBrokenRefusal();
      // Another operator signing in at this window ends the previous session and its call.
      await endSession(ctx.callerId, ctx.now, 'replaced');
      // A success never clears a lock another attempt set while this hash ran.
      const signedIn = await operators.recordSignIn({
        operatorId: operator.id,
        username: operator.username,
        origin: deps.origin,
        at: ctx.now,
        resumed: false,
      });
      if (!signedIn) throw wrongCredentials();
      await upgradeHash(operator, operator.passwordHash, input.password, ctx.now);
      sessions.start(ctx.callerId, {
        operatorId: operator.id,
        username: operator.username,
        displayName: operator.displayName,
        role: operator.role,
        signedInAt: ctx.now,
      });
      return view(ctx.callerId, ctx.now);
    },

    async resume(
      input: { password: string },
      ctx: CallContext,
    ): Promise<ChannelOutput<'session.resume'>> {
      const session = sessions.get(ctx.callerId, ctx.now);
      if (!session)
        throw new DeskFailure('unauthenticated', 'session.signed-out', 'Sign in first.');
      if (session.state === 'active') return view(ctx.callerId, ctx.now);
      const operator = await operators.findById(session.operatorId);
      if (!operator)
        throw new DeskFailure('unauthenticated', 'session.signed-out', 'Sign in first.');
      if (!operator.sealed) {
        await endSession(ctx.callerId, ctx.now, 'sign-out');
        deps.alertAlteredOperator?.(operator.id, ctx.now);
        throw accountAltered();
      }
      if (operator.role === 'agent' && deps.trailBroken?.()) {
        await endSession(ctx.callerId, ctx.now, 'sign-out');
        throw trailBrokenRefusal();
      }
      const endIfBarred = async () => {
        // A locked or disabled account cannot keep a session open behind the lock screen.
        const now = await operators.findById(operator.id);
        if (!now || now.disabled || (now.lockedUntil && now.lockedUntil > ctx.now)) {
          await endSession(ctx.callerId, ctx.now, 'sign-out');
          throw new DeskFailure(
            'unauthenticated',
            'session.signed-out',
            'This account is locked or disabled. Sign in again later or ask an admin.',
          );
        }
      };
      try {
        await checkPassword(operator, input.password, ctx.now);
      } catch (error) {
        await endIfBarred();
        if (error instanceof DeskFailure && error.code === 'unauthenticated') {
          throw new DeskFailure('unauthenticated', 'session.wrong-password', 'Wrong password.');
        }
        throw error;
      }
      const resumed = await operators.recordSignIn({
        operatorId: operator.id,
        username: operator.username,
        origin: deps.origin,
        at: ctx.now,
        resumed: true,
      });
      if (!resumed) {
        await endIfBarred();
        throw new DeskFailure('unauthenticated', 'session.wrong-password', 'Wrong password.');
      }
      await upgradeHash(operator, operator.passwordHash, input.password, ctx.now);
      sessions.resume(ctx.callerId, ctx.now);
      return view(ctx.callerId, ctx.now);
    },

    async activity(_input: object, ctx: CallContext): Promise<ChannelOutput<'session.activity'>> {
      sessions.touch(ctx.callerId, ctx.now);
      return view(ctx.callerId, ctx.now);
    },

    /**
     * A newer sign-in from the same console (the desk server: a new token for the one the
     * console held) replaces this session: it ends with its call, as signing in again at a
     * window ends the window's previous session — nobody is left at that call.
     */
    async replace(callerId: string, at: Date): Promise<void> {
      await endSession(callerId, at, 'replaced');
    },

    async signOut(_input: object, ctx: CallContext): Promise<ChannelOutput<'session.signOut'>> {
      // At the lock screen nobody is at the call to say how it ended: the call ends as
      // signed-out (audited). An operator at the keyboard ends the call on purpose first.
      if (
        sessions.get(ctx.callerId, ctx.now)?.state === 'active' &&
        deps.hasOpenCall?.(ctx.callerId)
      )
        throw new DeskFailure(
          'conflict',
          'call.still-open',
          'A call is still open: record its outcome, or end it without one and say why, before signing out.',
        );
      await endSession(ctx.callerId, ctx.now, 'sign-out');
      return view(ctx.callerId, ctx.now);
    },
  };
}
