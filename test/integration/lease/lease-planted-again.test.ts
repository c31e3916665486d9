/**
 * A lease row planted in the file without the keys — "held by ghost for another minute",
 * planted again every 30 seconds, within what an honest holder writes — holds nothing: every
 * holder with the keys seals its row (lease.ts, migration 025), so the trail watch still looks
 * and finds an entry edited meanwhile. (The alert timer, the outbox relay and the syslog
 * forwarder take the same sealed lease.)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TRAIL_WATCH_LEASE } from '../../../main/core/audit/trail-watch.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { editEntry } from '../../helpers/hide-entry.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';

const demoCore = useDemoCore({ cardholders: 12 });
const WATCH = { trailWatchMs: 3_600_000 };

describe('the trail watch lease planted again and again', () => {
  it('the planted holder holds nothing: the watch looks and finds the edited entry', async () => {
    const desk = await demoCore(WATCH);
    const plant = () => {
      const raw = keylessWriter(desk.dbPath);
      raw
        .prepare(
          `INSERT INTO leases (name, holder, generation, acquired_at, expires_at)
           VALUES (@name, 'ghost', 99, @now, @until)
           ON CONFLICT (name) DO UPDATE SET holder = 'ghost', generation = 99,
             acquired_at = @now, expires_at = @until`,
        )
        .run({
          name: TRAIL_WATCH_LEASE,
          now: desk.clock.now().toISOString(),
          until: new Date(desk.clock.now().getTime() + 60_000).toISOString(),
        });
      raw.close();
    };
    // The honest holder's row is sealed.
    expect(await desk.core.trailWatch!.look()).toMatchObject({ outcome: 'holds' });
    expect(
      desk.query<{ seal: string | null }>(
        'SELECT seal FROM leases WHERE name = ?',
        TRAIL_WATCH_LEASE,
      ),
    ).toEqual([{ seal: expect.stringMatching(/^audit-[0-9a-f]+:[0-9a-f]{64}$/u) as unknown }]);
    const raw = keylessWriter(desk.dbPath);
    editEntry(raw, "UPDATE audit_log SET result = 'failure' WHERE seq = 2");
    raw.close();
    // Planted again every 30 seconds: at each look the ghost is "held for another minute".
    desk.clock.advance(6 * 60_000);
    plant();
    desk.clock.advance(30_000);
    plant();
    expect(await desk.core.trailWatch!.look()).toMatchObject({ outcome: 'broken' });
    const keyStore = JSON.parse(readFileSync(desk.keyFile, 'utf8')) as Record<string, unknown>;
    expect(keyStore['trailBroken']).toMatchObject({ seq: 2 });
    // The planted row was taken over, sealed again.
    expect(
      desk.query<{ holder: string }>('SELECT holder FROM leases WHERE name = ?', TRAIL_WATCH_LEASE),
    ).not.toEqual([{ holder: 'ghost' }]);
  });
});
