/** The import feature as the console sees it: how fresh the imported data is. */
import { z } from 'zod';
import { defineChannel } from './define.ts';
import { Empty } from './inputs.ts';
import { ROLES } from './roles.ts';
import { Timestamp } from './strings.ts';

export const importsChannels = {
  'imports.freshness': defineChannel({
    summary:
      'The newest "as of" time among the imported records, and when the last import finished; null for both before any import.',
    access: ROLES,
    input: Empty,
    output: z.strictObject({
      newestAsOf: Timestamp.nullable(),
      lastImportAt: Timestamp.nullable(),
    }),
  }),
} as const;
