/** Input pieces several features' channels take: no input at all, a card, a note. */
import { z } from 'zod';

export const Empty = z.strictObject({});

/** A card's public id, as search results hand it out. */
export const CardIdInput = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/u);

/** A public id of another record (an approval request). */
export const PublicIdInput = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/u);

/** A note as typed; main checks it with the free-text guard before storing it. */
export const NoteInput = z.string().max(4000);
