import { t } from '../i18n.ts';

/** The foot of a composer form (card, link card, menu): why it cannot be sent yet, cancel, send. */
export function CardFormActions({
  problem,
  problemId,
  sendLabel,
  onCancel,
}: {
  problem: string | undefined;
  problemId: string;
  sendLabel: string;
  onCancel: () => void;
}) {
  return (
    <div class="card-form__actions">
      {problem && (
        <p class="card-form__problem" id={problemId}>
          {problem}
        </p>
      )}
      <button type="button" class="button" onClick={onCancel}>
        {t('common.cancel')}
      </button>
      <button
        type="submit"
        class="button button--primary"
        disabled={problem !== undefined}
        aria-describedby={problem ? problemId : undefined}
      >
        {sendLabel}
      </button>
    </div>
  );
}
