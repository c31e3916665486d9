import { LANGUAGES, type Language } from '../i18n/i18n.ts';

/** Each language named in itself, so an agent finds theirs whatever the screen's language. */
const OWN_NAMES: Record<Language, string> = { ja: '日本語', en: 'English' };

/**
 * A choice of the console's languages: the agent's own (top bar) or the caller's (which
 * script to read out). The label is visible or, in the top bar, for screen readers only.
 */
export function LanguagePicker({
  label,
  value,
  onChange,
  testId,
  className,
  hideLabel = false,
}: {
  label: string;
  value: string;
  onChange: (language: Language) => void;
  testId: string;
  className: string;
  hideLabel?: boolean;
}) {
  return (
    <label className={className}>
      <span className={hideLabel ? 'visually-hidden' : undefined}>{label}</span>
      <select
        data-testid={testId}
        value={value}
        onChange={(event) => onChange(event.target.value as Language)}
      >
        {LANGUAGES.map((language) => (
          <option key={language} value={language}>
            {OWN_NAMES[language]}
          </option>
        ))}
      </select>
    </label>
  );
}
