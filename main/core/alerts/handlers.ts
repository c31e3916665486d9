/**
 * The alerts feature's slice of the router: the lead's tray (alerts.list) and acknowledging
 * with a note (alerts.acknowledge), and the check of a desktop notification's text before the
 * desktop app shows it (alerts.notify). alertStoreOf is the core's one alert store, which
 * desk-core's trail also raises alerts through.
 */
import type { AlertView, ChannelInput, ChannelOutput } from '../../../shared/contract/index.ts';
import { checkedNote, shownNote } from '../checked-note.ts';
import type { Edges } from '../edges.ts';
import { createEventBus } from '../events/event-bus.ts';
import { DeskFailure } from '../router/failure.ts';
import { operatorActor } from '../router/operator-actor.ts';
import type { CallContext, Handlers } from '../router/router.ts';
import { createAlertStore, type AlertRecord } from './alert-store.ts';

/** Open alerts the tray shows at most; the count says how many there are in all. */
export const TRAY_LIMIT = 200;

export function alertStoreOf(edges: Edges) {
  return createAlertStore(edges, (change) =>
    edges.shared(createEventBus).publish('alerts.changed', change),
  );
}

export function alertView(record: AlertRecord): AlertView {
  return {
    alertId: record.publicId,
    kind: record.kind,
    state: record.state,
    raisedAt: record.raisedAt.toISOString(),
    lastAt: record.lastAt.toISOString(),
    occurrences: record.occurrences,
    operator: record.operator,
    subjectType: record.subjectType,
    subjectId: record.subjectId,
    scope: record.scope,
    acknowledgedBy: record.acknowledgedBy,
    acknowledgedAt: record.acknowledgedAt?.toISOString() ?? null,
    note: record.note === null ? null : shownNote(record.note),
  };
}

export function alertsHandlers(
  edges: Edges,
): Pick<Handlers, 'alerts.list' | 'alerts.acknowledge' | 'alerts.notify'> {
  const store = edges.shared(alertStoreOf);
  return {
    'alerts.list': async (
      _input: ChannelInput<'alerts.list'>,
      ctx: CallContext,
    ): Promise<ChannelOutput<'alerts.list'>> => {
      const reader = operatorActor(ctx, edges.origin);
      const { open, openCount, acknowledged } = store.list(ctx.now, TRAY_LIMIT, reader);
      return {
        open: open.map(alertView),
        openCount,
        acknowledged: acknowledged.map(alertView),
      };
    },
    'alerts.acknowledge': async (input, ctx) => {
      const actor = operatorActor(ctx, edges.origin);
      const note = checkedNote(
        input.note,
        ctx.now,
        'Say in the note what was done about the alert.',
      );
      const outcome = store.acknowledge({ ...actor, publicId: input.alertId, note });
      if (!outcome.ok) {
        throw outcome.problem === 'not-found'
          ? new DeskFailure('not_found', 'alert.not-found', 'There is no such alert.')
          : new DeskFailure(
              'conflict',
              'alert.acknowledged',
              'This alert has already been acknowledged.',
            );
      }
      return { alert: alertView(outcome.alert) };
    },
    // The console composes the words in the lead's language (kind and count only); what
    // leaves for the OS's notification centre passes the same guard as a note, so a card
    // number, code, email or phone number can never ride out on it.
    // The words are shown as written (full-width punctuation kept), once they pass.
    'alerts.notify': async (input, ctx) => {
      checkedNote(input.title, ctx.now, 'A notification needs a title.');
      checkedNote(input.body, ctx.now);
      return { about: input.about, title: input.title.trim(), body: input.body.trim() };
    },
  };
}
