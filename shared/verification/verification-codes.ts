/** The closed lists of caller verification: the answer recorded, and which limit stopped it. */
export const VERIFICATION_RESULTS = ['verified', 'not-verified'] as const;
export type VerificationResult = (typeof VERIFICATION_RESULTS)[number];

/** Too many misses in this call, or on this card across calls. */
export const VERIFICATION_LIMITS = ['call', 'card'] as const;
export type VerificationLimit = (typeof VERIFICATION_LIMITS)[number];
