/** The audit feature: recompute and check the HMAC chain of the audit trail. */
import { z } from 'zod';
import { AUDIT_VERIFICATION_STATUSES } from '../audit/audit-codes.ts';
import { defineChannel, defineEvent } from './define.ts';
import { Empty } from './inputs.ts';
import { Timestamp } from './strings.ts';

export const AuditVerification = z.strictObject({
  status: z.enum(AUDIT_VERIFICATION_STATUSES),
  entriesChecked: z.number().int().nonnegative(),
  lastAnchoredSeq: z.number().int().nonnegative(),
  firstBadSeq: z.number().int().positive().nullable(),
  checkedAt: Timestamp,
});
export type AuditVerification = z.infer<typeof AuditVerification>;

export const auditChannels = {
  'audit.verify': defineChannel({
    summary: 'Recompute the audit chain from the first entry; progress arrives as events.',
    access: ['lead', 'auditor', 'admin'],
    input: Empty,
    output: AuditVerification,
  }),
} as const;

export const auditEvents = {
  'audit.verifyProgress': defineEvent({
    summary: 'Progress of a running audit verification.',
    payload: z.strictObject({
      checked: z.number().int().nonnegative(),
      total: z.number().int().nonnegative(),
    }),
  }),
} as const;
