import { useId } from 'preact/hooks';
import { useLocale } from '../hooks/use-locale.ts';
import { type Locale, locales, setLocale, t } from '../i18n.ts';

/** 中文 / English: switches the console's language at once and remembers it in this browser. */
export function LanguageSelect() {
  const locale = useLocale();
  const id = useId();
  return (
    <span class="language-select">
      <label class="visually-hidden" for={id}>
        {t('topbar.language')}
      </label>
      <select
        id={id}
        class="language-select__select"
        value={locale}
        data-testid="language-select"
        onChange={(event) => setLocale(event.currentTarget.value as Locale)}
      >
        {locales.map((option) => (
          <option key={option} value={option} lang={option}>
            {t(`language.${option}`)}
          </option>
        ))}
      </select>
    </span>
  );
}
