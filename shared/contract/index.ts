export * from './channels.ts';
export * from './define.ts';
export * from './events.ts';
export * from './result.ts';
export * from './roles.ts';
export * from './strings.ts';

import { channels } from './channels.ts';
import { events } from './events.ts';

/** The whole contract, as handed to the router, the preload and the test bridge. */
export const contract = { channels, events } as const;
export type Contract = typeof contract;
