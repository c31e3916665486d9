/**
 * Connected mode (a console whose core is a desk server): the console's main process tells
 * the window when its connection to the server is lost and when it is back, so the page
 * says so at once and pauses its controls. A standalone console never sends it.
 */
import { z } from 'zod';
import { defineEvent } from './define.ts';

export const CONNECTION_STATES = ['lost', 'connected'] as const;

export const connectionEvents = {
  'connection.changed': defineEvent({
    summary:
      'The connection to the desk server was lost (retrying with backoff) or is back: show it, pause the controls, read again when back.',
    payload: z.strictObject({ state: z.enum(CONNECTION_STATES) }),
  }),
} as const;
