import { t } from '../i18n.ts';

/** A composer form's key handler: Escape cancels it, as the Cancel button does. */
export function onEscape(onCancel: () => void) {
  return (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onCancel();
    }
  };
}

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
