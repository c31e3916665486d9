/**
 * The real keychain (macOS Keychain, Windows Credential Manager, Secret Service on Linux)
 * through @napi-rs/keyring, which works in Node and Electron alike. The native binding is
 * loaded on first use, so a machine where it cannot load still runs with a key file.
 *
 * On Linux the entry is pinned to the Secret Service: the binding would otherwise fall back
 * to the kernel keyring, which forgets everything at reboot (and, outside a login session,
 * between processes) — a database whose keys vanish can never be searched or verified
 * again. Without a Secret Service the keychain fails, and the error asks for a key file.
 */
import { createRequire } from 'node:module';
import type { Entry } from '@napi-rs/keyring';
import { KEYCHAIN_SERVICE, type KeychainPort } from './keychain-keys.ts';

interface KeyringBinding {
  Entry: typeof Entry;
}

let binding: KeyringBinding | undefined;

function loadBinding(): KeyringBinding {
  binding ??= createRequire(import.meta.url)('@napi-rs/keyring') as KeyringBinding;
  return binding;
}

/** Throws (with the platform's words) when the keychain cannot be used; keychain-keys.ts explains. */
export function osKeychain(service: string = KEYCHAIN_SERVICE): KeychainPort {
  const entry = (account: string) =>
    new (loadBinding().Entry)(service, account, { linux: { store: 'secret-service' } });
  return {
    read: (account) => entry(account).getPassword(),
    write: (account, text) => entry(account).setPassword(text),
    remove: (account) => entry(account).deletePassword(),
  };
}
