import { useEffect, useId, useState } from 'preact/hooks';
import type { AppAgent } from '../api.ts';
import { t } from '../i18n.ts';
import {
  defaultQueueId,
  type FormProblem,
  maxInactivityMinutes,
  parseHumanKeywords,
  type QueueForm,
} from '../queue-settings-form.ts';
import { BusinessHoursFields } from './BusinessHoursFields.tsx';
import { Icon } from './Icon.tsx';
import { KeywordRulesFields } from './KeywordRulesFields.tsx';
import { QueueMembersFields } from './QueueMembersFields.tsx';
import { ResponseTargetsFields } from './ResponseTargetsFields.tsx';
import { QrSceneRulesFields, SessionFromRulesFields } from './SessionFromRulesFields.tsx';

/** What every section of the form is given. */
export interface SectionProps {
  form: QueueForm;
  change: (patch: Partial<QueueForm>) => void;
  /** The element id of a field, as a FormProblem names it. */
  fieldId: (field: string) => string;
  invalid: (field: string) => boolean;
  /** Moves focus to a field once the next render shows it (a row just added, say). */
  focus: (field: string) => void;
}

export interface SaveFeedback {
  /** The server's refusal, or a network problem, in words. */
  problem?: string;
  /** Shown after a save until the next change. */
  saved?: string;
}

interface QueueSettingsFormProps {
  form: QueueForm;
  agents: readonly AppAgent[];
  /** Shown once a save was attempted; empty when the form is fine. */
  problems: readonly FormProblem[];
  feedback: SaveFeedback;
  saving: boolean;
  onChange: (patch: Partial<QueueForm>) => void;
  onSave: () => void;
  /** Offered for a saved queue other than the default one, which takes everyone else. */
  onDelete?: () => void;
  /** Incremented by the owner to move focus to the first problem after a refused save. */
  focusProblems: number;
}

/** One queue's settings, in the order an admin thinks about a queue: who comes, when, what they hear, who serves. */
export function QueueSettingsForm({
  form,
  agents,
  problems,
  feedback,
  saving,
  onChange,
  onSave,
  onDelete,
  focusProblems,
}: QueueSettingsFormProps) {
  const prefix = useId();
  const fieldId = (field: string) => `${prefix}-${field}`;
  const invalid = (field: string) => problems.some((problem) => problem.field === field);
  const [focusTarget, setFocusTarget] = useState<{ field: string }>();
  const titleId = fieldId('title');

  useEffect(() => {
    if (!focusTarget) return;
    document.getElementById(fieldId(focusTarget.field))?.focus();
  }, [focusTarget]);

  useEffect(() => {
    const [first] = problems;
    if (focusProblems > 0 && first) setFocusTarget({ field: first.field });
  }, [focusProblems]);

  const section: SectionProps = {
    form,
    change: onChange,
    fieldId,
    invalid,
    focus: (field) => setFocusTarget({ field }),
  };
  const keywords = parseHumanKeywords(form.humanKeywords);
  const isDefault = form.queueId === defaultQueueId;

  return (
    <form
      class="queue-form"
      aria-labelledby={titleId}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!saving) onSave();
      }}
    >
      <div class="queue-form__scroll">
        <header class="queue-form__header">
          <h3 class="queue-form__title" id={titleId}>
            {form.isNew ? t('qs.newQueue') : form.name.trim() || form.queueId}
          </h3>
          {!form.isNew && <span class="queue-form__id mono">{form.queueId}</span>}
          {isDefault && <span class="chip">{t('qs.default')}</span>}
        </header>

        <section class="queue-form__section" aria-labelledby={fieldId('general-heading')}>
          <h4 class="queue-form__heading" id={fieldId('general-heading')}>
            {t('qs.general')}
          </h4>
          <div class="queue-form__grid">
            {form.isNew && (
              <label class="field">
                <span class="field__label">{t('qs.queueId')}</span>
                <input
                  id={fieldId('queueId')}
                  class="mono"
                  value={form.queueId}
                  placeholder="shop-12"
                  autoComplete="off"
                  spellcheck={false}
                  aria-invalid={invalid('queueId')}
                  aria-describedby={fieldId('queueId-hint')}
                  onInput={(event) => onChange({ queueId: event.currentTarget.value })}
                />
                <span class="field__hint" id={fieldId('queueId-hint')}>
                  {t('qs.queueIdHint')}
                </span>
              </label>
            )}
            <label class="field">
              <span class="field__label">{t('qs.name')}</span>
              <input
                id={fieldId('name')}
                value={form.name}
                placeholder={t('qs.namePlaceholder')}
                maxLength={64}
                autoComplete="off"
                aria-invalid={invalid('name')}
                onInput={(event) => onChange({ name: event.currentTarget.value })}
              />
            </label>
            <label class="field">
              <span class="field__label">{t('qs.inactivity')}</span>
              <input
                id={fieldId('inactivityMinutes')}
                type="number"
                inputMode="numeric"
                min={1}
                max={maxInactivityMinutes}
                step={1}
                value={form.inactivityMinutes}
                aria-invalid={invalid('inactivityMinutes')}
                aria-describedby={fieldId('inactivity-hint')}
                onInput={(event) => onChange({ inactivityMinutes: event.currentTarget.value })}
              />
              <span class="field__hint" id={fieldId('inactivity-hint')}>
                {t('qs.inactivityHint')}
              </span>
            </label>
          </div>
        </section>

        <section class="queue-form__section" aria-labelledby={fieldId('targets-heading')}>
          <h4 class="queue-form__heading" id={fieldId('targets-heading')}>
            {t('qs.responseTargets')}
          </h4>
          <ResponseTargetsFields {...section} />
        </section>

        <section class="queue-form__section" aria-labelledby={fieldId('routing-heading')}>
          <h4 class="queue-form__heading" id={fieldId('routing-heading')}>
            {t('qs.sessionFromRules')}
          </h4>
          <SessionFromRulesFields {...section} />
        </section>

        {form.queueId !== defaultQueueId && (
          <section class="queue-form__section" aria-labelledby={fieldId('scenes-heading')}>
            <h4 class="queue-form__heading" id={fieldId('scenes-heading')}>
              {t('qs.qrSceneRules')}
            </h4>
            <QrSceneRulesFields {...section} />
          </section>
        )}

        <section class="queue-form__section" aria-labelledby={fieldId('hours-heading')}>
          <h4 class="queue-form__heading" id={fieldId('hours-heading')}>
            {t('qs.businessHours')}
          </h4>
          <BusinessHoursFields {...section} />
        </section>

        <section class="queue-form__section" aria-labelledby={fieldId('replies-heading')}>
          <h4 class="queue-form__heading" id={fieldId('replies-heading')}>
            {t('qs.autoReplies')}
          </h4>
          <div class="queue-form__grid">
            {replyTextFields.map((field) => (
              <ReplyTextField key={field} field={field} {...section} />
            ))}
          </div>
          <KeywordRulesFields {...section} />
          <label class="field">
            <span class="field__label">{t('qs.humanKeywords')}</span>
            <input
              id={fieldId('humanKeywords')}
              value={form.humanKeywords}
              placeholder="人工, 客服"
              autoComplete="off"
              aria-invalid={invalid('humanKeywords')}
              aria-describedby={fieldId('humanKeywords-hint')}
              onInput={(event) => onChange({ humanKeywords: event.currentTarget.value })}
            />
            <span class="field__hint" id={fieldId('humanKeywords-hint')}>
              {t('qs.humanKeywordsHint')}
            </span>
          </label>
          {keywords.length > 0 && (
            <ul class="keyword-chips" aria-label={t('qs.humanKeywordsSaved')}>
              {keywords.map((keyword) => (
                <li key={keyword} class="chip">
                  {keyword}
                </li>
              ))}
            </ul>
          )}
        </section>

        <section class="queue-form__section" aria-labelledby={fieldId('members-heading')}>
          <h4 class="queue-form__heading" id={fieldId('members-heading')}>
            {t('qs.members')}
          </h4>
          <QueueMembersFields {...section} agents={agents} />
        </section>
      </div>

      <footer class="queue-form__footer">
        <div class="queue-form__feedback">
          {problems.length > 0 && (
            <div class="notice notice--error queue-form__problems" role="alert">
              <p>{t('qs.problems', { count: problems.length })}</p>
              <ul>
                {problems.slice(0, 3).map((problem) => (
                  <li key={problem.field}>{problem.message}</li>
                ))}
                {problems.length > 3 && <li>{t('qs.moreProblems', { count: problems.length - 3 })}</li>}
              </ul>
            </div>
          )}
          {problems.length === 0 && feedback.problem && (
            <p class="notice notice--error" role="alert">
              {feedback.problem}
            </p>
          )}
          <p class="queue-form__saved" role="status">
            {feedback.saved && (
              <>
                <Icon name="check" size={16} />
                {feedback.saved}
              </>
            )}
          </p>
        </div>
        {onDelete && (
          <button type="button" class="button button--danger-quiet" disabled={saving} onClick={onDelete}>
            {t('qs.delete')}
          </button>
        )}
        <button type="submit" class="button button--primary" disabled={saving}>
          {saving ? t('qs.saving') : form.isNew ? t('qs.create') : t('qs.save')}
        </button>
      </footer>
    </form>
  );
}

/** The queue's automatic messages that are one text each, in the order the form shows them. */
const replyTextFields = ['welcome', 'offHours', 'pickUp', 'closing', 'survey', 'surveyThanks'] as const;

function ReplyTextField({
  field,
  form,
  change,
  fieldId,
  invalid,
}: SectionProps & { field: (typeof replyTextFields)[number] }) {
  return (
    <label class="field">
      <span class="field__label">
        {t(`qs.${field}`)} <span class="field__optional">{t('common.optional')}</span>
      </span>
      <textarea
        id={fieldId(field)}
        class="queue-form__textarea"
        rows={3}
        value={form[field]}
        placeholder={t(`qs.${field}Placeholder`)}
        aria-invalid={invalid(field)}
        onInput={(event) => change({ [field]: event.currentTarget.value })}
      />
    </label>
  );
}
