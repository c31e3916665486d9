/** What a caller can give to find their card, in the order the search screen offers them. */
export const SEARCH_KEYS = [
  'card-number',
  'last4-surname',
  'mobile',
  'email',
  'customer-ref',
] as const;
export type SearchKey = (typeof SEARCH_KEYS)[number];
