/** The likely causes of a failed 3-D Secure checkout the console can name, most specific first. */
export const CAUSES = [
  'suspected-fraud',
  'locked-wrong-codes',
  'code-expired',
  'old-destination',
  'delivery-failing',
  'no-contact',
  'mobile-change-pending',
  'not-3ds',
] as const;
export type CauseCode = (typeof CAUSES)[number];

/** How a code reached (or was meant to reach) the caller, as the script names it. */
export const CODE_ROUTES = ['sms', 'email', 'app'] as const;
export type CodeRoute = (typeof CODE_ROUTES)[number];
