/**
 * Operator password hashes are peppered with the key store's password key
 * (operators/password.ts): whoever has the database file alone (a copied backup, a stolen
 * laptop's file) cannot test guesses offline. The hash checks only with the keys.
 */
import { scryptSync } from 'node:crypto';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { demoOperator } from '../../../main/core/demo/demo-operators.ts';
import { openKeyFile } from '../../../main/core/keys/key-file.ts';
import { createKeySet, keySetProvider } from '../../../main/core/keys/key-set.ts';
import { verifyPassword } from '../../../main/core/operators/password.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';

const demoCore = useDemoCore({ cardholders: 12 });

describe('operator passwords cannot be guessed offline from the file alone', () => {
  it("a dictionary run against the lead's row finds nothing without the key store", async () => {
    const lead = demoOperator('lead');
    const desk = await demoCore();
    const db = new Database(desk.dbPath, { readonly: true });
    const { password_hash: stored } = db
      .prepare('SELECT password_hash FROM operators WHERE username = ?')
      .get(lead.username) as { password_hash: string };
    db.close();
    const dictionary = ['Password1234', 'Welcome2026!', lead.password, 'Summer2026abc'];

    // What the file says of the hash: its cost, salt and hash, and only the id of its key.
    const match =
      /^scrypt\$k=(password-[0-9a-f]{12}),ln=(\d+),r=(\d+),p=(\d+)\$([^$]+)\$([^$]+)$/u.exec(
        stored,
      );
    expect(match).not.toBeNull();
    const [, keyId, ln, r, p, salt, hash] = match!;
    // scrypt over each guess with that salt and cost, as an attacker with the file would run it.
    const offline = dictionary.filter((guess) =>
      scryptSync(guess.normalize('NFKC'), Buffer.from(salt!, 'base64'), 32, {
        N: 2 ** Number(ln),
        r: Number(r),
        p: Number(p),
      }).equals(Buffer.from(hash!, 'base64')),
    );
    expect(offline).toEqual([]);
    // Keys of another store (none of them the database's) check nothing either.
    const otherKeys = keySetProvider(createKeySet(), 'another key store');
    const withOther: string[] = [];
    for (const guess of dictionary)
      if (await verifyPassword(guess, stored, otherKeys)) withOther.push(guess);
    expect(withOther).toEqual([]);

    // With the database's key store, the lead's own password is the one that matches.
    const keys = openKeyFile(desk.keyFile);
    expect(keys.byId('password', keyId!).id).toBe(keyId);
    const withKeys: string[] = [];
    for (const guess of dictionary)
      if (await verifyPassword(guess, stored, keys)) withKeys.push(guess);
    expect(withKeys).toEqual([lead.password]);
  });
});
