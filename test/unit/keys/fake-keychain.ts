import type { KeychainPort } from '../../../main/core/keys/keychain-keys.ts';

/** An in-memory keychain; `failWith` makes every call throw as a keychain-less machine does. */
export function fakeKeychain(failWith?: string): KeychainPort & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  const guard = () => {
    if (failWith !== undefined) throw new Error(failWith);
  };
  return {
    entries,
    read(account) {
      guard();
      return entries.get(account) ?? null;
    },
    write(account, text) {
      guard();
      entries.set(account, text);
    },
    remove(account) {
      guard();
      return entries.delete(account);
    },
  };
}
