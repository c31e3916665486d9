/** Times and durations as an agent reads them, in the operator's locale and time zone. */

const locale = (language: string) => (language === 'ja' ? 'ja-JP' : 'en-GB');

const STYLES = {
  time: { hour: '2-digit', minute: '2-digit', timeZoneName: 'short' },
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
  date: { dateStyle: 'medium' },
  dateTimeZone: {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

// Making an Intl formatter costs far more than formatting with one (ICU loads the locale's
// patterns each time): one per locale and style, made once. A history of thousands of rows
// formats two or three values per row it paints.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(language: string, style: keyof typeof STYLES): Intl.DateTimeFormat {
  const key = `${locale(language)} ${style}`;
  let made = formatters.get(key);
  if (!made) formatters.set(key, (made = new Intl.DateTimeFormat(locale(language), STYLES[style])));
  return made;
}

export function formatTime(iso: string, language: string): string {
  return formatter(language, 'time').format(new Date(iso));
}

export function formatDateTime(iso: string, language: string): string {
  return formatter(language, 'dateTime').format(new Date(iso));
}

/** "17:59" or "1:02:03": whole seconds left, never negative. */
export function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const mm = String(minutes).padStart(hours > 0 ? 2 : 1, '0');
  const ss = String(seconds).padStart(2, '0');
  return hours > 0 ? `${hours}:${mm}:${ss}` : `${mm}:${ss}`;
}

export function formatDate(iso: string, language: string): string {
  return formatter(language, 'date').format(new Date(iso));
}

/** Date and time with the zone, as the history shows each attempt: "25 Nov 2026, 10:18 GMT+9". */
export function formatDateTimeZone(iso: string, language: string): string {
  return formatter(language, 'dateTimeZone').format(new Date(iso));
}
