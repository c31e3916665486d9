/**
 * Sign-in, resume, activity and sign-out: the handlers of the session.* channels. The
 * session is kept in main; every outcome is audited through the operator store.
 */
import type { ChannelOutput, EventPayload, SessionView } from '../../../shared/contract/index.ts';
import type { OperatorStore } from '../operators/operator-store.ts';
import { UNKNOWN_USER_HASH, verifyPassword } from '../operators/password.ts';
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
}

const WRONG_CREDENTIALS = 'Wrong username or password.';

export function createSessionService(deps: SessionServiceDeps) {
  const { operators, sessions } = deps;

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

  const lockedMessage = (until: Date) =>
    `Too many failed sign-ins: this account is locked until ${until.toISOString()}. An admin can unlock it sooner.`;

  /** Checks a password for an operator, counting failures toward the account lock. */
  async function checkPassword(
    operator: NonNullable<Awaited<ReturnType<OperatorStore['findForSignIn']>>>,
    password: string,
    now: Date,
  ): Promise<void> {
    const policy = deps.policy();
    const actor = {
      operatorId: operator.id,
      username: operator.username,
      origin: deps.origin,
      at: now,
    };
    const failure = {
      ...actor,
      limit: policy.signInFailureLimit,
      lockMinutes: policy.signInLockMinutes,
    };
    if (operator.disabled) {
      await operators.recordSignInFailure({ ...failure, reason: 'disabled' });
      throw new DeskFailure(
        'forbidden',
        'session.account-disabled',
        'This account is disabled. Ask an admin.',
      );
    }
    if (operator.lockedUntil && operator.lockedUntil > now) {
      await operators.recordSignInFailure({ ...failure, reason: 'locked' });
      throw new DeskFailure(
        'forbidden',
        'session.account-locked',
        lockedMessage(operator.lockedUntil),
      );
    }
    if (!(await verifyPassword(password, operator.passwordHash))) {
      const lockedUntil = await operators.recordSignInFailure({
        ...failure,
        reason: 'wrong-password',
      });
      if (lockedUntil)
        throw new DeskFailure('forbidden', 'session.account-locked', lockedMessage(lockedUntil));
      throw new DeskFailure('unauthenticated', 'session.wrong-credentials', WRONG_CREDENTIALS);
    }
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
        const record = sessions.lockNow(callerId, now);
        if (!record) continue;
        locked.push(callerId);
        await operators.recordIdleLock({
          operatorId: record.operatorId,
          username: record.username,
          origin: deps.origin,
          at: now,
          reason,
        });
      }
      return locked;
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
        await verifyPassword(input.password, UNKNOWN_USER_HASH); // same cost as a wrong password
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
        throw new DeskFailure('unauthenticated', 'session.wrong-credentials', WRONG_CREDENTIALS);
      }
      await checkPassword(operator, input.password, ctx.now);
      // Another operator signing in at this window ends the previous session and its call.
      await endSession(ctx.callerId, ctx.now, 'replaced');
      await operators.recordSignIn({
        operatorId: operator.id,
        username: operator.username,
        origin: deps.origin,
        at: ctx.now,
        resumed: false,
      });
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
      try {
        await checkPassword(operator, input.password, ctx.now);
      } catch (error) {
        // A locked or disabled account cannot keep a session open behind the lock screen.
        if (error instanceof DeskFailure && error.code === 'forbidden')
          await endSession(ctx.callerId, ctx.now, 'sign-out');
        if (error instanceof DeskFailure && error.code === 'unauthenticated') {
          throw new DeskFailure('unauthenticated', 'session.wrong-password', 'Wrong password.');
        }
        throw error;
      }
      await operators.recordSignIn({
        operatorId: operator.id,
        username: operator.username,
        origin: deps.origin,
        at: ctx.now,
        resumed: true,
      });
      sessions.resume(ctx.callerId, ctx.now);
      return view(ctx.callerId, ctx.now);
    },

    async activity(_input: object, ctx: CallContext): Promise<ChannelOutput<'session.activity'>> {
      sessions.touch(ctx.callerId, ctx.now);
      return view(ctx.callerId, ctx.now);
    },

    async signOut(_input: object, ctx: CallContext): Promise<ChannelOutput<'session.signOut'>> {
      await endSession(ctx.callerId, ctx.now, 'sign-out');
      return view(ctx.callerId, ctx.now);
    },
  };
}
