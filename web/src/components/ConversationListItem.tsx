import type { Conversation } from '../../../shared/domain/conversation.ts';
import type { ResponseStanding } from '../../../shared/domain/sla.ts';
import { shortenId } from '../format-ids.ts';
import { fullTime, relativeTime } from '../format-time.ts';
import { t } from '../i18n.ts';
import { standingBadge, standingText } from '../response-targets.ts';
import type { Unread } from '../unread.ts';
import { waitedText } from '../waiting-time.ts';
import { withEmoji } from '../wechat-emoji.ts';
import { CustomerAvatar } from './CustomerAvatar.tsx';
import { UnreadBadge } from './UnreadBadge.tsx';

interface ConversationListItemProps {
  conversation: Conversation;
  /** How the console names the customer: their remark name, else their openid shortened. */
  name: string;
  preview: string;
  unread: Unread;
  /** Since when the customer's oldest unanswered message has waited, if one does. */
  waitingSince: number | undefined;
  /** Where it stands against its queue's response-time targets. */
  standing: ResponseStanding;
  selected: boolean;
  now: number;
  onSelect: (conversationId: string) => void;
}

export function ConversationListItem({
  conversation,
  name,
  preview,
  unread,
  waitingSince,
  standing,
  selected,
  now,
  onSelect,
}: ConversationListItemProps) {
  const hasUnread = unread.count > 0;
  const customer = name;
  // A remark name is words, not an id: it is not set in the id's monospace.
  const named = name !== shortenId(conversation.openId);
  const badge = standingBadge(standing);
  return (
    <button
      type="button"
      class={`conversation${selected ? ' conversation--selected' : ''}${hasUnread ? ' conversation--unread' : ''}`}
      aria-current={selected ? 'true' : undefined}
      data-conversation-id={conversation.conversationId}
      onClick={() => onSelect(conversation.conversationId)}
    >
      <CustomerAvatar openId={conversation.openId} />
      <span class="conversation__main">
        <span class="conversation__top">
          <span
            class={`conversation__customer${named ? ' conversation__customer--named' : ''}`}
            title={conversation.openId}
          >
            {customer}
          </span>
          {(waitingSince !== undefined || badge !== undefined) && (
            <span
              class={`conversation__wait${badge ? ` conversation__wait--${standing.status}` : ''}`}
              data-testid="waiting"
              data-sla={standing.status}
              title={
                [
                  waitingSince === undefined
                    ? undefined
                    : t('wait.title', { duration: waitedText(waitingSince, now) }),
                  standingText(standing),
                ]
                  .filter(Boolean)
                  .join(t('sla.separator')) || undefined
              }
            >
              {waitingSince !== undefined && t('wait.label', { duration: waitedText(waitingSince, now) })}
              {badge && (
                <span class="sla-badge" data-testid="sla-badge">
                  {badge}
                  <span class="visually-hidden">{`${t('sla.separator')}${standingText(standing)}`}</span>
                </span>
              )}
            </span>
          )}
          <time
            class="conversation__time"
            dateTime={new Date(conversation.lastMessageAt).toISOString()}
            title={fullTime(conversation.lastMessageAt)}
          >
            {relativeTime(conversation.lastMessageAt, now)}
          </time>
        </span>
        <span class="conversation__bottom">
          <span class="conversation__app" title={t('list.app', { appId: conversation.appId })}>
            {shortenId(conversation.appId, 4, 4)}
          </span>
          <span class="conversation__preview">{withEmoji(preview)}</span>
          {conversation.state === 'closed' && <span class="chip chip--muted">{t('list.closed')}</span>}
          {hasUnread && <UnreadBadge unread={unread} />}
        </span>
      </span>
    </button>
  );
}
