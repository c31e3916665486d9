/**
 * The languages the console speaks and a cardholder may prefer, declared once: the screens'
 * catalogs, the call scripts and the cardholder record's preferred language use this list.
 */
export const LANGUAGES = ['ja', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
