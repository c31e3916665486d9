/** An amount in its currency's minor unit, shown as people read it: ¥12,800, $45.20. */
export function formatAmount(amountMinor: number, currency: string, language: string): string {
  const format = new Intl.NumberFormat(language === 'ja' ? 'ja-JP' : 'en-GB', {
    style: 'currency',
    currency,
  });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amountMinor / 10 ** digits);
}
