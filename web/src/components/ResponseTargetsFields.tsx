import { reassignLimits, responseTargetLimits } from '../../../shared/domain/sla.ts';
import { t } from '../i18n.ts';
import type { SectionProps } from './QueueSettingsForm.tsx';

const targetFields = [
  {
    field: 'firstResponseMinutes',
    label: 'qs.firstResponse',
    hint: 'qs.firstResponseHint',
    limits: responseTargetLimits,
  },
  {
    field: 'nextResponseMinutes',
    label: 'qs.nextResponse',
    hint: 'qs.nextResponseHint',
    limits: responseTargetLimits,
  },
  {
    field: 'reassignAfterMinutes',
    label: 'qs.reassignAfter',
    hint: 'qs.reassignAfterHint',
    limits: reassignLimits,
  },
] as const;

/** A queue's response-time targets (SLA) and its rule reassigning unanswered conversations: minutes, each optional. */
export function ResponseTargetsFields({ form, change, fieldId, invalid }: SectionProps) {
  return (
    <>
      <p class="field__hint" id={fieldId('targets-hint')}>
        {t('qs.responseTargetsHint')}
      </p>
      <div class="queue-form__grid">
        {targetFields.map(({ field, label, hint, limits }) => (
          <label key={field} class="field">
            <span class="field__label">
              {t(label)} <span class="field__optional">{t('common.optional')}</span>
            </span>
            <input
              id={fieldId(field)}
              type="number"
              inputMode="numeric"
              min={limits.minMinutes}
              max={limits.maxMinutes}
              step={1}
              value={form[field]}
              aria-invalid={invalid(field)}
              aria-describedby={`${fieldId(`${field}-hint`)} ${fieldId('targets-hint')}`}
              onInput={(event) => change({ [field]: event.currentTarget.value })}
            />
            <span class="field__hint" id={fieldId(`${field}-hint`)}>
              {t(hint)}
            </span>
          </label>
        ))}
      </div>
    </>
  );
}
