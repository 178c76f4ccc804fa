import { Fragment } from 'preact';
import { useCallback, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Message } from '../../../shared/domain/message.ts';
import { dayLabel, sameDay } from '../format-time.ts';
import { t } from '../i18n.ts';
import type { Names } from '../names.ts';
import type { OutboxEntry } from '../outbox.ts';
import { MessageBubble } from './MessageBubble.tsx';
import { OutboxBubble } from './OutboxBubble.tsx';

/** Within this distance of the bottom the list counts as "at the latest message" and follows new ones. */
const pinnedThresholdPx = 48;

interface MessageListProps {
  conversationId: string;
  messages: readonly Message[];
  agentId: string;
  names: Names;
  now: number;
  /** The agent's unconfirmed sends, shown after everything the server holds. */
  outbox?: readonly OutboxEntry[];
  onSendAgain?: (message: Message) => void;
  onResend?: (entry: OutboxEntry) => void;
  onDiscard?: (entry: OutboxEntry) => void;
}

const noEntries: readonly OutboxEntry[] = [];

/**
 * The thread's messages, oldest at the top. It follows new messages while the agent is at the bottom
 * and, when they scrolled up to read history, leaves them there and offers a jump to the new ones.
 */
export function MessageList({
  conversationId,
  messages,
  agentId,
  names,
  now,
  outbox = noEntries,
  onSendAgain,
  onResend,
  onDiscard,
}: MessageListProps) {
  const container = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const shownCount = useRef(0);
  const outboxCount = useRef(0);
  const [newBelow, setNewBelow] = useState(0);

  const scrollToLatest = useCallback(() => {
    const element = container.current;
    if (!element) return;
    element.scrollTop = element.scrollHeight;
    pinned.current = true;
    setNewBelow(0);
  }, []);

  // Another conversation opens at its latest message.
  useLayoutEffect(() => {
    pinned.current = true;
    shownCount.current = 0;
    outboxCount.current = 0;
    setNewBelow(0);
  }, [conversationId]);

  // The agent just sent something: show it, wherever they had scrolled to.
  useLayoutEffect(() => {
    const grew = outbox.length > outboxCount.current;
    outboxCount.current = outbox.length;
    if (grew) scrollToLatest();
  }, [outbox, scrollToLatest]);

  useLayoutEffect(() => {
    const added = messages.length - shownCount.current;
    shownCount.current = messages.length;
    if (pinned.current) scrollToLatest();
    else if (added > 0) setNewBelow((count) => count + added);
  }, [messages, scrollToLatest]);

  const onScroll = () => {
    const element = container.current;
    if (!element) return;
    pinned.current = element.scrollHeight - element.scrollTop - element.clientHeight < pinnedThresholdPx;
    if (pinned.current) setNewBelow(0);
  };

  // Images change height as they load; stay at the bottom if that is where the agent was.
  const onMediaLoad = useCallback(() => {
    if (pinned.current) scrollToLatest();
  }, [scrollToLatest]);

  return (
    <div class="thread__messages-wrap">
      <div
        class="thread__messages"
        ref={container}
        onScroll={onScroll}
        role="log"
        aria-label={t('thread.messages')}
      >
        {messages.length === 0 && outbox.length === 0 && (
          <p class="thread__placeholder">{t('thread.empty')}</p>
        )}
        {messages.map((message, index) => {
          const previous = messages[index - 1];
          const newDay = !previous || !sameDay(previous.createdAt, message.createdAt);
          return (
            <Fragment key={message.messageId}>
              {newDay && (
                <div class="day-separator">
                  <span>{dayLabel(message.createdAt, now)}</span>
                </div>
              )}
              <MessageBubble
                message={message}
                agentId={agentId}
                names={names}
                onMediaLoad={onMediaLoad}
                onSendAgain={onSendAgain}
              />
            </Fragment>
          );
        })}
        {outbox.map((entry) => (
          <OutboxBubble
            key={entry.clientMessageId}
            entry={entry}
            onResend={(item) => onResend?.(item)}
            onDiscard={(item) => onDiscard?.(item)}
            onMediaLoad={onMediaLoad}
          />
        ))}
      </div>
      {newBelow > 0 && (
        <button class="jump-to-latest" type="button" onClick={scrollToLatest}>
          {t('thread.newBelow', { count: newBelow })} ↓
        </button>
      )}
    </div>
  );
}
