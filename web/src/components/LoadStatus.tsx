import { t } from '../i18n.ts';

/**
 * What a dialog shows while what it needs is loading, or when loading failed (with a retry); nothing
 * once it is there. The sentences are the dialog's own.
 */
export function LoadStatus({
  state,
  loading,
  failed,
  retry,
  extraClass = '',
}: {
  state: { status: 'loading' } | { status: 'failed'; problem: string } | { status: 'ready' };
  loading: string;
  failed: (problem: string) => string;
  retry: () => void;
  extraClass?: string;
}) {
  if (state.status === 'loading') {
    return (
      <p class={`modal__placeholder ${extraClass}`.trim()} role="status">
        {loading}
      </p>
    );
  }
  if (state.status === 'failed') {
    return (
      <div class={`notice notice--error transfer__failed ${extraClass}`.trim()} role="alert">
        <p>{failed(state.problem)}</p>
        <button type="button" class="button button--small" onClick={retry}>
          {t('common.tryAgain')}
        </button>
      </div>
    );
  }
  return null;
}
