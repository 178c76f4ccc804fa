import type { ComponentChildren } from 'preact';

interface FieldProps {
  /** The id of the control inside, which the label names. */
  id: string;
  label: ComponentChildren;
  /** Said under the control; the control refers to it as `${id}-hint` (aria-describedby). */
  hint?: string;
  children: ComponentChildren;
}

/**
 * A labelled control with a hint below it. The hint stays outside the label, so the control's name
 * is the label alone and the hint is its description.
 */
export function Field({ id, label, hint, children }: FieldProps) {
  return (
    <div class="field">
      <label class="field__label" for={id}>
        {label}
      </label>
      {children}
      {hint && (
        <span class="field__hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
    </div>
  );
}
