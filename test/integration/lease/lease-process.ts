/**
 * One OS process contending for a lease on a shared database file (the lease test starts two):
 * every 20 ms it takes or renews the lease and, while it holds it, records a unit of work
 * fenced by the lease. Prints "held" once it first holds the lease. Stops after `runMs`.
 * Usage: node lease-process.ts <db> <holder> <ttlMs> <runMs>
 */
import Database from 'better-sqlite3';
import { setTimeout as sleep } from 'node:timers/promises';
import { systemClock } from '../../../main/core/clock.ts';
import { createLease } from '../../../main/core/lease/lease.ts';

const [dbPath, holder, ttl, run] = process.argv.slice(2);
const db = new Database(dbPath!);
db.pragma('journal_mode = WAL');
db.pragma('busy_timeout = 5000');
const lease = createLease(db, {
  name: 'test-job',
  holder: holder!,
  ttlMs: Number(ttl),
  clock: systemClock,
});
const record = db.prepare('INSERT INTO work (holder, at) VALUES (?, ?)');
const until = Date.now() + Number(run);
let announced = false;
while (Date.now() < until) {
  if (lease.acquire()) {
    const done = lease.fenced(() => record.run(holder, new Date().toISOString()));
    if (done.held && !announced) {
      process.stdout.write('held\n');
      announced = true;
    }
  }
  await sleep(20);
}
lease.release();
db.close();
