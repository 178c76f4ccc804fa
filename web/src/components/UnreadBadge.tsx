import { t } from '../i18n.ts';
import { type Unread, unreadLabel } from '../unread.ts';

/** A number when the console knows how many; a dot when it only knows there is something new. */
export function UnreadBadge({ unread }: { unread: Unread }) {
  if (!unread.exact && unread.count <= 1) {
    return (
      <span class="badge badge--dot">
        <span class="visually-hidden">{t('unread.new')}</span>
      </span>
    );
  }
  return (
    <span class="badge">
      {unreadLabel(unread)}
      <span class="visually-hidden"> {t('unread.count')}</span>
    </span>
  );
}
