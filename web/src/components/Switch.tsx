interface SwitchProps {
  label: string;
  checked: boolean;
  id?: string;
  /** The id of the sentence that explains the switch. */
  describedBy?: string;
  onChange(checked: boolean): void;
}

/** An on/off setting, announced as a switch. */
export function Switch({ label, checked, id, describedBy, onChange }: SwitchProps) {
  return (
    <label class="switch">
      <input
        id={id}
        type="checkbox"
        role="switch"
        class="switch__input"
        checked={checked}
        aria-checked={checked}
        aria-describedby={describedBy}
        onChange={(event) => onChange(event.currentTarget.checked)}
      />
      <span class="switch__track" aria-hidden="true" />
      <span class="switch__label">{label}</span>
    </label>
  );
}
