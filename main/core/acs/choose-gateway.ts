/**
 * Which ACS gateway a core uses: the network ACS `desk-admin acs set` configured, else the
 * embedded one (the local database) — which a database holding ACS data from an import
 * refuses unless it is marked as a training database: resetting a local copy of the issuer's
 * locks and calling it applied would tell a caller their lock is gone when it is not.
 */
import type { Db } from '../db/connection.ts';
import type { KeyProvider } from '../keys/key-provider.ts';
import type { AcsCardState, AcsGateway } from './acs-gateway.ts';
import { AcsSettingsError, createAcsSettingsStore } from './acs-settings.ts';
import { createEmbeddedAcsGateway } from './embedded-acs-gateway.ts';
import { createNetworkAcsGateway, type NetworkAcsOptions } from './network-acs-gateway.ts';
import type { LockoutSeal } from './sealed-lockouts.ts';

export function chooseAcsGateway(
  db: Db,
  keys: KeyProvider,
  seal: LockoutSeal,
  network: Partial<NetworkAcsOptions> = {},
): AcsGateway {
  const settings = createAcsSettingsStore(db, keys);
  const config = settings.networkConfig();
  if (config) {
    const refOf = db.prepare<[number], { acs_card_ref: string | null }>(
      'SELECT acs_card_ref FROM cards WHERE id = ?',
    );
    return withLastKnown(
      createNetworkAcsGateway({
        ...config,
        ...network,
        cardRef: (cardId) => refOf.get(cardId)?.acs_card_ref ?? null,
      }),
      createEmbeddedAcsGateway(db, seal),
    );
  }
  if (settings.holdsImportedAcsData() && !settings.summary().training) {
    throw new AcsSettingsError(
      'This database holds ACS data from an import, so the embedded ACS (the local database) would only change a local copy of the lock: set the network ACS with "desk-admin acs set", or mark a training database with "desk-admin acs training".',
    );
  }
  return createEmbeddedAcsGateway(db, seal);
}

/**
 * A network gateway that remembers each card's last state read from the ACS (in this
 * process), and falls back to the console's own imported record for a card never read.
 */
export function withLastKnown(network: AcsGateway, local: AcsGateway): AcsGateway {
  const seen = new Map<number, AcsCardState>();
  return {
    ...network,
    kind: network.kind,
    close: () => network.close?.(),
    async readState(cardId, now, options) {
      const state = await network.readState(cardId, now, options);
      seen.set(cardId, state);
      return state;
    },
    readResets: (cardId, options) => network.readResets(cardId, options),
    applyReset: (command) => network.applyReset(command),
    async lastKnown(cardId, now) {
      const last = seen.get(cardId);
      if (last) return { lock: last.lock, asOf: last.asOf };
      return { lock: (await local.readState(cardId, now)).lock, asOf: null };
    },
    lastKnownResets: (cardId) => local.readResets(cardId),
  };
}
