import { useEffect } from 'preact/hooks';
import type { ConsoleNotice } from '../console-state.ts';
import { t } from '../i18n.ts';
import { Icon } from './Icon.tsx';

/** Long enough to read a sentence twice; the thread keeps saying what happened after it is gone. */
const visibleForMs = 10_000;

interface NoticesProps {
  notices: readonly ConsoleNotice[];
  onDismiss: (id: number) => void;
}

/** Things that happened out of the agent's view ("Transferred to Alice"), read out politely. */
export function Notices({ notices, onDismiss }: NoticesProps) {
  return (
    <div class="notices" role="status" aria-live="polite">
      {notices.map((notice) => (
        <NoticeItem key={notice.id} notice={notice} onDismiss={onDismiss} />
      ))}
    </div>
  );
}

function NoticeItem({ notice, onDismiss }: { notice: ConsoleNotice; onDismiss: (id: number) => void }) {
  useEffect(() => {
    const timer = setTimeout(() => onDismiss(notice.id), visibleForMs);
    return () => clearTimeout(timer);
  }, [notice.id, onDismiss]);
  return (
    <div class="notices__item" data-notice-id={notice.id}>
      <p>
        <span class="notices__text">{notice.text}</span>
        {notice.subject && <span class="notices__subject"> · {notice.subject}</span>}
      </p>
      <button
        type="button"
        class="button button--quiet button--icon"
        aria-label={t('common.dismiss')}
        onClick={() => onDismiss(notice.id)}
      >
        <Icon name="close" size={16} />
      </button>
    </div>
  );
}
