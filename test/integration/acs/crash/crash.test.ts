/**
 * The crash test: console processes (crash-console.ts) are SIGKILLed at random points of reset
 * cycles against the fake ACS (`desk-admin acs fake`, a process of its own, itself killed and
 * restarted at random, with faults switched on at random: a drop after commit, duplicate
 * delivery, latency, 5xx). A last console, left alone, drains the outbox. Then every reset is
 * applied or refused, the fake ACS counts exactly one clear per idempotency key, and every
 * reset has its audit entries: recorded, and one final answer.
 *
 * npm test runs 8 cycles; VERIFY_DESK_CRASH_CYCLES=50 runs 50.
 */
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEMO_EPOCH, DEMO_SEED } from '../../../../main/core/demo/build-demo.ts';
import { copyDemoDatabase } from '../../../helpers/demo-template.ts';
import { demoPeople } from '../../../../main/core/demo/demo-people.ts';
import { sealWrites } from '../../../helpers/sealed-writer.ts';
import { useTempDir } from '../../../helpers/temp-dir.ts';
import { TEST_PASSWORD_COST } from '../../../helpers/test-password-cost.ts';
import { runCli } from '../../cli/cli-harness.ts';

const CYCLES = Number(process.env.VERIFY_DESK_CRASH_CYCLES ?? 8);
const CARDHOLDERS = Math.max(40, CYCLES * 3);
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const CONSOLE = fileURLToPath(new URL('./crash-console.ts', import.meta.url));
const tempDir = useTempDir('verify-desk-acs-crash-');

const rand = (min: number, max: number) => min + Math.floor(Math.random() * (max - min));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('crash test: the outbox drains whatever is killed', () => {
  it(
    `${CYCLES} reset cycles with SIGKILLs: one clear per key, every reset answered and audited`,
    async () => {
      const dir = tempDir();
      const dbPath = join(dir, 'desk.db');
      const keyFile = join(dir, 'desk.key');
      const tlsDir = join(dir, 'fake-acs-tls');
      const fakeDb = join(dir, 'fake-acs.db');
      await copyDemoDatabase({
        dbPath,
        keyFile,
        cardholders: CARDHOLDERS,
        passwordCost: TEST_PASSWORD_COST,
      });
      const people = demoPeople(DEMO_SEED, CARDHOLDERS).map((p) => ({
        cardId: p.cards[0]!.publicId,
        customerRef: p.customerRef,
        dob: p.dob,
        postcode: p.postcode,
      }));
      const peopleFile = join(dir, 'people.json');
      writeFileSync(peopleFile, JSON.stringify(people));
      const db = new Database(dbPath);
      // The import's writer holds the keys: the references are sealed (migration 017).
      sealWrites(db, dbPath, keyFile);
      db.prepare("UPDATE cards SET acs_card_ref = 'ACS-' || id").run();
      const refs = db.prepare('SELECT public_id, acs_card_ref FROM cards').all() as {
        public_id: string;
        acs_card_ref: string;
      }[];
      db.close();

      // A console killed mid sign-in counts as a failed one: allow the most the policy allows.
      const policy = await runCli([
        'policy',
        'set',
        '--db',
        dbPath,
        '--key-file',
        keyFile,
        '--key',
        'signInFailureLimit',
        '--value',
        '10',
      ]);
      expect(policy.code, policy.stderr).toBe(0);
      // One agent searches for every card of the run: more than an hour's budget at 50 cycles.
      const searches = await runCli([
        'policy',
        'set',
        '--db',
        dbPath,
        '--key-file',
        keyFile,
        '--key',
        'customerRefSearchesPerHour',
        '--value',
        '10000',
      ]);
      expect(searches.code, searches.stderr).toBe(0);
      const port = await freePort();
      const url = `https://127.0.0.1:${port}`;
      const fake: { child: ChildProcess | null } = { child: null };
      const startFake = async () => {
        const child = spawn(
          process.execPath,
          [
            'main/cli/desk-admin.ts',
            'acs',
            'fake',
            '--port',
            String(port),
            '--db',
            fakeDb,
            '--tls-dir',
            tlsDir,
          ],
          { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
        );
        await new Promise<void>((resolve, reject) => {
          child.stdout!.on('data', (chunk: Buffer) => {
            if (chunk.toString().includes('Fake ACS on')) resolve();
          });
          child.once('exit', (code) => reject(new Error(`the fake ACS stopped (${code})`)));
        });
        fake.child = child;
      };
      const control = (method: string, path: string, body?: unknown) =>
        new Promise<unknown>((resolve, reject) => {
          const req = request(
            `${url}${path}`,
            {
              method,
              ca: readFileSync(join(tlsDir, 'ca.pem')),
              cert: readFileSync(join(tlsDir, 'client.pem')),
              key: readFileSync(join(tlsDir, 'client-key.pem')),
              headers: { 'Content-Type': 'application/json' },
            },
            (res) => {
              let text = '';
              res.on('data', (chunk: Buffer) => (text += chunk.toString()));
              res.on('end', () => resolve(JSON.parse(text) as unknown));
            },
          );
          req.on('error', reject);
          req.end(body === undefined ? undefined : JSON.stringify(body));
        });

      // The clock every console shares: the real one, shifted back to the demo's epoch.
      const offset = Date.now() - new Date(DEMO_EPOCH).getTime();
      const figures = { rounds: 0, consoleKills: 0, fakeRestarts: 0, faults: 0 };
      const resetCount = () => {
        const reader = new Database(dbPath, { readonly: true });
        try {
          return (reader.prepare('SELECT count(*) AS n FROM resets').get() as { n: number }).n;
        } finally {
          reader.close();
        }
      };
      const runConsole = (drain: boolean) =>
        spawn(process.execPath, [CONSOLE], {
          cwd: ROOT,
          stdio: ['ignore', 'pipe', 'inherit'],
          env: {
            ...process.env,
            CRASH_DB: dbPath,
            CRASH_KEY: keyFile,
            CRASH_TLS_DIR: tlsDir,
            CRASH_ACS_URL: url,
            CRASH_OFFSET_MS: String(offset),
            CRASH_TARGET: String(CYCLES),
            CRASH_PEOPLE: peopleFile,
            CRASH_SKIPPED: join(dir, 'skipped.txt'),
            CRASH_DRAIN: drain ? '1' : '0',
          },
        });
      const randomFault = async () => {
        const roll = Math.random();
        const fault =
          roll < 0.35
            ? { kind: 'drop-after-commit' }
            : roll < 0.55
              ? { kind: 'duplicate' }
              : roll < 0.75
                ? { kind: 'latency', ms: rand(50, 400) }
                : { kind: 'status', status: 503 };
        await control('POST', '/_fake/faults', { fault, on: 'apply', count: rand(1, 3) });
        figures.faults++;
      };

      try {
        await startFake();
        for (const { acs_card_ref: ref } of refs) {
          await control('POST', '/_fake/locks', {
            cardRef: ref,
            since: new Date(new Date(DEMO_EPOCH).getTime() - 10 * 60_000).toISOString(),
            until: null,
            cause: 'wrong_codes',
          });
        }
        const maxRounds = CYCLES * 4 + 10;
        while (resetCount() < CYCLES && figures.rounds < maxRounds) {
          figures.rounds++;
          if (Math.random() < 0.6) await randomFault();
          const child = runConsole(false);
          const done = exited(child);
          const outcome = await Promise.race([done.then(() => 'exited'), sleep(rand(300, 3_500))]);
          if (outcome !== 'exited') {
            child.kill('SIGKILL');
            figures.consoleKills++;
            await done;
          }
          if (Math.random() < 0.35) {
            fake.child!.kill('SIGKILL');
            await exited(fake.child!);
            await sleep(rand(0, 400));
            await startFake();
            figures.fakeRestarts++;
          }
        }
        // The last console, left alone: finishes the cycles and drains the outbox.
        const last = runConsole(false);
        let said = '';
        last.stdout!.on('data', (chunk: Buffer) => (said += chunk.toString()));
        expect(await exited(last)).toBe(0);
        expect(said).toContain('drained');

        const counts = (await control('GET', '/_fake/clears')) as {
          clears: Record<string, number>;
        };
        const reader = new Database(dbPath, { readonly: true });
        const rows = reader
          .prepare(
            `SELECT r.public_id, x.state, x.idempotency_key FROM resets r
             JOIN reset_outbox x ON x.reset_id = r.id`,
          )
          .all() as { public_id: string; state: string; idempotency_key: string }[];
        const audit = reader
          .prepare(
            `SELECT action, result, subject_id, details FROM audit_log
             WHERE action IN ('lockout.reset', 'lockout.reset-applied', 'lockout.reset-acs-refused')`,
          )
          .all() as { action: string; result: string; subject_id: string; details: string }[];
        reader.close();

        expect(rows).toHaveLength(CYCLES);
        for (const row of rows) {
          expect(['applied', 'refused']).toContain(row.state);
          if (row.state === 'applied') expect(counts.clears[row.idempotency_key]).toBe(1);
          const recorded = audit.filter(
            (e) => e.action === 'lockout.reset' && JSON.parse(e.details).resetId === row.public_id,
          );
          const final = audit.filter(
            (e) =>
              e.subject_id === row.public_id &&
              ((e.action === 'lockout.reset-applied' && e.result === 'success') ||
                e.action === 'lockout.reset-acs-refused'),
          );
          expect(recorded, row.public_id).toHaveLength(1);
          expect(final, row.public_id).toHaveLength(1);
        }
        // Exactly once: no key cleared twice, and no clear the console does not know of.
        expect(Object.values(counts.clears).every((n) => n === 1)).toBe(true);
        expect(Object.keys(counts.clears).sort()).toEqual(
          rows
            .filter((r) => r.state === 'applied')
            .map((r) => r.idempotency_key)
            .sort(),
        );
        console.log(
          `crash test: ${CYCLES} resets, ${figures.rounds} rounds, ${figures.consoleKills} console kills, ${figures.fakeRestarts} fake ACS restarts, ${figures.faults} faults`,
        );
      } finally {
        if (fake.child) {
          fake.child.kill('SIGKILL');
          await exited(fake.child);
        }
      }
    },
    CYCLES * 20_000 + 120_000,
  );
});
