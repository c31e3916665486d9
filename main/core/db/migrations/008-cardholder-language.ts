import type { Migration } from '../migration.ts';

/**
 * The language a cardholder prefers to be spoken to in, as the issuer records it. Null when
 * the issuer does not know; the call then starts in the agent's language.
 */
export const m008CardholderLanguage: Migration = {
  version: 8,
  name: "the cardholder's preferred language",
  sql: `
ALTER TABLE cardholders ADD COLUMN preferred_language TEXT
  CHECK (preferred_language IS NULL OR preferred_language IN ('ja', 'en'));
`,
};
