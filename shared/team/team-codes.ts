/**
 * The figures of the team's day, in the order the table and the CSV show them. Each is
 * counted by SQL over the tables the console already keeps (main/core/team/team-store.ts).
 */
export const TEAM_FIGURES = [
  'calls',
  'verificationsPassed',
  'verificationsFailed',
  'verificationsBlocked',
  'resetsApplied',
  'resetsFailed',
  'resetsPending',
  'escalations',
  'fraudTransfers',
  'alerts',
] as const;
export type TeamFigure = (typeof TEAM_FIGURES)[number];

/** A day, or the seven days that start on it. */
export const TEAM_SPANS = ['day', 'week'] as const;
export type TeamSpan = (typeof TEAM_SPANS)[number];
