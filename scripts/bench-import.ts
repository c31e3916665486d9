/**
 * The import's speed, run by `npm run bench` (and alone: `node scripts/bench-import.ts`):
 * lines per second for each record type through desk-admin import's own code (validation,
 * masks and keyed hashes, upserts with as-of checks, batches that record progress), as a
 * ratio against bare INSERTs of the same rows in one transaction; and verification facts
 * per second against the limit of cores ÷ one scrypt.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCliIo } from '../main/cli/cli-io.ts';
import { main as deskAdmin } from '../main/cli/desk-admin.ts';
import { createAuditTrail } from '../main/core/audit/audit-trail.ts';
import { defaultAnchorPath } from '../main/core/audit/checkpoint-anchor.ts';
import { manualClock } from '../main/core/clock.ts';
import { openDatabase } from '../main/core/db/connection.ts';
import { runImport } from '../main/core/import/importer.ts';
import { readKeyBinding } from '../main/core/keys/database-key-binding.ts';
import { openKeyProvider } from '../main/core/keys/open-key-provider.ts';
import { hashVerificationPair } from '../main/core/verification/verification-hash.ts';
import { luhnCheckDigit } from '../shared/cards/luhn.ts';

const HOLDERS = 4000;
const ATTEMPTS_PER_CARD = 5;
const VERIFIED = 200;
const asOf = '2026-11-20T00:00:00Z';

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const pan = (i: number) => {
  const partial = `411111${pad(i, 9)}`;
  return `${partial}${luhnCheckDigit(partial)}`;
};

/** One file per record type, so each is timed alone. */
function files(dir: string): Record<string, { path: string; lines: number }> {
  const make = (name: string, count: number, line: (i: number) => object) => {
    const path = join(dir, `${name}.jsonl`);
    const text = Array.from({ length: count }, (_, i) => JSON.stringify(line(i))).join('\n');
    writeFileSync(path, `${text}\n`);
    return { path, lines: count };
  };
  return {
    cardholder: make('cardholders', HOLDERS, (i) => ({
      type: 'cardholder',
      id: `B-H-${pad(i, 6)}`,
      customerRef: `CR${pad(50_000_000 + i, 8)}`,
      name: '山田 太郎',
      nameLatin: 'Yamada Taro',
      surname: '山田',
      surnameReadings: ['やまだ', 'Yamada'],
      asOf,
    })),
    card: make('cards', HOLDERS, (i) => ({
      type: 'card',
      id: `B-C-${pad(i, 6)}`,
      cardholderId: `B-H-${pad(i, 6)}`,
      cardNumber: pan(i),
      product: 'gold',
      asOf,
    })),
    contact: make('contacts', HOLDERS, (i) => ({
      type: 'contact',
      cardholderId: `B-H-${pad(i, 6)}`,
      kind: 'mobile',
      value: `090${pad(i, 8)}`,
      status: 'verified',
      asOf,
    })),
    lockout: make('lockouts', HOLDERS, (i) => ({
      type: 'lockout',
      id: `B-L-${pad(i, 6)}`,
      cardId: `B-C-${pad(i, 6)}`,
      cause: 'wrong_codes',
      since: '2026-11-19T23:00:00Z',
      until: '2026-11-19T23:30:00Z',
      asOf,
    })),
    attempt: make('attempts', HOLDERS * ATTEMPTS_PER_CARD, (i) => ({
      type: 'attempt',
      id: `B-A-${pad(i, 7)}`,
      cardId: `B-C-${pad(Math.floor(i / ATTEMPTS_PER_CARD), 6)}`,
      at: '2026-11-19T22:00:00Z',
      merchantName: 'Bench Store',
      amountMinor: 1200,
      currency: 'JPY',
      method: 'sms',
      destination: `090${pad(Math.floor(i / ATTEMPTS_PER_CARD), 8)}`,
      delivery: 'delivered',
      outcome: 'wrong-code',
      transStatus: 'N',
      acsTransId: `acs-${i}`,
      dsTransId: `ds-${i}`,
      asOf,
    })),
    verification: make('verification', VERIFIED, (i) => ({
      type: 'verification',
      cardholderId: `B-H-${pad(i, 6)}`,
      dateOfBirth: '1980-04-12',
      postcode: '100-0001',
      asOf,
    })),
  };
}

/** Lines per second by record type. */
export async function benchImport(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'verify-desk-bench-import-'));
  try {
    const dbPath = join(dir, 'import.db');
    // The key file in a folder of its own, as desk-admin init requires.
    mkdirSync(join(dir, 'keys'), { mode: 0o700 });
    const keyFile = join(dir, 'keys', 'import.key');
    const io = createCliIo({ stdout: { write: () => true }, stderr: process.stderr, env: {} });
    if ((await deskAdmin(['init', '--db', dbPath, '--key-file', keyFile], io)) !== 0)
      throw new Error('init failed');
    const inputs = files(dir);
    const db = openDatabase(dbPath);
    const keys = openKeyProvider({ keyFile, ...readKeyBinding(db) });
    const clock = manualClock('2026-11-20T01:00:00.000Z');
    const audit = createAuditTrail(db, keys, defaultAnchorPath(dbPath), { clock });
    const rows: Record<string, string | number>[] = [];
    const rates: Record<string, number> = {};
    for (const [type, input] of Object.entries(inputs)) {
      const started = performance.now();
      const result = await runImport({ db, keys, audit, clock, origin: 'bench', file: input.path });
      const seconds = (performance.now() - started) / 1000;
      if (result.counts[type]?.inserted !== input.lines)
        throw new Error(`${type}: not every line was imported (${JSON.stringify(result.counts)})`);
      rates[type] = input.lines / seconds;
      rows.push({ type, lines: input.lines, 'lines/s': Math.round(rates[type]) });
    }
    db.close();

    // The same rows as bare INSERTs in one transaction, on a copy of the schema.
    const rawPath = join(dir, 'raw.db');
    const raw = openDatabase(rawPath, { create: true });
    raw.function('desk_row_key_id', () => 'raw');
    raw.function('desk_row_mac', { varargs: true }, () => Buffer.alloc(32));
    raw.function('desk_row_holds', { varargs: true }, () => 1);
    const attempts = HOLDERS * ATTEMPTS_PER_CARD;
    raw.transaction(() => {
      const holder = raw.prepare(
        `INSERT INTO cardholders (public_id, customer_ref, name, name_latin, created_at)
         VALUES (?, ?, '山田 太郎', 'Yamada Taro', ?)`,
      );
      const card = raw.prepare(
        `INSERT INTO cards (public_id, cardholder_id, product, brand, last4, pan_hash, pan_key_id, created_at)
         VALUES (?, ?, 'gold', 'VISA', '1111', randomblob(32), 'k', ?)`,
      );
      for (let i = 0; i < HOLDERS; i++) {
        const id = holder.run(`h${i}`, `CR${pad(60_000_000 + i, 8)}`, asOf).lastInsertRowid;
        card.run(`c${i}`, id, asOf);
      }
    })();
    const baseStarted = performance.now();
    raw.transaction(() => {
      const attempt = raw.prepare(
        `INSERT INTO auth_attempts (card_id, at, merchant, amount_minor, currency, method,
           destination_masked, destination_hash, destination_key_id, delivery, outcome,
           trans_status, acs_trans_id, ds_trans_id)
         VALUES (?, ?, 'Bench Store', 1200, 'JPY', 'sms', '+81 •• •••• ••11', randomblob(32), 'k',
           'delivered', 'wrong-code', 'N', ?, ?)`,
      );
      for (let i = 0; i < attempts; i++)
        attempt.run(1 + Math.floor(i / ATTEMPTS_PER_CARD), asOf, `acs-${i}`, `ds-${i}`);
    })();
    const rawAttemptsPerSecond = attempts / ((performance.now() - baseStarted) / 1000);
    raw.close();

    // One scrypt at the verification cost, alone: the limit is cores ÷ that.
    const one = performance.now();
    for (let i = 0; i < 5; i++) await hashVerificationPair(keys, '1980-04-12', '1000001');
    const scryptSeconds = (performance.now() - one) / 1000 / 5;
    const limit = availableParallelism() / scryptSeconds;

    console.log('\nImport (desk-admin import, one file per record type):');
    console.table(rows);
    console.log(
      `attempts: import / bare INSERT = ${(rawAttemptsPerSecond / rates.attempt!).toFixed(1)}× the time (${Math.round(rawAttemptsPerSecond)} bare INSERTs/s)`,
    );
    console.log(
      `verification facts: ${Math.round(rates.verification!)}/s against the limit of ${availableParallelism()} cores ÷ one scrypt (${(scryptSeconds * 1000).toFixed(0)} ms) = ${Math.round(limit)}/s (${Math.round((100 * rates.verification!) / limit)}%)`,
    );
    return rates;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) await benchImport();
