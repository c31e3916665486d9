/**
 * Which ACS gateway a core uses: the network ACS `desk-admin acs set` configured, else the
 * embedded one (the local database) — which a database holding ACS data from an import
 * refuses unless it is marked as a training database: resetting a local copy of the issuer's
 * locks and calling it applied would tell a caller their lock is gone when it is not.
 *
 * A gateway row that fails its seal (migration 017) is never used, whatever it names: the
 * core gets a gateway that asks nobody (no connection, no token sent) — cards show the last
 * known state as with an ACS not answering, resets are recorded and queued and the relay
 * never sends them — and the lead is alerted, until an administrator sets the row again. So
 * is a card whose ACS reference fails its seal (card-refs.ts), card by card.
 */
import type { Db } from '../db/connection.ts';
import type { KeyProvider } from '../keys/key-provider.ts';
import type { AcsAlarm } from './acs-alarm.ts';
import { AcsAlteredError } from './acs-errors.ts';
import type { AcsCardState, AcsGateway } from './acs-gateway.ts';
import {
  AcsSettingsAlteredError,
  AcsSettingsError,
  createAcsSettingsStore,
} from './acs-settings.ts';
import { sealedCardRefs } from './card-refs.ts';
import { createEmbeddedAcsGateway } from './embedded-acs-gateway.ts';
import { createNetworkAcsGateway, type NetworkAcsOptions } from './network-acs-gateway.ts';
import type { LockoutSeal } from './sealed-lockouts.ts';

export function chooseAcsGateway(
  db: Db,
  keys: KeyProvider,
  seal: LockoutSeal,
  network: Partial<NetworkAcsOptions> = {},
  alarm: AcsAlarm = () => undefined,
): AcsGateway {
  const settings = createAcsSettingsStore(db, keys);
  if (settings.seal() === 'altered') {
    alarm({ table: 'acs_gateway' });
    return withLastKnown(askingNobody(), createEmbeddedAcsGateway(db, seal));
  }
  const config = settings.networkConfig();
  if (config) {
    return withLastKnown(
      createNetworkAcsGateway({
        ...config,
        ...network,
        cardRef: sealedCardRefs(db, keys, alarm),
      }),
      createEmbeddedAcsGateway(db, seal),
    );
  }
  if (settings.holdsImportedAcsData() && !settings.training()) {
    throw new AcsSettingsError(
      'This database holds ACS data from an import, so the embedded ACS (the local database) would only change a local copy of the lock: set the network ACS with "desk-admin acs set", or mark a training database with "desk-admin acs training".',
    );
  }
  return createEmbeddedAcsGateway(db, seal);
}

/** The gateway of a core whose gateway row fails its seal: every call refused before any I/O. */
function askingNobody(): AcsGateway {
  const refuse = async (): Promise<never> => {
    throw new AcsAlteredError(new AcsSettingsAlteredError().message);
  };
  return { kind: 'network', readState: refuse, readResets: refuse, applyReset: refuse };
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
