import type { Brand } from './brands.ts';

/** Least reveal (PCI DSS 3.4.1, stricter): brand and last four only, e.g. "VISA •••• 4242". */
export function maskCard(brand: Brand, last4: string): string {
  if (!/^\d{4}$/u.test(last4)) throw new RangeError('last4 must be four digits');
  return `${brand} •••• ${last4}`;
}
