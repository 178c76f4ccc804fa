import { type MessageKey, t } from '../i18n.ts';
import {
  defaultQueueId,
  newRuleRow,
  type QueueForm,
  type RuleRow,
  ruleMatchLabels,
} from '../queue-settings-form.ts';
import { MatchPatternInputs } from './MatchPatternInputs.tsx';
import type { SectionProps } from './QueueSettingsForm.tsx';

/** Which customers come to the queue, by the `SessionFrom` of the button they pressed. */
export function SessionFromRulesFields(props: SectionProps) {
  if (props.form.queueId === defaultQueueId) {
    return <p class="queue-form__hint">{t('qs.defaultRules')}</p>;
  }
  return (
    <RuleRowsFields
      {...props}
      list="rules"
      field="rule"
      words={{
        hint: 'qs.rulesHint',
        none: 'qs.noRules',
        row: 'qs.rule',
        remove: 'qs.removeRule',
        add: 'qs.addRule',
      }}
      placeholders={['^shop:(12|13)$', 'vip:']}
    />
  );
}

/** Which customers come to the queue, by the scene of the Official Account QR code they scanned. */
export function QrSceneRulesFields(props: SectionProps) {
  return (
    <RuleRowsFields
      {...props}
      list="sceneRules"
      field="scene"
      words={{
        hint: 'qs.scenesHint',
        none: 'qs.noScenes',
        row: 'qs.scene',
        remove: 'qs.removeScene',
        add: 'qs.addScene',
      }}
      placeholders={['^store-(a|b)$', 'store-a']}
    />
  );
}

interface RuleRowsProps extends SectionProps {
  list: 'rules' | 'sceneRules';
  /** Prefix of the rows' field names, as the form's problems name them. */
  field: string;
  words: Record<'hint' | 'none' | 'row' | 'remove' | 'add', MessageKey>;
  /** For a regex rule, and for the others. */
  placeholders: [string, string];
}

function RuleRowsFields({
  form,
  change,
  fieldId,
  invalid,
  focus,
  list,
  field,
  words,
  placeholders,
}: RuleRowsProps) {
  const rules: RuleRow[] = form[list];
  const changeRules = (next: RuleRow[]) => change({ [list]: next } as Partial<QueueForm>);
  const setRule = (key: string, patch: Partial<RuleRow>) =>
    changeRules(rules.map((rule) => (rule.key === key ? { ...rule, ...patch } : rule)));
  const addId = `add-${field}`;
  const add = () => {
    const rule = newRuleRow();
    changeRules([...rules, rule]);
    focus(`${field}-${rule.key}-pattern`);
  };

  return (
    <>
      <p class="queue-form__hint">{t(words.hint)}</p>
      {rules.length === 0 ? (
        <p class="queue-form__empty">{t(words.none)}</p>
      ) : (
        <ul class="form-rows">
          {rules.map((rule, index) => {
            const patternField = `${field}-${rule.key}-pattern`;
            return (
              <li key={rule.key} class="form-row form-row--rule">
                <MatchPatternInputs
                  label={t(words.row, { number: index + 1 })}
                  matchLabels={ruleMatchLabels()}
                  match={rule.match}
                  pattern={rule.pattern}
                  patternId={fieldId(patternField)}
                  placeholder={rule.match === 'regex' ? placeholders[0] : placeholders[1]}
                  invalid={invalid(patternField)}
                  mono
                  removeTitle={t(words.remove)}
                  onMatch={(match) => setRule(rule.key, { match })}
                  onPattern={(pattern) => setRule(rule.key, { pattern })}
                  onRemove={() => {
                    changeRules(rules.filter((item) => item.key !== rule.key));
                    focus(addId);
                  }}
                />
              </li>
            );
          })}
        </ul>
      )}
      <div>
        <button type="button" id={fieldId(addId)} class="button button--small" onClick={add}>
          {t(words.add)}
        </button>
      </div>
    </>
  );
}
