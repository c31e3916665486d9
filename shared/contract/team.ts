/**
 * The team's day (team leads): calls, verifications passed / failed / blocked, resets by
 * outcome, escalations and how long they waited, fraud transfers and alerts, per hour of the
 * day and per agent, for a day or a week. Counted by SQL in main/core, never in the renderer.
 */
import { z } from 'zod';
import { TEAM_FIGURES, TEAM_SPANS } from '../team/team-codes.ts';
import { defineChannel } from './define.ts';
import { Identifier, PersonName, Timestamp } from './strings.ts';

export const TeamFigures = z.strictObject(
  Object.fromEntries(TEAM_FIGURES.map((figure) => [figure, z.number().int().nonnegative()])) as {
    [K in (typeof TEAM_FIGURES)[number]]: z.ZodNumber;
  },
);
export type TeamFigures = z.infer<typeof TeamFigures>;

/** How long escalated resets waited for a lead's decision, in whole minutes (null: none decided). */
export const ApprovalWaits = z.strictObject({
  decided: z.number().int().nonnegative(),
  averageMinutes: z.number().int().nonnegative().nullable(),
  longestMinutes: z.number().int().nonnegative().nullable(),
});

const TeamDayInput = z.strictObject({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/u),
  span: z.enum(TEAM_SPANS),
  utcOffsetMinutes: z
    .number()
    .int()
    .min(-14 * 60)
    .max(14 * 60),
});

export const teamChannels = {
  'team.day': defineChannel({
    summary:
      'The team’s figures for a day or the week from it, per hour of the day and per agent,' +
      ' with approval wait times; hours in the zone the console gives (minutes east of UTC).',
    access: ['lead'],
    input: TeamDayInput,
    output: z.strictObject({
      from: Timestamp,
      to: Timestamp,
      now: Timestamp,
      totals: TeamFigures,
      waits: ApprovalWaits,
      /** 24 rows, hour 0–23 of the day in the zone asked for (summed over the week). */
      hours: z.array(
        z.strictObject({ hour: z.number().int().min(0).max(23), figures: TeamFigures }),
      ),
      /** One row per operator with any figure, by username. */
      agents: z.array(
        z.strictObject({
          username: Identifier,
          /** Null: the trail does not vouch for the name; named by the username. */
          displayName: PersonName.nullable(),
          figures: TeamFigures,
          waits: ApprovalWaits,
        }),
      ),
    }),
  }),
  'team.export': defineChannel({
    summary:
      'Writes the same figures as CSV (UTF-8 with BOM, formulas neutralised, as the audit' +
      ' desk writes) where the lead chooses: one row per agent and per hour; audited.',
    access: ['lead'],
    input: TeamDayInput,
    output: z.strictObject({
      /** False when the lead cancelled the save dialog (nothing written, nothing audited). */
      saved: z.boolean(),
      rows: z.number().int().nonnegative(),
      sha256: Identifier.nullable(),
      now: Timestamp,
    }),
  }),
} as const;
