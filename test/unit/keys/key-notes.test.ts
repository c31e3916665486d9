/**
 * The key document keeps, beside the keys, the newest checkpoint line, the ACS gateway head and
 * a broken trail's mark (key-notes.ts): each writer rewrites the document whole, keeping the
 * keys and every other note, in the key file and in the keychain alike.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createKeyFile } from '../../../main/core/keys/key-file.ts';
import {
  keychainNotes,
  keyFileNotes,
  keyStoreRecords,
  type KeyNotesStore,
} from '../../../main/core/keys/key-notes.ts';
import { createKeySet } from '../../../main/core/keys/key-set.ts';
import {
  decodeKeyDocument,
  decodeKeySet,
  encodeKeySet,
} from '../../../main/core/keys/key-set-json.ts';
import { keychainAccount } from '../../../main/core/keys/keychain-keys.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { fakeKeychain } from './fake-keychain.ts';

const tempDir = useTempDir('verify-desk-key-notes-');
const MAC = 'ab'.repeat(32);

function stores(): { name: string; notes: KeyNotesStore; text: () => string }[] {
  const set = createKeySet();
  const path = join(tempDir(), 'desk.key');
  createKeyFile(path, set);
  const keychain = fakeKeychain();
  keychain.entries.set(keychainAccount('db-1'), encodeKeySet(set));
  return [
    { name: 'key file', notes: keyFileNotes(path), text: () => readFileSync(path, 'utf8') },
    {
      name: 'keychain',
      notes: keychainNotes(keychain, 'db-1'),
      text: () => keychain.entries.get(keychainAccount('db-1'))!,
    },
  ];
}

describe('notes kept beside the keys', () => {
  for (const index of [0, 1]) {
    it(`each writer keeps the keys and the others' notes (${index === 0 ? 'key file' : 'keychain'})`, () => {
      const { notes, text } = stores()[index]!;
      const keysBefore = decodeKeySet(text(), 'before');
      const records = keyStoreRecords(notes);
      records.anchorHead.write({ n: 3, seq: 7, anchorMac: MAC });
      records.gatewayHead.write({ seq: 5, rowSha256: MAC, acsData: false });
      records.trailBreak.mark({ seq: 4, foundAt: '2026-11-28T01:00:00.000Z', problem: 'x' });
      records.anchorHead.write({ n: 4, seq: 9, anchorMac: MAC });
      // A later break is not the first: the earlier one is kept.
      records.trailBreak.mark({ seq: 6, foundAt: '2026-11-28T02:00:00.000Z', problem: 'y' });
      expect(notes.read()).toEqual({
        anchorHead: { n: 4, seq: 9, anchorMac: MAC },
        gatewayHead: { seq: 5, rowSha256: MAC, acsData: false },
        trailBroken: { seq: 4, foundAt: '2026-11-28T01:00:00.000Z', problem: 'x' },
      });
      records.trailBreak.clear();
      expect(notes.read()).not.toHaveProperty('trailBroken');
      expect(notes.read().gatewayHead).toEqual({ seq: 5, rowSha256: MAC, acsData: false });
      const keysAfter = decodeKeySet(text(), 'after');
      expect(keysAfter.audit.map((key) => key.id)).toEqual(keysBefore.audit.map((key) => key.id));
    });
  }

  it('a break is recorded at a whole entry number, never null; a restore releases it and moves the watched note back', () => {
    const { notes, text } = stores()[0]!;
    const records = keyStoreRecords(notes);
    // An entry number JSON cannot hold (an anchor line's "seq": 1e400): entry 1.
    records.trailBreak.mark({ seq: Infinity, foundAt: '2026-11-28T01:00:00.000Z', problem: 'x' });
    expect(records.trailBreak.read()).toMatchObject({ seq: 1 });
    expect((JSON.parse(text()) as { trailBroken: { seq: unknown } }).trailBroken.seq).toBe(1);
    records.trailBreak.noteWatched({ seq: 9, mac: MAC, restores: 0 });
    records.trailBreak.noteWatched({ seq: 7, mac: MAC, restores: 0 }); // never backwards
    expect(records.trailBreak.watched()).toEqual({ seq: 9, mac: MAC, restores: 0 });
    records.trailBreak.restored({ seq: 5, mac: MAC }, '2026-11-28T03:00:00.000Z');
    expect(records.trailBreak.watched()).toEqual({ seq: 5, mac: MAC, restores: 1 });
    expect(records.trailBreak.read()).toMatchObject({ restoredAt: '2026-11-28T03:00:00.000Z' });
    // A watch that read the note before the restore records nothing over it.
    records.trailBreak.noteWatched({ seq: 12, mac: MAC, restores: 0 });
    expect(records.trailBreak.watched()).toEqual({ seq: 5, mac: MAC, restores: 1 });
    // A break found after the restore is a new one, whatever its entry.
    records.trailBreak.mark({ seq: 8, foundAt: '2026-11-28T04:00:00.000Z', problem: 'y' });
    expect(records.trailBreak.read()).toEqual({
      seq: 8,
      foundAt: '2026-11-28T04:00:00.000Z',
      problem: 'y',
    });
    // A mark an earlier version wrote as null stays readable (entry 1).
    const document = JSON.parse(text()) as { trailBroken: { seq: unknown } };
    document.trailBroken.seq = null;
    expect(decodeKeyDocument(JSON.stringify(document), 'old').notes.trailBroken).toMatchObject({
      seq: 1,
    });
  });

  it("the forwarder's delivered note only moves on, and a restore moves it back for good", () => {
    const { notes } = stores()[1]!;
    const records = keyStoreRecords(notes);
    records.trailBreak.noteWatched({ seq: 3, mac: MAC, restores: 0 });
    records.syslogDelivered.note({ seq: 9, mac: MAC, restores: 0 });
    records.syslogDelivered.note({ seq: 7, mac: MAC, restores: 0 }); // never backwards
    expect(records.syslogDelivered.read()).toEqual({ seq: 9, mac: MAC, restores: 0 });
    records.syslogDelivered.restored({ seq: 5, mac: MAC });
    expect(records.syslogDelivered.read()).toEqual({ seq: 5, mac: MAC, restores: 1 });
    // A forwarder that read the note before the restore records nothing over it.
    records.syslogDelivered.note({ seq: 12, mac: MAC, restores: 0 });
    expect(records.syslogDelivered.read()).toEqual({ seq: 5, mac: MAC, restores: 1 });
    records.syslogDelivered.note({ seq: 6, mac: MAC, restores: 1 });
    expect(notes.read()).toMatchObject({
      syslogDelivered: { seq: 6, mac: MAC, restores: 1 },
      trailWatched: { seq: 3 },
    });
  });

  it("the central log server's target note is kept beside the others, and a damaged one refused", () => {
    const { notes, text } = stores()[0]!;
    const records = keyStoreRecords(notes);
    records.syslogDelivered.note({ seq: 4, mac: MAC, restores: 0 });
    records.syslogHead.write({ seq: 2, targetSha256: MAC });
    expect(records.syslogHead.read()).toEqual({ seq: 2, targetSha256: MAC });
    expect(notes.read()).toMatchObject({ syslogDelivered: { seq: 4 } });
    const document = JSON.parse(text()) as { syslogHead: { targetSha256: string } };
    document.syslogHead.targetSha256 = 'not-a-digest';
    expect(() => decodeKeySet(JSON.stringify(document), 'Key file "x"')).toThrow(
      /syslogHead\.targetSha256/u,
    );
  });

  it('the disabled operators only grow, keep the other notes, and a key store without them reads none', () => {
    const { notes, text } = stores()[0]!;
    const records = keyStoreRecords(notes);
    // A key file from before the list was kept decodes, and names nobody.
    expect(decodeKeyDocument(text(), 'old').notes).not.toHaveProperty('operatorsDisabled');
    expect(records.operatorsDisabled.read()).toEqual([]);
    records.gatewayHead.write({ seq: 5, rowSha256: MAC, acsData: false });
    const lead = { id: 2, username: 'demo.lead', at: '2026-11-28T01:00:00.000Z' };
    records.operatorsDisabled.record(lead);
    // Recorded again (the admin ran it twice): kept as it was.
    records.operatorsDisabled.record({ ...lead, at: '2026-11-28T02:00:00.000Z' });
    records.operatorsDisabled.record({ id: 3, username: 'demo.agent', at: lead.at });
    expect(records.operatorsDisabled.read()).toEqual([
      lead,
      { id: 3, username: 'demo.agent', at: lead.at },
    ]);
    expect(notes.read().gatewayHead).toEqual({ seq: 5, rowSha256: MAC, acsData: false });
    const document = JSON.parse(text()) as { operatorsDisabled: { id: unknown }[] };
    document.operatorsDisabled[0]!.id = 'two';
    expect(() => decodeKeySet(JSON.stringify(document), 'Key file "x"')).toThrow(
      /operatorsDisabled\.0\.id/u,
    );
  });

  it('the sign-in locks keep only the locks in force, the later end per operator, and the other notes', () => {
    const { notes, text } = stores()[0]!;
    const records = keyStoreRecords(notes);
    expect(decodeKeyDocument(text(), 'old').notes).not.toHaveProperty('signInLocks');
    expect(records.signInLocks.read()).toEqual([]);
    records.gatewayHead.write({ seq: 5, rowSha256: MAC, acsData: false });
    const at = (minutes: number) => new Date(Date.UTC(2026, 10, 28, 1, minutes));
    const lead = { id: 2, username: 'demo.lead', until: at(30).toISOString() };
    const agent = { id: 3, username: 'demo.agent', until: at(40).toISOString() };
    records.signInLocks.record(lead, at(0));
    records.signInLocks.record(agent, at(10));
    // An earlier end for the same operator keeps the later one.
    records.signInLocks.record({ ...lead, until: at(20).toISOString() }, at(10));
    expect(records.signInLocks.read()).toEqual([lead, agent]);
    // A lock recorded after the lead's ended drops it: only the locks in force are kept.
    const again = { ...agent, until: at(50).toISOString() };
    records.signInLocks.record(again, at(31));
    expect(records.signInLocks.read()).toEqual([again]);
    expect(notes.read().gatewayHead).toEqual({ seq: 5, rowSha256: MAC, acsData: false });
    const document = JSON.parse(text()) as { signInLocks: { until: unknown }[] };
    document.signInLocks[0]!.until = 'soon';
    expect(() => decodeKeySet(JSON.stringify(document), 'Key file "x"')).toThrow(
      /signInLocks\.0\.until/u,
    );
  });

  it('a damaged note is refused, never taken for no note', () => {
    const { notes, text } = stores()[0]!;
    keyStoreRecords(notes).gatewayHead.write({ seq: 5, rowSha256: MAC, acsData: true });
    const document = JSON.parse(text()) as { gatewayHead: { rowSha256: string } };
    document.gatewayHead.rowSha256 = 'not-a-digest';
    expect(() => decodeKeySet(JSON.stringify(document), 'Key file "x"')).toThrow(
      /gatewayHead\.rowSha256/u,
    );
  });
});
