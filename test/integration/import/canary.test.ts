/**
 * Least reveal against input nobody here wrote: an import file full of canary card numbers,
 * emails, mobiles, dates of birth and postcodes (one card keyed by its own card number), and
 * files with otp / auth_code / cvv / 暗証番号 fields (one as an ignored CSV column). After the
 * runs every byte of the database, its WAL and shm, the anchors, the key file, the reports,
 * stdout and stderr is searched for every canary in every form it could take: none may be
 * there. The last test plants one on purpose and shows the search finds it.
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { deskAdmin, newDatabase } from './import-harness.ts';

const tempDir = useTempDir('verify-desk-import-canary-');

const PAN = '4929381122334455';
const PAN_AS_ID = '5400123498765432';
const EMAIL = 'canary.k7q2@example.jp';
const DEST_EMAIL = 'dest.z9w4@example.com';
const MOBILE = '090-7391-2846';
const PENDING_MOBILE = '080-5521-9037';
const DOB = '1969-08-17';
const POSTCODE = '731-0521';
const OTP = '48291376';
const AUTH_CODE = 'ZX81QPK7';
const CVV = '9471';
const PIN = '5039';

/** Every form a canary could be written in. */
const CANARIES: Record<string, string[]> = {
  pan: [PAN, '4929 3811 2233 4455', '4929-3811-2233-4455', '492938112233'],
  panAsId: [PAN_AS_ID, '5400 1234 9876 5432', '5400-1234-9876-5432', '540012349876'],
  email: [EMAIL, 'canary.k7q2'],
  destEmail: [DEST_EMAIL, 'dest.z9w4'],
  mobile: ['09073912846', '+819073912846', '9073912846', '7391-2846', '73912846'],
  pendingMobile: ['08055219037', '+818055219037', '8055219037', '5521-9037', '55219037'],
  dob: [DOB, '19690817', '1969/08/17', '1969/8/17'],
  postcode: ['7310521', POSTCODE],
  otp: [OTP],
  authCode: [AUTH_CODE],
  // Four characters are too short to search binary pages for without chance hits: the
  // refused files' short values are searched in text (reports, output, anchors) only.
  cvv: [CVV],
  pin: [PIN],
};
const SHORT = new Set(['cvv', 'pin']);

const asOf = '2026-11-19T22:00:00Z';

function canaryFile(): string {
  const lines = [
    {
      type: 'cardholder',
      id: 'CAN-H-1',
      customerRef: 'CR91000001',
      name: '鈴木 花',
      nameLatin: 'Suzuki Hana',
      surname: '鈴木',
      surnameReadings: ['すずき', 'Suzuki'],
      preferredLanguage: 'ja',
      asOf,
    },
    {
      type: 'card',
      id: 'CAN-C-1',
      cardholderId: 'CAN-H-1',
      cardNumber: '4929 3811 2233 4455',
      product: 'gold',
      asOf,
    },
    // Keyed by its own card number: refused, and the id is not repeated anywhere.
    {
      type: 'card',
      id: PAN_AS_ID,
      cardholderId: 'CAN-H-1',
      cardNumber: PAN_AS_ID,
      product: 'classic',
      asOf,
    },
    {
      type: 'contact',
      cardholderId: 'CAN-H-1',
      kind: 'mobile',
      value: MOBILE,
      status: 'verified',
      pending: { value: PENDING_MOBILE, effectiveAt: '2026-11-23T00:00:00Z' },
      asOf,
    },
    {
      type: 'contact',
      cardholderId: 'CAN-H-1',
      kind: 'email',
      value: EMAIL,
      status: 'verified',
      asOf,
    },
    { type: 'verification', cardholderId: 'CAN-H-1', dateOfBirth: DOB, postcode: POSTCODE, asOf },
    {
      type: 'attempt',
      id: 'CAN-A-1',
      cardId: 'CAN-C-1',
      at: '2026-11-20T00:40:00Z',
      merchantName: 'Canary Shop',
      amountMinor: 1000,
      currency: 'JPY',
      method: 'email',
      destination: DEST_EMAIL,
      delivery: 'delivered',
      outcome: 'wrong-code',
      transStatus: 'N',
      acsTransId: 'acs-can-1',
      dsTransId: 'ds-can-1',
      asOf,
    },
    // An unknown field holding a card number: the line is quarantined, the value not shown.
    { type: 'cardholder', id: 'CAN-H-2', fullPan: PAN, asOf },
  ].map((record) => JSON.stringify(record));
  // Broken JSON around an email address and a card number: quarantined as not JSON.
  lines.push(`{"type":"contact","value":"${EMAIL}" ${PAN}`);
  return `${lines.join('\n')}\n`;
}

function secretsFile(): string {
  const base = { type: 'attempt', id: 'CAN-A-2', cardId: 'CAN-C-1', asOf };
  return [
    JSON.stringify({ ...base, cardNumber: PAN }),
    JSON.stringify({ ...base, otp: OTP }),
    JSON.stringify({ ...base, auth_code: AUTH_CODE }),
    JSON.stringify({ ...base, cvv: CVV }),
    JSON.stringify({ ...base, 暗証番号: PIN }),
  ].join('\n');
}

const CSV = `カードID,会員ID,カード番号,商品,基準時刻,OTP\nCAN-C-9,CAN-H-1,${PAN},gold,${asOf},${OTP}\n`;
const CSV_MAPPING = {
  type: 'card',
  columns: {
    カードID: 'id',
    会員ID: 'cardholderId',
    カード番号: 'cardNumber',
    商品: 'product',
    基準時刻: 'asOf',
    OTP: null,
  },
};

interface Finding {
  where: string;
  canary: string;
  form: string;
}

/** Every canary form found in every place, as UTF-8 and as UTF-16. */
export function findCanaries(places: Record<string, Buffer>): Finding[] {
  const found: Finding[] = [];
  for (const [where, bytes] of Object.entries(places)) {
    const binary = !/\.(txt|json|anchors)$|^std/u.test(where);
    for (const [canary, forms] of Object.entries(CANARIES)) {
      if (binary && SHORT.has(canary)) continue;
      for (const form of forms)
        for (const encoding of ['utf8', 'utf16le'] as const)
          if (bytes.includes(Buffer.from(form, encoding))) found.push({ where, canary, form });
    }
  }
  return found;
}

describe('import keeps no canary in clear', () => {
  it('finds no canary in the database, WAL, shm, anchors, key file, reports or output', () => {
    const dir = tempDir();
    const target = newDatabase(dir);
    const files = {
      canary: join(dir, 'canary.jsonl'),
      secrets: join(dir, 'secrets.jsonl'),
      csv: join(dir, 'cards.csv'),
      mapping: join(dir, 'cards.mapping.json'),
    };
    writeFileSync(files.canary, canaryFile());
    writeFileSync(files.secrets, secretsFile());
    writeFileSync(files.csv, CSV);
    writeFileSync(files.mapping, JSON.stringify(CSV_MAPPING));

    // A reader kept open: the WAL and shm stay on disk after desk-admin exits, to be searched.
    const reader = new Database(target.dbPath, { readonly: true });
    try {
      reader.prepare('SELECT count(*) FROM cardholders').get();
      const common = ['--db', target.dbPath, '--key-file', target.keyFile];
      const reports = {
        canary: join(dir, 'canary.report.json'),
        secrets: join(dir, 'secrets.report.json'),
        csv: join(dir, 'csv.report.json'),
        dry: join(dir, 'dry.report.json'),
      };
      const runs = {
        dry: deskAdmin('import', ...common, files.canary, '--dry-run', '--report', reports.dry),
        canary: deskAdmin('import', ...common, files.canary, '--report', reports.canary),
        secrets: deskAdmin('import', ...common, files.secrets, '--report', reports.secrets),
        csv: deskAdmin(
          'import',
          ...common,
          files.csv,
          '--mapping',
          files.mapping,
          '--report',
          reports.csv,
        ),
      };
      expect(runs.canary.status, runs.canary.stderr).toBe(0);
      expect(runs.dry.status, runs.dry.stderr).toBe(0);
      // The secret fields refuse their files whole, naming field and line.
      expect(runs.secrets.status).toBe(1);
      expect(runs.secrets.stdout).toMatch(/field "otp" on line 2/u);
      expect(runs.csv.status).toBe(1);
      expect(runs.csv.stdout).toMatch(/field "OTP" on line 1/u);

      // The data went in (masked and hashed), the keyed-by-PAN card did not.
      expect(reader.prepare('SELECT count(*) AS n FROM cards').get()).toEqual({ n: 1 });
      expect(reader.prepare('SELECT masked FROM contact_points ORDER BY kind').all()).toEqual([
        { masked: 'c•••@example.jp' },
        { masked: '+81 •• •••• ••46' },
      ]);
      const report = JSON.parse(readFileSync(reports.canary, 'utf8')) as {
        quarantine: { line: number; reason: string; externalId: string | null }[];
      };
      expect(report.quarantine).toEqual([
        expect.objectContaining({ line: 3, reason: 'sensitive-external-id', externalId: null }),
        expect.objectContaining({ line: 8, reason: 'unknown-field', field: null }),
        expect.objectContaining({ line: 9, reason: 'not-json', externalId: null }),
      ]);

      const places: Record<string, Buffer> = {};
      for (const suffix of ['', '-wal', '-shm', '.anchors'])
        if (existsSync(`${target.dbPath}${suffix}`))
          places[`desk.db${suffix}`] = readFileSync(`${target.dbPath}${suffix}`);
      expect(Object.keys(places)).toEqual([
        'desk.db',
        'desk.db-wal',
        'desk.db-shm',
        'desk.db.anchors',
      ]);
      expect(places['desk.db-wal']!.length).toBeGreaterThan(0);
      places['desk.key.json'] = readFileSync(target.keyFile);
      for (const [name, path] of Object.entries(reports))
        places[`${name}.report.json`] = readFileSync(path);
      for (const [name, run] of Object.entries(runs)) {
        places[`stdout ${name}`] = Buffer.from(run.stdout);
        places[`stderr ${name}`] = Buffer.from(run.stderr);
      }
      expect(findCanaries(places)).toEqual([]);
    } finally {
      reader.close();
    }
  });

  it('the search finds a canary planted in clear (so the test above can fail)', () => {
    const dir = tempDir();
    const target = newDatabase(dir);
    writeFileSync(join(dir, 'canary.jsonl'), canaryFile());
    const run = deskAdmin(
      'import',
      '--db',
      target.dbPath,
      '--key-file',
      target.keyFile,
      join(dir, 'canary.jsonl'),
    );
    expect(run.status, run.stderr).toBe(0);
    const copy = join(dir, 'planted.db');
    copyFileSync(target.dbPath, copy);
    expect(findCanaries({ 'planted.db': readFileSync(copy) })).toEqual([]);

    // What a careless importer would do: keep the caller's mobile in clear.
    const db = new Database(copy);
    db.pragma('journal_mode = DELETE');
    db.prepare('UPDATE auth_attempts SET acs_trans_id = ?').run(`acs-${'09073912846'}`);
    db.close();
    expect(findCanaries({ 'planted.db': readFileSync(copy) })).toEqual(
      expect.arrayContaining([expect.objectContaining({ canary: 'mobile', form: '09073912846' })]),
    );
    // And in output: a report that echoed a card number.
    expect(findCanaries({ 'stdout planted': Buffer.from(`line 3: card "${PAN_AS_ID}"`) })).toEqual(
      expect.arrayContaining([expect.objectContaining({ canary: 'panAsId' })]),
    );
  });
});
