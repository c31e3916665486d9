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
import type { LockCause } from '../../../shared/lockout/lockout-codes.ts';
import type { AcsCardState, AcsGateway, AcsReset } from './acs-gateway.ts';
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
    return withLastKnown(askingNobody(), createEmbeddedAcsGateway(db, seal), resetsAppliedHere(db));
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
      resetsAppliedHere(db),
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
 * A network gateway that remembers each card's last state and reset list read from the ACS
 * (in this process), and falls back to the console's own imported record for a card never
 * read. In fallback a card's resets are all that is known of them: the ACS's last list, the
 * resets decided here that may have cleared (`recorded`, from the sealed rows), and the
 * local record — so a reset sent from here still counts toward "a second reset within 24 hours"
 * while the ACS does not answer.
 */
export function withLastKnown(
  network: AcsGateway,
  local: AcsGateway,
  recorded: (cardId: number) => AcsReset[] = () => [],
): AcsGateway {
  const seen = new Map<number, AcsCardState>();
  const seenResets = new Map<number, AcsReset[]>();
  return {
    ...network,
    kind: network.kind,
    close: () => network.close?.(),
    async readState(cardId, now, options) {
      const state = await network.readState(cardId, now, options);
      seen.set(cardId, state);
      return state;
    },
    async readResets(cardId, options) {
      const resets = await network.readResets(cardId, options);
      seenResets.set(cardId, resets);
      return resets;
    },
    applyReset: (command) => network.applyReset(command),
    async lastKnown(cardId, now) {
      const last = seen.get(cardId);
      if (last) return { lock: last.lock, asOf: last.asOf };
      return { lock: (await local.readState(cardId, now)).lock, asOf: null };
    },
    async lastKnownResets(cardId) {
      // One entry per lock cleared (the ACS's word first), newest first.
      const byLock = new Map<string, AcsReset>();
      for (const reset of [
        ...(seenResets.get(cardId) ?? []),
        ...recorded(cardId),
        ...(await local.readResets(cardId)),
      ]) {
        const key = `${reset.lockedSince.toISOString()}|${reset.cause}`;
        if (!byLock.has(key)) byLock.set(key, reset);
      }
      return [...byLock.values()].sort((a, b) => b.clearedAt.getTime() - a.clearedAt.getTime());
    },
  };
}

/**
 * The resets decided here for a card that may have cleared its lock, newest first: read from the
 * sealed resets rows alone (the unsealed outbox could hide one by losing its row). Every state
 * counts — applied; requested or failed, still on their way or ended without a word the row
 * seals — each at its sealed applied_at, else when it was decided. Its lock's cause is the
 * row's own (sealed); a reset recorded before causes were kept names none.
 */
export function resetsAppliedHere(db: Db): (cardId: number) => AcsReset[] {
  const rows = db.prepare<
    [number],
    { at: string; lock_since: string; lock_cause: LockCause | null }
  >(
    `SELECT coalesce(applied_at, requested_at) AS at, lock_since, lock_cause FROM resets
     WHERE card_id = ?
     ORDER BY at DESC`,
  );
  return (cardId) =>
    rows.all(cardId).map((row) => ({
      clearedAt: new Date(row.at),
      lockedSince: new Date(row.lock_since),
      cause: row.lock_cause ?? 'other',
    }));
}
