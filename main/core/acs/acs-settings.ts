/**
 * Which ACS gateway a database uses (migration 015's acs_gateway row), set by
 * `desk-admin acs set` and audited. The client key and the bearer token are never kept in
 * clear: they are sealed with AES-256-GCM under a key derived (HKDF-SHA256, its own label)
 * from the key store's current verification key, whose id is kept beside them so a rotation
 * leaves them readable. Whoever copies the database without the key store has no secret.
 *
 * The row itself is sealed (migration 017, sealed-rows.ts): the URL, the CA, the client
 * certificate, the sealed secrets and the training mark are under a MAC only a holder of the
 * keys can write. A row that does not verify — someone with the file pointed the console at
 * their own server, swapped the CA, or marked the database training — is never used: no call
 * is made and no token is sent (choose-gateway.ts). `set` and `markTraining` replace such a
 * row with a new one and carry nothing over from it.
 *
 * A row with a genuine MAC may still be an old one put back from a backup (an old URL with its
 * old CA and token, or the training mark): every write of the row is audited with what
 * identifies it whole (gatewayRowIdentity: the URL, SHA-256 of the CA, the certificate and of
 * each sealed secret's bytes, the key id, the training mark, the time), and the row must be
 * the one the trail's last such entry (whose own MAC must verify) names — else it is treated
 * as altered, exactly as a row that fails its MAC (gatewayRowProblem; `audit verify` too).
 *
 * The trail's "last entry that set it" can be moved by whoever writes the file without the keys
 * (hide the newest entry, put back the row before it: the older entry then vouches for it), so
 * the key store keeps the last word too (keys/gateway-head.ts): the audit entry that last wrote
 * the row and a digest of its identity, recorded after each write commits. A row that is not
 * the one the key store names — or any row naming a URL, the training mark or ACS data when
 * the key store names none (set before it kept one, or a write that did not finish) — is
 * altered until `desk-admin acs set` (or `acs training`) is run again (gatewayHeadProblem).
 *
 * A database holding ACS data from an import (cards with an ACS card reference, imported
 * lockouts) refuses the embedded gateway — which would change a local row and call it
 * applied — unless it is marked as a training database.
 */
import { endReadScope, inCallersTransaction } from '../db/read-scope.ts';
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
  X509Certificate,
} from 'node:crypto';
import type { AuditTrail } from '../audit/audit-trail.ts';
import { chainMac, GENESIS_MAC, type StoredAuditEntry } from '../audit/canonical.ts';
import type { Db } from '../db/connection.ts';
import { sealedRowHolds, type SealedRow } from '../db/sealed-rows.ts';
import type { GatewayHead } from '../keys/gateway-head.ts';
import { KeyError, type KeyProvider } from '../keys/key-provider.ts';
import { rowKeysOf } from '../keys/row-mac.ts';
import type { NetworkAcsConfig } from './network-acs-gateway.ts';

export class AcsSettingsError extends Error {
  override readonly name: string = 'AcsSettingsError';
}

/** The acs_gateway row does not match its seal: nothing in it is used. */
export class AcsSettingsAlteredError extends AcsSettingsError {
  override readonly name = 'AcsSettingsAlteredError';
  constructor(problem?: string) {
    super(
      `The ACS gateway settings do not match their seal (changed outside Verify Desk, an older row put back, or set before they were sealed${problem ? `: ${problem}` : ''}): nothing is sent to the ACS they name. Set them again with "desk-admin acs set" (and "desk-admin acs training" for a training database).`,
    );
  }
}

/** Whether the acs_gateway row verifies: none set, sealed, or altered (never used). */
export type AcsSettingsSeal = 'none' | 'sealed' | 'altered';

export interface AcsSettingsInput {
  url: string;
  caPem?: string;
  clientCertPem?: string;
  clientKeyPem?: string;
  token?: string;
}

/** What is configured, without a secret: for status lines and the audit entry. */
export type AcsSettingsSummary = {
  url: string | null;
  caSha256: string | null;
  clientCertSha256: string | null;
  clientKey: boolean;
  token: boolean;
  training: boolean;
};

export interface GatewayRow extends SealedRow {
  id: number;
  url: string | null;
  ca_pem: string | null;
  client_cert_pem: string | null;
  client_key_sealed: Buffer | null;
  token_sealed: Buffer | null;
  seal_key_id: string | null;
  training: number;
  acs_data: number;
  updated_at: string;
}

type Row = GatewayRow;

/**
 * What identifies the gateway row whole, without a secret: written into every audit entry that
 * sets the row (acs.set, acs.training, acs.data-marked), so an older row put back — even with
 * its genuine MAC — differs from the trail's last word. A sealed secret is named by the SHA-256
 * of its sealed bytes: a secret sealed again (or an older one) differs.
 */
export type GatewayRowIdentity = {
  url: string | null;
  caSha256: string | null;
  clientCertSha256: string | null;
  clientKeySealedSha256: string | null;
  tokenSealedSha256: string | null;
  sealKeyId: string | null;
  training: boolean;
  acsData: boolean;
  updatedAt: string;
};

const bytesSha256 = (bytes: Buffer | null) =>
  bytes ? createHash('sha256').update(bytes).digest('hex') : null;

export function gatewayRowIdentity(row: Row): GatewayRowIdentity {
  return {
    url: row.url,
    caSha256: row.ca_pem ? sha256(row.ca_pem) : null,
    clientCertSha256: row.client_cert_pem ? sha256(row.client_cert_pem) : null,
    clientKeySealedSha256: bytesSha256(row.client_key_sealed),
    tokenSealedSha256: bytesSha256(row.token_sealed),
    sealKeyId: row.seal_key_id,
    training: row.training === 1,
    acsData: row.acs_data === 1,
    updatedAt: row.updated_at,
  };
}

/** The audit actions that set the gateway row; the last one names the row as it must be. */
export const GATEWAY_ROW_ACTIONS = ['acs.set', 'acs.training', 'acs.data-marked'] as const;

/**
 * The trail's last entry that set the gateway row (with its chain MAC and the one before).
 * `+result`: found by the action index, not by walking every successful entry (0.47 s at
 * 1,000,000 entries).
 */
export const LAST_GATEWAY_ENTRY_SQL = `SELECT e.*, p.mac AS previous_mac FROM audit_log e
  LEFT JOIN audit_log p ON p.seq = e.seq - 1
  WHERE e.seq = (SELECT max(seq) FROM audit_log
                 WHERE action IN ('acs.set', 'acs.training', 'acs.data-marked') AND +result = 'success')`;

export type GatewayEntry = StoredAuditEntry & { mac: Buffer; previous_mac: Buffer | null };

/**
 * Why the gateway row is not the one the trail's last entry that set it names, or null when it
 * is (or no entry set it: then only its MAC speaks). The mark of imported ACS data may have
 * been set since (the triggers set it as data is written), never cleared. An entry from before
 * entries named the row whole vouches for nothing: the row counts as altered until set again.
 */
export function gatewayRowProblem(
  row: Row | undefined,
  entry: Pick<GatewayEntry, 'seq' | 'action' | 'details'> | undefined,
): string | null {
  if (!entry) return null;
  const where = `its last setting (audit entry ${entry.seq}, ${entry.action})`;
  if (!row) return `the ACS gateway row is gone, but ${where} set it`;
  const details = JSON.parse(entry.details) as { row?: GatewayRowIdentity; after?: unknown };
  const now = gatewayRowIdentity(row);
  // An entry from before entries named the row whole (URL only, or the training mark only)
  // cannot tell an older row put back from the current one: it vouches for nothing, and the
  // gateway must be set again.
  if (!details.row)
    return `${where} is from before settings named the whole row, so it cannot vouch for this one: set the ACS again (desk-admin acs set, or acs training on a training database)`;
  const { acsData, ...rest } = details.row;
  const wanted: Partial<GatewayRowIdentity> = rest;
  if (acsData && !now.acsData)
    return `the ACS gateway row lost the mark of imported ACS data that ${where} recorded`;
  const differs = (Object.keys(now) as (keyof GatewayRowIdentity)[]).filter(
    (field) => field in wanted && wanted[field] !== now[field],
  );
  return differs.length === 0
    ? null
    : `the ACS gateway row is not the one ${where} set (${differs.join(', ')} differ: an older row put back?)`;
}

/**
 * What the key store records of a row (keys/gateway-head.ts): SHA-256 of its identity without
 * the mark of imported ACS data (the triggers set it as data is written, without a new entry),
 * which is kept beside it.
 */
export function gatewayRowDigest(row: Row): string {
  const { acsData: _mark, ...identity } = gatewayRowIdentity(row);
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex');
}

/**
 * Why the gateway row is not the one the key store's head names, or null when it is. No head:
 * only a row that says nothing (no URL, no training mark, no ACS data) passes — a row set before
 * the key store kept heads, or whose head was never written (the process stopped between the
 * commit and the key store), must be set again.
 */
export function gatewayHeadProblem(row: Row | undefined, head: GatewayHead | null): string | null {
  if (!head) {
    if (!row || (row.url === null && row.training === 0 && row.acs_data === 0)) return null;
    return 'the key store records no setting of the ACS gateway row (set before it kept one, or the setting did not finish): set the ACS again (desk-admin acs set, or acs training on a training database)';
  }
  const where = `the setting the key store records (audit entry ${head.seq})`;
  if (!row) return `the ACS gateway row is gone, but ${where} wrote it`;
  if (head.acsData && row.acs_data !== 1)
    return `the ACS gateway row lost the mark of imported ACS data that ${where} recorded`;
  return gatewayRowDigest(row) === head.rowSha256
    ? null
    : `the ACS gateway row is not the one ${where} wrote (an older row put back?)`;
}

interface Actor {
  at: Date;
  origin: string;
  operatorId: number | null;
  username: string | null;
}

const SEAL_PURPOSE = 'verification';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function sealKey(secret: Buffer): Buffer {
  return Buffer.from(
    hkdfSync('sha256', secret, 'verify-desk acs secrets v1', 'acs-gateway secrets', 32),
  );
}

/** iv (12) | tag (16) | ciphertext; the field's name and the key id are authenticated too. */
export function sealSecret(secret: Buffer, keyId: string, field: string, value: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealKey(secret), iv);
  cipher.setAAD(Buffer.from(`acs_gateway.${field}:${keyId}`, 'utf8'));
  const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

export function openSecret(secret: Buffer, keyId: string, field: string, sealed: Buffer): string {
  try {
    const decipher = createDecipheriv('aes-256-gcm', sealKey(secret), sealed.subarray(0, 12));
    decipher.setAAD(Buffer.from(`acs_gateway.${field}:${keyId}`, 'utf8'));
    decipher.setAuthTag(sealed.subarray(12, 28));
    return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    throw new AcsSettingsError(
      `The ACS ${field.replaceAll('_', ' ')} does not open with the key store's keys: set it again with desk-admin acs set.`,
    );
  }
}

/** Checks what `acs set` is given before anything is stored. */
export function checkSettings(input: AcsSettingsInput): AcsSettingsInput {
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    throw new AcsSettingsError(`"${input.url}" is not a URL.`);
  }
  if (url.protocol !== 'https:') throw new AcsSettingsError('The ACS URL must be https.');
  if (url.username || url.password) {
    throw new AcsSettingsError('The ACS URL must not carry a user or password.');
  }
  if (input.caPem !== undefined) {
    try {
      new X509Certificate(input.caPem);
    } catch {
      throw new AcsSettingsError('The CA file is not a PEM certificate.');
    }
  }
  if ((input.clientCertPem === undefined) !== (input.clientKeyPem === undefined)) {
    throw new AcsSettingsError('A client certificate and its key go together.');
  }
  if (input.clientCertPem !== undefined && input.clientKeyPem !== undefined) {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(input.clientCertPem);
    } catch {
      throw new AcsSettingsError('The client certificate is not a PEM certificate.');
    }
    let key;
    try {
      key = createPrivateKey(input.clientKeyPem);
    } catch {
      throw new AcsSettingsError('The client key is not a PEM private key.');
    }
    if (!cert.checkPrivateKey(key))
      throw new AcsSettingsError('The client key is not the certificate’s key.');
  }
  if (input.token !== undefined && !/^[\x21-\x7e]{16,4096}$/u.test(input.token)) {
    throw new AcsSettingsError('A bearer token is 16 or more printable characters.');
  }
  if (input.clientCertPem === undefined && input.token === undefined) {
    throw new AcsSettingsError('Give a client certificate and key, or a bearer token.');
  }
  return input;
}

export function createAcsSettingsStore(db: Db, keys: KeyProvider) {
  const read = db.prepare<[], Row>('SELECT * FROM acs_gateway WHERE id = 1');
  const rowKeys = rowKeysOf(keys);
  // Nothing deletes the row once it was written and audited: gone while the trail says it was
  // set, it was deleted in the file (with what it said: a training mark, the mark of imported
  // data). Put back older, it differs from the trail's last word on it.
  const lastEntry = db.prepare<[], GatewayEntry>(LAST_GATEWAY_ENTRY_SQL);
  /** The last entry setting the row, when its chain MAC verifies; 'forged' when it does not. */
  const lastWord = (): GatewayEntry | undefined | 'forged' => {
    const entry = lastEntry.get();
    if (!entry) return undefined;
    const { mac, previous_mac: previous, ...stored } = entry;
    const before = entry.seq === 1 ? GENESIS_MAC : previous;
    if (!Buffer.isBuffer(before) || !Buffer.isBuffer(mac)) return 'forged';
    let secret: Buffer;
    try {
      secret = keys.byId('audit', entry.key_id).secret;
    } catch (error) {
      if (error instanceof KeyError) return 'forged';
      throw error;
    }
    const want = chainMac(secret, before, stored);
    return want.length === mac.length && timingSafeEqual(want, mac) ? entry : 'forged';
  };
  /** What the key store says of the row, or why it cannot say (a locked keychain). */
  const headProblem = (row: Row | undefined): string | null => {
    if (!keys.gatewayHead) return null; // keys held only in memory: the trail alone speaks
    let head: GatewayHead | null;
    try {
      head = keys.gatewayHead.read();
    } catch (error) {
      return `the ${keys.gatewayHead.where} could not be read (${(error as Error).message})`;
    }
    return gatewayHeadProblem(row, head);
  };
  /** The key store is there, readable, and names no row yet. */
  const noHead = (): boolean => {
    try {
      return keys.gatewayHead !== undefined && keys.gatewayHead.read() === null;
    } catch {
      return false;
    }
  };
  /** Why the row is not used, or null when it is sealed or none is set. */
  const problemOf = (row: Row | undefined): string | null => {
    const word = lastWord();
    if (word === 'forged') return 'the last audit entry that set it does not verify';
    const problem = gatewayRowProblem(row, word) ?? headProblem(row);
    if (problem !== null) return problem;
    if (!row) return null;
    if (!sealedRowHolds(rowKeys, 'acs_gateway', row)) return 'the row does not match its MAC';
    if (row.acs_data === 1) keepMark(row);
    return null;
  };
  /**
   * The mark of imported ACS data is set by the triggers as an import writes (the batch that
   * set it records it: acs.data-marked, then the key store once it commits). A sealed row that
   * gained it while the key store's head does not say so yet (an import stopped between that
   * commit and the key store) has it recorded at once: the mark only ever restricts, and once recorded, the row
   * put back without it is caught. A key store that cannot be written now is tried again at
   * the next read.
   */
  const keepMark = (row: Row) => {
    const store = keys.gatewayHead;
    if (!store) return;
    const unmarked = () => {
      const head = store.read();
      return head && !head.acsData && head.rowSha256 === gatewayRowDigest(row) ? head : null;
    };
    const record = () => {
      const head = unmarked();
      if (head) store.write({ ...head, acsData: true });
    };
    try {
      if (!unmarked()) return;
      // Under the database's write lock, as every writer of the key store is: one rewrite of
      // the key document at a time. A read-only connection (acs status) cannot take it and
      // leaves the mark to the next console or desk-admin that can.
      if (db.readonly) return;
      if (inCallersTransaction(db)) record();
      else {
        // A read scope (a lock status's reads) holds no write lock: end it, and take one.
        endReadScope(db);
        db.transaction(record).immediate();
      }
    } catch {
      // Read again at the next use.
    }
  };
  const sealOf = (row: Row | undefined): AcsSettingsSeal =>
    problemOf(row) !== null ? 'altered' : row ? 'sealed' : 'none';
  /**
   * After a write of the row committed (AuditTrail.afterCommit): records in the key store the
   * row as entry `seq` wrote it, under the database's write lock, when the row and the trail's
   * last setting are still those. When another process wrote since, its own step records its
   * row. A key store that cannot be written leaves the older head, and the row is refused until
   * set again: the error says so.
   */
  const recordHead = (seq: number) => () => {
    const store = keys.gatewayHead;
    if (!store) return;
    db.transaction(() => {
      const row = read.get();
      const word = lastWord();
      if (!row || word === undefined || word === 'forged' || word.seq !== seq) return;
      if (gatewayRowProblem(row, word) !== null || !sealedRowHolds(rowKeys, 'acs_gateway', row))
        return;
      try {
        store.write({ seq, rowSha256: gatewayRowDigest(row), acsData: row.acs_data === 1 });
      } catch (error) {
        throw new AcsSettingsError(
          `The ACS gateway settings were saved (audit entry ${seq}), but the ${store.where} could not record them (${(error as Error).message}): they are not used until set again once it can be written.`,
        );
      }
    }).immediate();
  };
  const lastSeq = db.prepare<[], { seq: number }>('SELECT max(seq) AS seq FROM audit_log');
  /** The entry just appended in this transaction: its head is recorded once it commits. */
  const recordHeadAfterCommit = (audit: Pick<AuditTrail, 'afterCommit'>) =>
    audit.afterCommit(recordHead(lastSeq.get()!.seq));
  const upsert = db.prepare(
    `INSERT INTO acs_gateway (id, url, ca_pem, client_cert_pem, client_key_sealed, token_sealed,
                              seal_key_id, updated_at)
     VALUES (1, @url, @ca, @cert, @key, @token, @keyId, @at)
     ON CONFLICT (id) DO UPDATE SET url = excluded.url, ca_pem = excluded.ca_pem,
       client_cert_pem = excluded.client_cert_pem, client_key_sealed = excluded.client_key_sealed,
       token_sealed = excluded.token_sealed, seal_key_id = excluded.seal_key_id,
       updated_at = excluded.updated_at`,
  );
  const setTraining = db.prepare<[number, string]>(
    `INSERT INTO acs_gateway (id, training, updated_at) VALUES (1, ?, ?)
     ON CONFLICT (id) DO UPDATE SET training = excluded.training, updated_at = excluded.updated_at`,
  );
  // A row that fails its seal is dropped before a new one is written: its update trigger would
  // not seal a change to it (a forgery stays forged), and nothing of it may be carried over.
  const dropRow = db.prepare('DELETE FROM acs_gateway WHERE id = 1');
  /** Drops the row when it fails its seal; says whether it did. Inside the caller's transaction. */
  const dropAltered = (): boolean => {
    if (sealOf(read.get()) !== 'altered') return false;
    dropRow.run();
    return true;
  };
  const holdsRawAcsData = () => (importedAcsData.get()?.n ?? 0) > 0;
  /** After a new row replaced one: the mark of imported data as the data says. */
  const remark = (replaced: boolean) => {
    if (replaced && holdsRawAcsData()) markAcsData.run();
  };
  const importedAcsData = db.prepare<[], { n: number }>(
    `SELECT EXISTS (SELECT 1 FROM cards WHERE acs_card_ref IS NOT NULL)
         OR EXISTS (SELECT 1 FROM lockouts WHERE external_id IS NOT NULL) AS n`,
  );
  // The mark of imported ACS data (migration 017's triggers set it as the data is written), set
  // again on a new row when the data is there.
  const markAcsData = db.prepare(
    'UPDATE acs_gateway SET acs_data = 1 WHERE id = 1 AND acs_data = 0',
  );

  function summaryOf(row: Row | undefined): AcsSettingsSummary {
    return {
      url: row?.url ?? null,
      caSha256: row?.ca_pem ? sha256(row.ca_pem) : null,
      clientCertSha256: row?.client_cert_pem ? sha256(row.client_cert_pem) : null,
      clientKey: row?.client_key_sealed != null,
      token: row?.token_sealed != null,
      training: row?.training === 1,
    };
  }

  /** The row when it verifies; null when none is set; AcsSettingsAlteredError when it does not. */
  const sealedRow = (): Row | null => {
    const row = read.get();
    const problem = problemOf(row);
    if (problem !== null) throw new AcsSettingsAlteredError(problem);
    return row ?? null;
  };

  return {
    /** What is set, as the row says — shown even when it fails its seal (see seal()). */
    summary: (): AcsSettingsSummary => summaryOf(read.get()),

    /** Whether the row verifies: a row that does not is never used. */
    seal: (): AcsSettingsSeal => sealOf(read.get()),

    /** Why the row is not used (it is 'altered'), or null. */
    problem: (): string | null => problemOf(read.get()),

    /** Whether this is a training database: only a sealed row says so. */
    training: (): boolean => sealedRow()?.training === 1,

    /**
     * Whether the database holds (or once held) ACS data from an import: the sealed mark, or
     * the data itself. Clearing every reference in the file does not clear the mark.
     */
    holdsImportedAcsData: (): boolean => sealedRow()?.acs_data === 1 || holdsRawAcsData(),

    /** The network gateway's settings with their secrets opened, or null when none is set. */
    networkConfig(): NetworkAcsConfig | null {
      const row = sealedRow();
      if (!row?.url) return null;
      const opened = (field: string, sealed: Buffer | null) =>
        sealed && row.seal_key_id
          ? openSecret(
              keys.byId(SEAL_PURPOSE, row.seal_key_id).secret,
              row.seal_key_id,
              field,
              sealed,
            )
          : undefined;
      return {
        url: row.url,
        ...(row.ca_pem ? { ca: row.ca_pem } : {}),
        ...(row.client_cert_pem ? { clientCert: row.client_cert_pem } : {}),
        ...optional('clientKey', opened('client_key', row.client_key_sealed)),
        ...optional('token', opened('token', row.token_sealed)),
      };
    },

    /**
     * Sets the network gateway (checked first), with its audit entry, in one transaction.
     * `replaced`: the row before failed its seal and was replaced (its training mark too).
     */
    set(
      audit: Pick<AuditTrail, 'append' | 'transact' | 'afterCommit'>,
      actor: Actor,
      input: AcsSettingsInput,
    ): { replaced: boolean } {
      const checked = checkSettings(input);
      const key = keys.current(SEAL_PURPOSE);
      return audit.transact(() => {
        const before = summaryOf(read.get());
        const replaced = dropAltered();
        upsert.run({
          url: checked.url,
          ca: checked.caPem ?? null,
          cert: checked.clientCertPem ?? null,
          key: checked.clientKeyPem
            ? sealSecret(key.secret, key.id, 'client_key', checked.clientKeyPem)
            : null,
          token: checked.token ? sealSecret(key.secret, key.id, 'token', checked.token) : null,
          keyId: key.id,
          at: actor.at.toISOString(),
        });
        remark(replaced);
        audit.append({
          ...actor,
          action: 'acs.set',
          subjectType: null,
          subjectId: null,
          result: 'success',
          details: {
            before: before.url ? before : null,
            after: summaryOf(read.get()),
            row: gatewayRowIdentity(read.get()!),
            ...(replaced ? { replaced: 'altered-row' } : {}),
          },
        });
        recordHeadAfterCommit(audit);
        return { replaced };
      });
    },

    /**
     * After an import: when the import marked the database as holding ACS data (or made the
     * row), the trail records the row as it now is (acs.data-marked), so the row deleted or put
     * back unmarked later — references cleared with it — is caught as on a database where an
     * administrator set it. Nothing is recorded for a row that fails its seal. In the caller's
     * transact; true when it recorded. The key store records the row once it commits.
     */
    recordImportedMark(audit: Pick<AuditTrail, 'append' | 'afterCommit'>, actor: Actor): boolean {
      const row = read.get();
      if (!row || row.acs_data !== 1 || !sealedRowHolds(rowKeys, 'acs_gateway', row)) return false;
      const word = lastWord();
      if (word === 'forged' || gatewayRowProblem(row, word) !== null) return false;
      if (word) {
        const { row: named } = JSON.parse(word.details) as { row?: GatewayRowIdentity };
        if (named?.acsData === true) {
          // The trail names the marked row already. A key store that names no row at all (the
          // import that wrote the entry was stopped between its commit and the key store) is
          // given this one now: the entry holds and the row is the one it names.
          if (noHead()) audit.afterCommit(recordHead(word.seq));
          return false;
        }
      }
      // The key store must name this row already — or, where it names none, the row must be
      // the one the import's triggers made, saying nothing but the mark. Never an older row
      // put back: this entry and its head would launder it.
      if (headProblem(row) !== null && !(noHead() && row.url === null && row.training === 0))
        return false;
      audit.append({
        ...actor,
        action: 'acs.data-marked',
        subjectType: null,
        subjectId: null,
        result: 'success',
        details: { row: gatewayRowIdentity(row) },
      });
      recordHeadAfterCommit(audit);
      return true;
    },

    /** Marks (or unmarks) a training database, which may use the embedded gateway. Audited. */
    markTraining(
      audit: Pick<AuditTrail, 'append' | 'transact' | 'afterCommit'>,
      actor: Actor,
      training: boolean,
    ): { replaced: boolean } {
      return audit.transact(() => {
        const before = summaryOf(read.get()).training;
        const replaced = dropAltered();
        setTraining.run(training ? 1 : 0, actor.at.toISOString());
        remark(replaced);
        audit.append({
          ...actor,
          action: 'acs.training',
          subjectType: null,
          subjectId: null,
          result: 'success',
          details: {
            before,
            after: training,
            row: gatewayRowIdentity(read.get()!),
            ...(replaced ? { replaced: 'altered-row' } : {}),
          },
        });
        recordHeadAfterCommit(audit);
        return { replaced };
      });
    },
  };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

export type AcsSettingsStore = ReturnType<typeof createAcsSettingsStore>;
