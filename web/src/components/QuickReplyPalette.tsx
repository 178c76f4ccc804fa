import { useEffect } from 'preact/hooks';
import type { QuickReplyListing, QuickReplyScope } from '../../../shared/domain/quick-reply.ts';
import { paletteOptionId } from '../hooks/use-quick-reply-palette.ts';
import { t } from '../i18n.ts';

interface QuickReplyPaletteProps {
  /** The listbox's id, which the composer's textarea controls. */
  id: string;
  options: readonly QuickReplyListing[];
  activeIndex: number;
  /** The list has not been read yet. */
  loading: boolean;
  error?: string;
  /** What a queue's replies are labelled with: its name, where the console knows it. */
  queueName: (appId: string, queueId: string) => string;
  onPick: (index: number) => void;
  onManage: () => void;
}

/** Whose a reply is, in a word: the agent's own, a queue's, or everyone's. */
export function scopeLabel(scope: QuickReplyScope, queueName: (appId: string, queueId: string) => string) {
  switch (scope.kind) {
    case 'personal':
      return t('quickReplies.scope.personal');
    case 'workspace':
      return t('quickReplies.scope.workspace');
    case 'queue':
      return t('quickReplies.scope.queue', { name: queueName(scope.appId, scope.queueId) });
  }
}

/**
 * The `/` palette above the composer: the quick replies the query finds, the active one marked. The
 * keyboard stays in the textarea (a combobox: Up and Down move, Enter or Tab inserts, Escape closes,
 * see Composer.tsx); a click or a tap inserts too, without taking the focus from the text.
 */
export function QuickReplyPalette({
  id,
  options,
  activeIndex,
  loading,
  error,
  queueName,
  onPick,
  onManage,
}: QuickReplyPaletteProps) {
  useEffect(() => {
    document.getElementById(paletteOptionId(id, activeIndex))?.scrollIntoView({ block: 'nearest' });
  }, [id, activeIndex]);

  const keepFocus = (event: MouseEvent) => event.preventDefault();
  const empty = loading ? t('quickReplies.loading') : (error ?? t('quickReplies.none'));

  return (
    <div class="palette" data-testid="quick-reply-palette">
      <div class="palette__list" id={id} role="listbox" aria-label={t('quickReplies.title')}>
        {options.map((reply, index) => (
          // biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard stays in the textarea, which points here with aria-activedescendant
          <div
            key={reply.quickReplyId}
            id={paletteOptionId(id, index)}
            class={`palette__option${index === activeIndex ? ' palette__option--active' : ''}`}
            role="option"
            aria-selected={index === activeIndex}
            tabIndex={-1}
            onMouseDown={keepFocus}
            onClick={() => onPick(index)}
          >
            <span class="palette__head">
              <span class="palette__title">{reply.title ?? reply.text}</span>
              {reply.menu && <span class="chip">{t('quickReplies.menu')}</span>}
              <span class="chip palette__scope">{scopeLabel(reply.scope, queueName)}</span>
            </span>
            {reply.title !== undefined && <span class="palette__preview">{reply.text}</span>}
            {reply.menu && (
              <span class="palette__preview">
                {reply.menu.options.map((option) => option.text).join(' / ')}
              </span>
            )}
          </div>
        ))}
      </div>
      {options.length === 0 && (
        <p class="palette__empty" role="status">
          {empty}
        </p>
      )}
      <div class="palette__footer">
        <span class="palette__keys">{t('quickReplies.keys')}</span>
        <button
          type="button"
          class="button button--quiet button--small"
          onMouseDown={keepFocus}
          onClick={onManage}
        >
          {t('quickReplies.manage')}
        </button>
      </div>
    </div>
  );
}
