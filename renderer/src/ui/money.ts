// One formatter per locale and currency, made once: making one costs far more than using it.
const formatters = new Map<string, { format: Intl.NumberFormat; divisor: number }>();

/** An amount in its currency's minor unit, shown as people read it: ¥12,800, $45.20. */
export function formatAmount(amountMinor: number, currency: string, language: string): string {
  const locale = language === 'ja' ? 'ja-JP' : 'en-GB';
  const key = `${locale} ${currency}`;
  let made = formatters.get(key);
  if (!made) {
    const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    formatters.set(key, (made = { format, divisor: 10 ** digits }));
  }
  return made.format.format(amountMinor / made.divisor);
}
