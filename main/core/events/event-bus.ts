/**
 * Events every console process on one database hears (DESIGN: events cross processes). An
 * event is appended to desk_events (ids and states only); each process remembers the last
 * row it delivered and reads what came after it:
 *
 * - at once, when this process published it (after the transaction it was written in commits);
 * - within one polling period (100 ms), when another process did: `PRAGMA data_version`
 *   moves only when another connection committed, so the idle check costs one pragma.
 *
 * Delivery goes to this process's active sessions only (an idle-locked window re-reads on
 * resume): the team leads, and whoever a feature adds for an event (approvals: the window
 * that asked). The desk server's core runs the same bus, so its sessions hear every event of
 * the consoles beside it; its `emit` is the WebSocket hub.
 */
import { SHARED_EVENTS, type SharedEvent } from '../../../shared/alerts/alert-codes.ts';
import { contract, type EventPayload } from '../../../shared/contract/index.ts';
import type { Edges } from '../edges.ts';
import { DeskFailure } from '../router/failure.ts';

/** How often each process checks whether another wrote to the database. */
export const EVENT_POLL_MS = 100;

type Audience<K extends SharedEvent> = (payload: EventPayload<K>) => readonly string[];

export interface EventBus {
  /** Appends the event; it is delivered here after the current transaction, elsewhere within a poll. */
  publish<K extends SharedEvent>(name: K, payload: EventPayload<K>): void;
  /** Adds callers of this process who hear an event besides the leads (active sessions only). */
  addAudience<K extends SharedEvent>(name: K, audience: Audience<K>): void;
  /** Reads and delivers whatever is new (the poll calls it; tests may too). */
  pump(): void;
  /** Starts checking for other processes' events; stop() before the database closes. */
  start(pollMs?: number): void;
  stop(): void;
}

interface EventRow {
  id: number;
  name: string;
  payload: string;
}

export function createEventBus(
  edges: Pick<Edges, 'db' | 'clock' | 'sessions' | 'emit' | 'logInternal'>,
): EventBus {
  const { db } = edges;
  const insert = db.prepare<[string, string, string]>(
    'INSERT INTO desk_events (at, name, payload) VALUES (?, ?, ?)',
  );
  const after = db.prepare<[number], EventRow>(
    'SELECT id, name, payload FROM desk_events WHERE id > ? ORDER BY id LIMIT 500',
  );
  const head = db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM desk_events');
  const audiences = new Map<SharedEvent, Audience<SharedEvent>[]>();
  // Events written before this process started are not replayed: screens read state at sign-in.
  let cursor = head.get()?.id ?? 0;
  let dataVersion = db.pragma('data_version', { simple: true }) as number;
  let timer: ReturnType<typeof setInterval> | null = null;
  let pending = false;

  function deliver(row: EventRow): void {
    if (!(SHARED_EVENTS as readonly string[]).includes(row.name)) return;
    const name = row.name as SharedEvent;
    let payload: EventPayload<SharedEvent>;
    try {
      payload = contract.events[name].payload.parse(JSON.parse(row.payload));
    } catch {
      edges.logInternal(`event ${name} #${row.id}: payload refused by its schema`);
      return;
    }
    const now = edges.clock.now();
    const active = (callerId: string) => {
      let session: ReturnType<typeof edges.sessions.forCaller>;
      try {
        session = edges.sessions.forCaller(callerId, now);
      } catch (error) {
        // The policy its idle lock reads is refused (policy.altered): every call of the window
        // is refused too, so nothing is delivered to it.
        if (error instanceof DeskFailure) return null;
        throw error;
      }
      return session?.state === 'active' ? session : null;
    };
    // Whom a feature names first (the window that asked), then every lead.
    const callers = new Set<string>();
    for (const audience of audiences.get(name) ?? []) {
      for (const callerId of audience(payload)) if (active(callerId)) callers.add(callerId);
    }
    for (const callerId of edges.sessions.callers()) {
      if (active(callerId)?.role === 'lead') callers.add(callerId);
    }
    for (const callerId of callers) edges.emit(callerId, name, payload);
  }

  function pump(): void {
    if (!db.open) return;
    for (;;) {
      const rows = after.all(cursor);
      for (const row of rows) {
        cursor = row.id;
        deliver(row);
      }
      if (rows.length < 500) return;
    }
  }

  function pumpSoon(): void {
    if (pending) return;
    pending = true;
    setImmediate(() => {
      pending = false;
      pump();
    });
  }

  return {
    publish(name, payload) {
      const parsed = contract.events[name].payload.parse(payload);
      insert.run(edges.clock.now().toISOString(), name, JSON.stringify(parsed));
      // Delivered once written for good: now, or after the transaction it is part of commits.
      if (db.inTransaction) pumpSoon();
      else pump();
    },
    addAudience(name, audience) {
      const list = audiences.get(name) ?? [];
      list.push(audience as Audience<SharedEvent>);
      audiences.set(name, list);
    },
    pump,
    start(pollMs = EVENT_POLL_MS) {
      if (timer) return;
      timer = setInterval(() => {
        if (!db.open) return;
        const version = db.pragma('data_version', { simple: true }) as number;
        if (version === dataVersion) return;
        dataVersion = version;
        pump();
      }, pollMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
