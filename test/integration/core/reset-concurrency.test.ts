/**
 * Idempotence under real concurrency: two OS processes, each a console on the same database
 * file, press reset on the same lock at the same moment, round after round. Each round ends
 * with exactly one reset, one reset audit entry and one applied outbox row; the other console
 * is told the lock is already unlocked (or already being reset).
 */
import Database from 'better-sqlite3';
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEMO_EPOCH, DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { copyDemoDatabase } from '../../helpers/demo-template.ts';
import { demoPeople } from '../../../main/core/demo/demo-people.ts';
import { sealWrites } from '../../helpers/sealed-writer.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import type { RacerMessage, RacerReply } from './reset-racer.ts';
import { TEST_PASSWORD_COST } from '../../helpers/test-password-cost.ts';

const tempDir = useTempDir();
const ROUNDS = 30;
const RACER = fileURLToPath(new URL('./reset-racer.ts', import.meta.url));

function racer(args: string[]) {
  const child: ChildProcess = fork(RACER, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const inbox: RacerReply[] = [];
  const waiters: ((reply: RacerReply) => void)[] = [];
  child.on('message', (reply: RacerReply) => {
    const waiter = waiters.shift();
    if (waiter) waiter(reply);
    else inbox.push(reply);
  });
  return {
    send: (message: RacerMessage) => child.send(message),
    next: () =>
      new Promise<RacerReply>((resolve, reject) => {
        const queued = inbox.shift();
        if (queued) return resolve(queued);
        waiters.push(resolve);
        child.once('exit', (code) => reject(new Error(`racer exited with ${code}`)));
      }),
    exited: new Promise<void>((resolve) => child.once('exit', () => resolve())),
  };
}

describe('reset idempotence across processes', () => {
  it(`two consoles resetting the same lock at once reset it once, ${ROUNDS} rounds in a row`, async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'desk.db');
    const keyFile = join(dir, 'desk.key');
    await copyDemoDatabase({
      dbPath,
      keyFile,
      cardholders: 50,
      passwordCost: TEST_PASSWORD_COST,
    });
    const people = demoPeople(DEMO_SEED, 50)
      .filter((p) => p.scenario === 'ordinary')
      .slice(0, ROUNDS);
    expect(people).toHaveLength(ROUNDS);

    // A fresh 30-minute lock on each card, as if three wrong codes had just been entered.
    const db = new Database(dbPath);
    sealWrites(db, dbPath, keyFile);
    const now = new Date(DEMO_EPOCH).getTime();
    const lock = db.prepare(
      `INSERT INTO lockouts (card_id, cause, since, until)
       SELECT id, 'wrong_codes', ?, ? FROM cards WHERE public_id = ?`,
    );
    for (const person of people) {
      lock.run(
        new Date(now - 60_000).toISOString(),
        new Date(now + 30 * 60_000).toISOString(),
        person.cards[0]!.publicId,
      );
    }

    const consoles = [
      racer([dbPath, keyFile, `${dbPath}.anchors`, 'agent']),
      racer([dbPath, keyFile, `${dbPath}.anchors`, 'lead']),
    ];
    for (const c of consoles) expect(await c.next()).toEqual({ type: 'signed-in' });

    const outcomes: string[] = [];
    for (const person of people) {
      const round: RacerMessage = {
        type: 'round',
        cardId: person.cards[0]!.publicId,
        customerRef: person.customerRef,
        dob: person.dob,
        postcode: person.postcode,
      };
      for (const c of consoles) c.send(round);
      for (const c of consoles) expect(await c.next()).toEqual({ type: 'ready' });
      // Alternate who is told first, so neither console has a standing head start.
      const order = outcomes.length % 2 === 0 ? consoles : [...consoles].reverse();
      for (const c of order) c.send({ type: 'go' });
      const results = await Promise.all(consoles.map((c) => c.next()));
      const won = results.filter((r) => r.type === 'result' && r.ok);
      const lost = results.filter((r) => r.type === 'result' && !r.ok);
      expect(won).toHaveLength(1);
      expect(lost).toEqual([
        {
          type: 'result',
          ok: false,
          code: 'conflict',
          reason: expect.stringMatching(/^reset\.(not-locked|reset-in-progress)$/u),
          message: expect.stringMatching(/^Already/u),
        },
      ]);
      outcomes.push(results.map((r) => (r.type === 'result' && r.ok ? 'won' : 'lost')).join('/'));

      const card = person.cards[0]!.publicId;
      expect(
        db
          .prepare(
            `SELECT count(*) AS n FROM resets r JOIN cards c ON c.id = r.card_id WHERE c.public_id = ?`,
          )
          .get(card),
      ).toEqual({ n: 1 });
      expect(
        db
          .prepare(
            "SELECT count(*) AS n FROM audit_log WHERE action = 'lockout.reset' AND subject_id = ?",
          )
          .get(card),
      ).toEqual({ n: 1 });
      expect(
        db
          .prepare(
            `SELECT x.state FROM reset_outbox x JOIN resets r ON r.id = x.reset_id
             JOIN cards c ON c.id = r.card_id WHERE c.public_id = ?`,
          )
          .all(card),
      ).toEqual([{ state: 'applied' }]);
      expect(
        db
          .prepare(
            `SELECT count(*) AS n FROM lockouts l JOIN cards c ON c.id = l.card_id
             WHERE c.public_id = ? AND l.cleared_at IS NULL AND l.until > ?`,
          )
          .get(card, new Date(now).toISOString()),
      ).toEqual({ n: 0 });
    }
    for (const c of consoles) c.send({ type: 'stop' });
    await Promise.all(consoles.map((c) => c.exited));

    // The audit chain stayed one chain: no sequence number taken twice or skipped.
    const { n, last } = db
      .prepare('SELECT count(*) AS n, max(seq) AS last FROM audit_log')
      .get() as {
      n: number;
      last: number;
    };
    expect(n).toBe(last);
    db.close();
    // Both consoles won some rounds: the race was real, not one process always first.
    console.log(`reset race: ${outcomes.join(', ')}`);
  }, 120_000);
});
