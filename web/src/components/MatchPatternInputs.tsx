import { t } from '../i18n.ts';
import { Icon } from './Icon.tsx';

interface MatchPatternInputsProps<M extends string> {
  /** Names the row for screen readers, e.g. "Keyword rule 2". */
  label: string;
  matchLabels: Record<M, string>;
  match: M;
  pattern: string;
  patternId: string;
  placeholder: string;
  invalid: boolean;
  mono?: boolean;
  removeTitle: string;
  onMatch(match: M): void;
  onPattern(pattern: string): void;
  onRemove(): void;
}

/** How a rule matches, what it matches, and a way to remove it: the start of every rule row. */
export function MatchPatternInputs<M extends string>(props: MatchPatternInputsProps<M>) {
  const matches = Object.entries(props.matchLabels) as [M, string][];
  return (
    <>
      <select
        class="form-row__select"
        aria-label={t('qs.match', { label: props.label })}
        value={props.match}
        onChange={(event) => props.onMatch(event.currentTarget.value as M)}
      >
        {matches.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
      <input
        id={props.patternId}
        class={props.mono ? 'form-row__input mono' : 'form-row__input'}
        aria-label={t('qs.pattern', { label: props.label })}
        value={props.pattern}
        placeholder={props.placeholder}
        autoComplete="off"
        spellcheck={!props.mono}
        aria-invalid={props.invalid}
        onInput={(event) => props.onPattern(event.currentTarget.value)}
      />
      <button
        type="button"
        class="button button--quiet button--icon"
        aria-label={t('qs.remove', { label: props.label })}
        title={props.removeTitle}
        onClick={props.onRemove}
      >
        <Icon name="close" size={16} />
      </button>
    </>
  );
}
