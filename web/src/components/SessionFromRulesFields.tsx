import { t } from '../i18n.ts';
import { defaultQueueId, newRuleRow, type RuleRow, ruleMatchLabels } from '../queue-settings-form.ts';
import { MatchPatternInputs } from './MatchPatternInputs.tsx';
import type { SectionProps } from './QueueSettingsForm.tsx';

/** Which customers come to the queue, by the `SessionFrom` of the button they pressed. */
export function SessionFromRulesFields({ form, change, fieldId, invalid, focus }: SectionProps) {
  if (form.queueId === defaultQueueId) {
    return <p class="queue-form__hint">{t('qs.defaultRules')}</p>;
  }
  const setRule = (key: string, patch: Partial<RuleRow>) =>
    change({ rules: form.rules.map((rule) => (rule.key === key ? { ...rule, ...patch } : rule)) });
  const add = () => {
    const rule = newRuleRow();
    change({ rules: [...form.rules, rule] });
    focus(`rule-${rule.key}-pattern`);
  };

  return (
    <>
      <p class="queue-form__hint">{t('qs.rulesHint')}</p>
      {form.rules.length === 0 ? (
        <p class="queue-form__empty">{t('qs.noRules')}</p>
      ) : (
        <ul class="form-rows">
          {form.rules.map((rule, index) => {
            const label = t('qs.rule', { number: index + 1 });
            const patternField = `rule-${rule.key}-pattern`;
            return (
              <li key={rule.key} class="form-row form-row--rule">
                <MatchPatternInputs
                  label={label}
                  matchLabels={ruleMatchLabels()}
                  match={rule.match}
                  pattern={rule.pattern}
                  patternId={fieldId(patternField)}
                  placeholder={rule.match === 'regex' ? '^shop:(12|13)$' : 'vip:'}
                  invalid={invalid(patternField)}
                  mono
                  removeTitle={t('qs.removeRule')}
                  onMatch={(match) => setRule(rule.key, { match })}
                  onPattern={(pattern) => setRule(rule.key, { pattern })}
                  onRemove={() => {
                    change({ rules: form.rules.filter((item) => item.key !== rule.key) });
                    focus('add-rule');
                  }}
                />
              </li>
            );
          })}
        </ul>
      )}
      <div>
        <button type="button" id={fieldId('add-rule')} class="button button--small" onClick={add}>
          {t('qs.addRule')}
        </button>
      </div>
    </>
  );
}
