/**
 * A choice from one of the shared code tables (a call's outcome, a reset's reason), with
 * nothing chosen at first so the agent has to pick one on purpose.
 */
export function ChoiceField<T extends string>({
  label,
  placeholder,
  options,
  optionLabel,
  value,
  onChange,
  testId,
}: {
  label: string;
  placeholder: string;
  options: readonly T[];
  optionLabel: (option: T) => string;
  value: T | '';
  onChange: (value: T) => void;
  testId: string;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <select
        data-testid={testId}
        value={value}
        onChange={(event) => onChange(event.target.value as T)}
      >
        <option value="" disabled>
          {placeholder}
        </option>
        {options.map((option) => (
          <option key={option} value={option}>
            {optionLabel(option)}
          </option>
        ))}
      </select>
    </label>
  );
}
