/**
 * What every feature stands on, built once per core by desk-core.ts: the database and its
 * audit trail, keys, the clock, policy, sessions, the open calls, the ACS gateway, events
 * and paths. A feature's handlers.ts builds its services from these; a store or service two
 * features use (the call store, the lockout service) is built once, through shared().
 */
import type { ChannelOutput, EventName } from '../../shared/contract/index.ts';
import type { AcsGateway } from './acs/acs-gateway.ts';
import type { AuditTrail } from './audit/audit-trail.ts';
import type { SaveSink } from './audit/save-sink.ts';
import type { CallRegistry } from './calls/call-registry.ts';
import type { Clock } from './clock.ts';
import type { Db } from './db/connection.ts';
import type { KeyProvider } from './keys/key-provider.ts';
import type { PasswordCost } from './operators/password.ts';
import type { Policy } from './policy/policy.ts';
import type { SessionRegistry } from './session/session-registry.ts';

/** What a store needs: the database and the trail its commands append to. */
export interface StoreEdges {
  db: Db;
  audit: AuditTrail;
}

export interface Edges extends StoreEdges {
  keys: KeyProvider;
  clock: Clock;
  /** The policy as it stands now (read at every call: an admin may change it). */
  policy: () => Policy;
  sessions: SessionRegistry;
  /** The call each window has open. */
  openCalls: CallRegistry;
  acs: AcsGateway;
  /** How long a console's own send holds a reset before the outbox relay may send it. */
  resetClaimMs?: number;
  /** Where actions come from, for the audit trail, e.g. "console@PC-0412". */
  origin: string;
  /** Sends a contract event to one window. */
  emit: (callerId: string, event: EventName, payload: unknown) => void;
  logInternal: (line: string) => void;
  paths: { db: string; anchors: string };
  /** The audit verification worker; the Electron build passes its bundled file. */
  auditWorkerUrl: URL | undefined;
  /** Where audit exports are saved (the OS save dialog, or a folder); absent: no exports. */
  saveSink?: SaveSink;
  version: string;
  /** The cost operator passwords are hashed with; unset means OWASP's minimum (tests lower it). */
  passwordCost?: PasswordCost;
  surface: ChannelOutput<'app.info'>['surface'];
  /** The core's one instance of what `build` makes from these edges. */
  shared<T>(build: (edges: Edges) => T): T;
}

/**
 * shared() for a set of edges: each builder runs once and its result is kept. A builder that
 * asks (through others) for itself is a wiring mistake, said at once rather than looping.
 */
export function sharedInstances(): <T>(build: (edges: Edges) => T, edges: Edges) => T {
  const built = new Map<unknown, { value: unknown } | 'building'>();
  return <T>(build: (edges: Edges) => T, edges: Edges): T => {
    const found = built.get(build);
    if (found === 'building') throw new Error(`${build.name} depends on itself.`);
    if (found) return found.value as T;
    built.set(build, 'building');
    const value = build(edges);
    built.set(build, { value });
    return value;
  };
}
