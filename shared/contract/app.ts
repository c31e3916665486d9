/** The app feature: what this console is, before anyone signs in. */
import { z } from 'zod';
import { defineChannel } from './define.ts';
import { Empty } from './inputs.ts';
import { Code, Timestamp } from './strings.ts';

export const appChannels = {
  'app.info': defineChannel({
    summary:
      'Product, version, whether this is a demo (or benchmark) database, and the router clock.',
    access: 'public',
    input: Empty,
    output: z.strictObject({
      version: Code,
      demo: z.boolean(),
      /** Made by `desk-admin demo --benchmark`: verification facts may use a lower cost. */
      benchmark: z.boolean(),
      /** 'preview': the console runs in a browser through the harness, not the desktop app. */
      surface: z.enum(['desktop', 'preview']),
      idleLockMinutes: z.number().int().positive(),
      /** Which ACS gateway resets go through: the local database, or the issuer's ACS. */
      acs: z.enum(['embedded', 'network']),
      now: Timestamp,
    }),
  }),
} as const;
