/**
 * The desk server stopped the hard way (SIGKILL, as a power cut or the OOM killer would) at
 * random points of 50 reset cycles: every reset that happened has its audit entry and its
 * outbox row, none is half-written, and the audit chain verifies afterwards. The console's
 * connection shows the outage and comes back by itself when the server is back on its port.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCliIo } from '../../../main/cli/cli-io.ts';
import { main as deskAdmin } from '../../../main/cli/desk-admin.ts';
import { connectToServer } from '../../../main/connected/server-connection.ts';
import { buildDemoDatabase, DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoOperator } from '../../../main/core/demo/demo-operators.ts';
import { demoPeople } from '../../../main/core/demo/demo-people.ts';
import { sealWrites } from '../../helpers/sealed-writer.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { TEST_PASSWORD_COST } from '../../helpers/test-password-cost.ts';
import { openAndVerify, type Console } from './server-fixture.ts';
import { useServerProcesses, type ServerProcess } from './server-process.ts';

const tempDir = useTempDir('verify-desk-server-');
const processes = useServerProcesses();
const CYCLES = 50;
const KILLS = 5;

async function auditVerify(
  dbPath: string,
  keyFile: string,
): Promise<{ code: number; out: string }> {
  let out = '';
  const io = createCliIo({
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (out += text) },
    env: {},
  });
  const code = await deskAdmin(['audit', 'verify', '--db', dbPath, '--key-file', keyFile], io);
  return { code, out };
}

describe('desk server restarts', () => {
  it(`SIGKILL at random points of ${CYCLES} reset cycles: every reset keeps its audit entry and outbox row, and the chain verifies`, async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'desk.db');
    const keyFile = join(dir, 'desk.key');
    // The served core runs at the system clock: the demo is placed at now.
    await buildDemoDatabase({
      dbPath,
      keyFile,
      cardholders: 62,
      now: new Date(),
      passwordCost: TEST_PASSWORD_COST,
    });
    const people = demoPeople(DEMO_SEED, 62)
      .filter((p) => p.scenario === 'ordinary')
      .slice(0, CYCLES);
    expect(people).toHaveLength(CYCLES);
    const db = new Database(dbPath);
    sealWrites(db, dbPath, keyFile);
    const lock = db.prepare(
      `INSERT INTO lockouts (card_id, cause, since, until)
       SELECT id, 'wrong_codes', ?, ? FROM cards WHERE public_id = ?`,
    );
    const now = Date.now();
    for (const p of people)
      lock.run(
        new Date(now - 60_000).toISOString(),
        new Date(now + 60 * 60_000).toISOString(),
        p.cards[0]!.publicId,
      );

    // One agent opens 50 cards in a few seconds: more than a day's pace, so a wider budget.
    const io = createCliIo({
      stdout: { write: () => true },
      stderr: { write: () => true },
      env: {},
    });
    const policy = ['policy', 'set', '--db', dbPath, '--key-file', keyFile];
    expect(
      await deskAdmin([...policy, '--key', 'customerRefSearchesPerHour', '--value', '200'], io),
    ).toBe(0);

    const tls = await processes.tlsFiles(dir);
    let server: ServerProcess = await processes.start({ dbPath, keyFile, ...tls });
    const port = Number(new URL(server.url).port);
    const statuses: string[] = [];
    const connection = connectToServer({
      server: server.url,
      ca: tls.ca,
      consoleHost: 'PC-KILL',
      onEvent: () => undefined,
      onStatus: (status) => statuses.push(status),
      backoff: { minMs: 50, maxMs: 400 },
    });
    const agent: Console = {
      connection,
      events: [],
      call: (channel, payload = {}) =>
        connection.call(channel, payload) as ReturnType<Console['call']>,
      async signIn(role) {
        const operator = demoOperator(role);
        const result = await agent.call('session.signIn', {
          username: operator.username,
          password: operator.password,
        });
        if (!result.ok) throw new Error(result.error.message);
      },
    };
    await agent.signIn('agent');

    // Kill during KILLS distinct cycles, after a random delay into the cycle.
    const killCycles = new Set<number>();
    while (killCycles.size < KILLS) killCycles.add(1 + Math.floor(Math.random() * (CYCLES - 1)));
    let kills = 0;
    const reset = (cardId: string) =>
      agent.call('lockout.reset', {
        cardId,
        reason: 'cardholder-mistyped-code',
        note: 'Restart test: a reset while the server may die.',
      });
    try {
      for (const [cycle, person] of people.entries()) {
        const card = person.cards[0]!.publicId;
        let killed: Promise<unknown> | null = null;
        if (killCycles.has(cycle)) {
          const victim = server;
          killed = new Promise((resolve) =>
            setTimeout(
              () => {
                victim.child.kill('SIGKILL');
                void victim.exited.then(resolve);
              },
              Math.floor(Math.random() * 60),
            ),
          );
        }
        try {
          await openAndVerify(agent, person);
          await reset(card);
        } catch {
          // The server died under this cycle: it is finished after the restart below.
        }
        if (!killed) continue;
        await killed;
        kills++;
        // The console saw the outage; the server comes back on the same port.
        expect(await agent.call('app.info')).toMatchObject({
          ok: false,
          error: { reason: 'connection.server-unreachable' },
        });
        expect(connection.status()).toBe('lost');
        server = await processes.start({ dbPath, keyFile, ...tls, port });
        expect((await agent.call('app.info')).ok).toBe(true);
        expect(connection.status()).toBe('connected');
        // The session survived the restart: the agent is still signed in and finishes the card.
        expect(await agent.call('session.current')).toMatchObject({
          ok: true,
          value: { state: 'active' },
        });
        await openAndVerify(agent, person);
        const again = await reset(card);
        if (!again.ok)
          expect(again.error.reason).toMatch(/^reset\.(not-locked|reset-in-progress)$/u);
      }
    } finally {
      connection.close();
      server.child.kill('SIGTERM');
      await server.exited;
    }
    expect(kills).toBe(KILLS);
    expect(statuses).toContain('lost');

    const rows = db
      .prepare(
        `SELECT c.public_id AS card,
                (SELECT count(*) FROM audit_log a
                  WHERE a.action = 'lockout.reset' AND a.subject_id = c.public_id) AS audits,
                (SELECT count(*) FROM reset_outbox x WHERE x.reset_id = r.id) AS outbox
           FROM resets r JOIN cards c ON c.id = r.card_id`,
      )
      .all() as { card: string; audits: number; outbox: number }[];
    // Every card was reset exactly once, each reset with one audit entry and one outbox row.
    expect(rows.map((r) => r.card).sort()).toEqual(people.map((p) => p.cards[0]!.publicId).sort());
    for (const row of rows) expect(row, row.card).toMatchObject({ audits: 1, outbox: 1 });
    db.close();
    const verified = await auditVerify(dbPath, keyFile);
    expect(verified.code, verified.out).toBe(0);
  }, 90_000);
});
