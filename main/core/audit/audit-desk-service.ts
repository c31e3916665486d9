/**
 * The audit desk for leads and auditors: read the trail a page at a time, open an entry,
 * export a filtered range. Reading the trail is itself evidence (PCI DSS 10.2.1.3: access to
 * audit logs): every page read, every entry opened and every export is appended to the trail
 * with who, the filter, and what was shown or written.
 */
import type { AuditExportFormat } from '../../../shared/audit/audit-codes.ts';
import {
  AUDIT_COUNT_CAP,
  type AuditFilter,
  type ChannelInput,
  type ChannelOutput,
} from '../../../shared/contract/index.ts';
import type { Actor } from '../actor.ts';
import { auditActor, type AuditDetail, type AuditEntryInput } from './audit-append.ts';
import type { AuditTrail } from './audit-trail.ts';
import { exportAudit } from './audit-export.ts';
import type { AuditReader } from './audit-reader.ts';
import { detailsOf, entryRowOf } from './audit-view.ts';
import type { SaveSink } from './save-sink.ts';
import { DeskFailure } from '../router/failure.ts';
import { operatorActor } from '../router/operator-actor.ts';
import type { CallContext } from '../router/router.ts';

export interface AuditDeskDeps {
  reader: AuditReader;
  audit: Pick<AuditTrail, 'append' | 'transact'>;
  origin: string;
  /** Where exports go; absent on a core that cannot save files (nothing is written then). */
  saveSink?: SaveSink;
  logInternal: (line: string) => void;
}

/** A filter as an audit entry's details record it: only the fields that were set. */
export function filterDetails(filter: AuditFilter): { [key: string]: AuditDetail } {
  const out: { [key: string]: AuditDetail } = {};
  for (const [key, value] of Object.entries(filter)) if (value !== undefined) out[key] = value;
  return out;
}

/** A name for an export file, from the router's clock: audit-20261120-100000.csv. */
export function exportFileName(now: Date, format: AuditExportFormat): string {
  const stamp = now.toISOString().replace(/[-:]/gu, '').replace('T', '-').slice(0, 15);
  return `audit-${stamp}.${format}`;
}

export function createAuditDeskService(deps: AuditDeskDeps) {
  const record = (
    actor: Actor,
    entry: Omit<AuditEntryInput, 'at' | 'operatorId' | 'username' | 'origin'>,
  ) => deps.audit.transact(() => deps.audit.append({ ...auditActor(actor), ...entry }));

  return {
    async list(
      input: ChannelInput<'audit.list'> & { limit: number },
      ctx: CallContext,
    ): Promise<ChannelOutput<'audit.list'>> {
      const actor = operatorActor(ctx, deps.origin);
      // One more than a page says whether another page follows, without a count.
      const rows = deps.reader.page(input.filter, input.before, input.limit + 1);
      const shown = rows.slice(0, input.limit);
      const first = input.before === undefined;
      const matched = first ? deps.reader.count(input.filter, AUDIT_COUNT_CAP + 1) : null;
      record(actor, {
        action: 'audit.list',
        subjectType: null,
        subjectId: null,
        result: 'success',
        details: {
          filter: filterDetails(input.filter),
          before: input.before ?? null,
          shown: shown.length,
          ...(matched !== null && { matched: Math.min(matched, AUDIT_COUNT_CAP) }),
        },
      });
      return {
        entries: shown.map(entryRowOf),
        nextBefore: rows.length > input.limit ? shown.at(-1)!.seq : null,
        matched: matched === null ? null : Math.min(matched, AUDIT_COUNT_CAP),
        matchedCapped: matched !== null && matched > AUDIT_COUNT_CAP,
        now: ctx.now.toISOString(),
      };
    },

    async entry(
      input: ChannelInput<'audit.entry'>,
      ctx: CallContext,
    ): Promise<ChannelOutput<'audit.entry'>> {
      const actor = operatorActor(ctx, deps.origin);
      const row = deps.reader.bySeq(input.seq);
      record(actor, {
        action: 'audit.entry',
        subjectType: 'audit-entry',
        subjectId: String(input.seq),
        result: row ? 'success' : 'failure',
        details: {},
      });
      if (!row)
        throw new DeskFailure('not_found', 'audit.not-found', 'No audit entry with that number.');
      return {
        entry: entryRowOf(row),
        details: detailsOf(row.details),
        now: ctx.now.toISOString(),
      };
    },

    async export(
      input: ChannelInput<'audit.export'>,
      ctx: CallContext,
    ): Promise<ChannelOutput<'audit.export'>> {
      const actor = operatorActor(ctx, deps.origin);
      const now = ctx.now.toISOString();
      if (!deps.saveSink)
        throw new DeskFailure(
          'conflict',
          'audit.export-unavailable',
          'This console cannot save files.',
        );
      const path = await deps.saveSink.choosePath(
        ctx.callerId,
        exportFileName(ctx.now, input.format),
      );
      if (path === null) return { saved: false, rows: 0, sha256: null, now };
      const details = { filter: filterDetails(input.filter), format: input.format };
      let written;
      try {
        written = exportAudit(deps.reader, input.filter, input.format, path);
      } catch (error) {
        deps.logInternal(
          `audit.export: writing failed (${error instanceof Error ? error.constructor.name : typeof error})`,
        );
        record(actor, {
          action: 'audit.export',
          subjectType: null,
          subjectId: null,
          result: 'failure',
          details,
        });
        throw new DeskFailure(
          'conflict',
          'audit.export-failed',
          'The export could not be written.',
        );
      }
      record(actor, {
        action: 'audit.export',
        subjectType: null,
        subjectId: null,
        result: 'success',
        details: { ...details, rows: written.rows, sha256: written.sha256 },
      });
      return { saved: true, rows: written.rows, sha256: written.sha256, now };
    },
  };
}
