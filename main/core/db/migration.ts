/**
 * One numbered migration: its version, a name for people, and the SQL it runs. Kept apart
 * from migrations/index.ts, which imports every migration, so a migration file imports
 * only this type and no circle forms.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}
