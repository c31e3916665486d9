/**
 * One console process's syslog forwarder on a shared database (the two-process test starts
 * two): forwards under the lease until `runMs` has passed, then stops.
 * Usage: node forwarder-process.ts <db> <hostname> <runMs>
 */
import { systemClock } from '../../../main/core/clock.ts';
import { openDatabase } from '../../../main/core/db/connection.ts';
import { deriveKeySet, keySetProvider } from '../../../main/core/keys/key-set.ts';
import { startSyslogForwarder } from '../../../main/core/syslog/syslog-forwarder.ts';

const [dbPath, hostname, runMs] = process.argv.slice(2);
const db = openDatabase(dbPath!);
const forwarder = startSyslogForwarder({
  db,
  // The audit fixture's keys (audit-fixture.ts): they check the syslog.set entry.
  keys: keySetProvider(deriveKeySet('audit-test'), 'test keys'),
  clock: systemClock,
  hostname: hostname!,
  holder: hostname!,
  logInternal: () => undefined,
  leaseTtlMs: 600,
  batchSize: 20,
  pollMs: 20,
  backoffMs: 20,
  maxBackoffMs: 200,
});
process.stdout.write('started\n');
await new Promise((resolve) => setTimeout(resolve, Number(runMs)));
await forwarder.stop();
db.close();
