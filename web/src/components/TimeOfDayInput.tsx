interface TimeOfDayInputProps {
  caption: string;
  id: string;
  label: string;
  value: string;
  placeholder: string;
  invalid: boolean;
  onInput(value: string): void;
}

/** An HH:MM field of a window (typed rather than a time picker: 24:00 must be possible). */
export function TimeOfDayInput({
  caption,
  id,
  label,
  value,
  placeholder,
  invalid,
  onInput,
}: TimeOfDayInputProps) {
  return (
    <label class="hours-window__time">
      <span class="hours-window__label">{caption}</span>
      <input
        id={id}
        class="mono"
        value={value}
        placeholder={placeholder}
        size={5}
        autoComplete="off"
        aria-label={label}
        aria-invalid={invalid}
        onInput={(event) => onInput(event.currentTarget.value)}
      />
    </label>
  );
}
