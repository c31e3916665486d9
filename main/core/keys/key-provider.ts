/**
 * Keys by purpose. The app and desk-admin get keys only through a KeyProvider, whatever
 * holds them (OS keychain in production, an explicitly named key file for tests, demo and
 * headless use). Every keyed value stores the id of the key that made it, so keys rotate:
 * `current` makes new values, `byId` checks old ones.
 */
import type { AnchorHeadStore } from './anchor-head.ts';
import type { GatewayHeadStore } from './gateway-head.ts';
import type { PolicyHeadStore } from './policy-head.ts';
import type { OperatorsDisabledStore } from './operators-disabled.ts';
import type { SignInLocksStore } from './sign-in-locks.ts';
import type { SyslogDeliveredStore } from './syslog-delivered.ts';
import type { SyslogHeadStore } from './syslog-head.ts';
import type { TrailBreakStore } from './trail-break.ts';

export const KEY_PURPOSES = ['lookup', 'verification', 'audit', 'password'] as const;
/**
 * lookup: keyed hashes for search and match · verification: DOB/postcode pepper · audit: MAC
 * chain · password: operator password pepper (operators/password.ts).
 */
export type KeyPurpose = (typeof KEY_PURPOSES)[number];

export interface PurposeKey {
  readonly purpose: KeyPurpose;
  /** Stable, non-secret id derived from the key, e.g. "audit-3f9a1c2b7d10". */
  readonly id: string;
  readonly secret: Buffer;
}

export interface KeyProvider {
  /** The key new values are made with. */
  current(purpose: KeyPurpose): PurposeKey;
  /** The key an existing value was made with; throws KeyError when this provider lacks it. */
  byId(purpose: KeyPurpose, id: string): PurposeKey;
  /** Every key of a purpose, oldest first: what a verifier of old values needs. */
  all(purpose: KeyPurpose): readonly PurposeKey[];
  /**
   * Where this key store keeps the newest audit checkpoint line (anchor-head.ts); absent for
   * keys held only in memory (tests), which then rely on the anchor chain alone.
   */
  readonly anchorHead?: AnchorHeadStore;
  /**
   * Where this key store keeps the ACS gateway row its last setting wrote (gateway-head.ts);
   * absent for keys held only in memory (tests), which then rely on the audit trail alone.
   */
  readonly gatewayHead?: GatewayHeadStore;
  /**
   * Where this key store keeps the policy as its last change left it (policy-head.ts); absent
   * for keys held only in memory (tests), which then rely on the audit trail alone.
   */
  readonly policyHead?: PolicyHeadStore;
  /** Where this key store keeps a broken audit trail found by the trail watch (trail-break.ts). */
  readonly trailBreak?: TrailBreakStore;
  /** Where this key store keeps how far the central log server holds the trail (syslog-delivered.ts). */
  readonly syslogDelivered?: SyslogDeliveredStore;
  /**
   * Where this key store keeps the central log server's target its last setting wrote
   * (syslog-head.ts); absent for keys held only in memory (tests): the audit trail alone speaks.
   */
  readonly syslogHead?: SyslogHeadStore;
  /**
   * Where this key store keeps the operators disabled (operators-disabled.ts); absent for keys
   * held only in memory (tests), which then rely on the operator rows and the trail alone.
   */
  readonly operatorsDisabled?: OperatorsDisabledStore;
  /**
   * Where this key store keeps the sign-in locks in force (sign-in-locks.ts); absent for keys
   * held only in memory (tests), which then rely on the operator rows and the trail alone.
   */
  readonly signInLocks?: SignInLocksStore;
}

export class KeyError extends Error {
  override readonly name = 'KeyError';
}
