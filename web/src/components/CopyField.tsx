import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { t } from '../i18n.ts';

interface CopyFieldProps {
  label: string;
  value: string;
  /** Said under the value (how long a link works, where it goes). */
  hint?: string;
}

/** How long "Copied" stays after a copy. */
const copiedForMs = 2000;

/**
 * A value to paste elsewhere (an invitation link, a callback URL, a Token), with a Copy button.
 * Where the browser does not let the page write the clipboard, the value is selected instead and
 * the person is told to copy it themselves.
 */
export function CopyField({ label, value, hint }: CopyFieldProps) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'copied' | 'select'>();

  useEffect(() => {
    if (copied !== 'copied') return;
    const timer = setTimeout(() => setCopied(undefined), copiedForMs);
    return () => clearTimeout(timer);
  }, [copied]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('copied');
    } catch {
      input.current?.select();
      setCopied('select');
    }
  };

  return (
    <div class="copy-field">
      <label class="field__label" for={id}>
        {label}
      </label>
      <div class="copy-field__row">
        <input
          ref={input}
          id={id}
          class="copy-field__value mono"
          readOnly
          value={value}
          aria-describedby={hint ? `${id}-hint` : undefined}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button
          type="button"
          class="button button--small"
          aria-label={t('copy.copyWhat', { label })}
          onClick={() => void copy()}
        >
          {t('copy.copy')}
        </button>
      </div>
      {hint && (
        <span class="field__hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      <span class="copy-field__status" role="status">
        {copied === 'copied' ? t('copy.copied') : copied === 'select' ? t('copy.selectToCopy') : ''}
      </span>
    </div>
  );
}
