import { t } from '../i18n.ts';
import { type KeywordRow, keywordMatchLabels, newKeywordRow } from '../queue-settings-form.ts';
import { MatchPatternInputs } from './MatchPatternInputs.tsx';
import type { SectionProps } from './QueueSettingsForm.tsx';

/** Answers to frequent questions, sent to customers nobody serves yet; the first rule that matches wins. */
export function KeywordRulesFields({ form, change, fieldId, invalid, focus }: SectionProps) {
  const setRule = (key: string, patch: Partial<KeywordRow>) =>
    change({ keywords: form.keywords.map((rule) => (rule.key === key ? { ...rule, ...patch } : rule)) });
  const add = () => {
    const rule = newKeywordRow();
    change({ keywords: [...form.keywords, rule] });
    focus(`keyword-${rule.key}-pattern`);
  };

  return (
    <fieldset class="queue-form__group">
      <legend class="field__label">{t('qs.keywordReplies')}</legend>
      <p class="queue-form__hint">{t('qs.keywordHint')}</p>
      {form.keywords.length > 0 && (
        <ul class="form-rows">
          {form.keywords.map((rule, index) => {
            const label = t('qs.keywordRule', { number: index + 1 });
            const patternField = `keyword-${rule.key}-pattern`;
            const replyField = `keyword-${rule.key}-reply`;
            return (
              <li key={rule.key} class="form-row form-row--keyword">
                <MatchPatternInputs
                  label={label}
                  matchLabels={keywordMatchLabels()}
                  match={rule.match}
                  pattern={rule.pattern}
                  patternId={fieldId(patternField)}
                  placeholder={rule.match === 'regex' ? '退(货|款)' : '发货'}
                  invalid={invalid(patternField)}
                  removeTitle={t('qs.removeKeyword')}
                  onMatch={(match) => setRule(rule.key, { match })}
                  onPattern={(pattern) => setRule(rule.key, { pattern })}
                  onRemove={() => {
                    change({ keywords: form.keywords.filter((item) => item.key !== rule.key) });
                    focus('add-keyword');
                  }}
                />
                <textarea
                  id={fieldId(replyField)}
                  class="form-row__reply queue-form__textarea"
                  aria-label={t('qs.keywordReply', { label })}
                  rows={2}
                  value={rule.reply}
                  placeholder={t('qs.keywordReplyPlaceholder')}
                  aria-invalid={invalid(replyField)}
                  onInput={(event) => setRule(rule.key, { reply: event.currentTarget.value })}
                />
              </li>
            );
          })}
        </ul>
      )}
      <div>
        <button type="button" id={fieldId('add-keyword')} class="button button--small" onClick={add}>
          {t('qs.addKeyword')}
        </button>
      </div>
    </fieldset>
  );
}
