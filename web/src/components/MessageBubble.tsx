import { useEffect, useRef, useState } from 'preact/hooks';
import type { Message } from '../../../shared/domain/message.ts';
import { isSystemLine } from '../content-text.ts';
import { failureText } from '../failure-text.ts';
import { clockTime, fullTime } from '../format-time.ts';
import { t } from '../i18n.ts';
import { lifecycleText } from '../lifecycle-text.ts';
import { agentName, type Names } from '../names.ts';
import { outgoingContentOf } from '../outgoing-content.ts';
import { DeliveryStatus } from './DeliveryStatus.tsx';
import { MessageContentView } from './MessageContentView.tsx';
import { NoteBubble } from './NoteBubble.tsx';

interface MessageBubbleProps {
  message: Message;
  agentId: string;
  names: Names;
  onMediaLoad: () => void;
  /** Sends a failed message's content again, as a new message. */
  onSendAgain?: (message: Message) => void;
}

/** One message: customers on the left, agents and bots on the right, events as a centred line. */
export function MessageBubble({ message, agentId, names, onMediaLoad, onSendAgain }: MessageBubbleProps) {
  const time = (
    <time
      class="message__time"
      dateTime={new Date(message.createdAt).toISOString()}
      title={fullTime(message.createdAt)}
    >
      {clockTime(message.createdAt)}
    </time>
  );
  if (message.content.type === 'note') return <NoteBubble message={message} time={time} />;
  if (isSystemLine(message.content)) {
    const lifecycle =
      message.direction === 'internal' && message.content.type === 'event'
        ? lifecycleText(message.content, message.appId, { agentId, names })
        : undefined;
    return (
      <div
        class={`system-line${lifecycle ? ' system-line--lifecycle' : ''}`}
        data-message-id={message.messageId}
      >
        <span class="system-line__text">
          {lifecycle ?? <MessageContentView content={message.content} onMediaLoad={onMediaLoad} />}
        </span>
        {time}
      </div>
    );
  }
  const side = message.author === 'customer' ? 'customer' : 'agent';
  const author = authorLabel(message, agentId, names);
  const outbound = message.direction === 'outbound';
  const failed = outbound && message.status === 'failed';
  return (
    <div
      class={`message message--${side}`}
      data-message-id={message.messageId}
      data-client-message-id={message.clientMessageId}
      data-status={outbound ? message.status : undefined}
    >
      <div class={`bubble bubble--${side} bubble--${message.content.type}${failed ? ' bubble--failed' : ''}`}>
        <MessageContentView
          content={message.content}
          mediaUrl={message.mediaUrl}
          thumbMediaUrl={message.thumbMediaUrl}
          fromAgent={side === 'agent'}
          onMediaLoad={onMediaLoad}
        />
      </div>
      <div class="message__meta">
        {author && <span class="message__author">{author}</span>}
        {time}
        {outbound && message.status && <DeliveryStatus status={message.status} />}
        {message.followUp && message.status === 'sent' && (
          <span class="message__follow-up" data-testid="follow-up-sent">
            {t('followUp.sent')}
          </span>
        )}
      </div>
      {failed && <FailedNotice message={message} onSendAgain={onSendAgain} />}
    </div>
  );
}

/**
 * Why WeChat did not deliver, and a way to send the same content again. Never with one click: the
 * retry is a new message, and the reason WeChat refused (a closed window, a blocked account) may well
 * still hold, so the agent confirms having read it.
 */
function FailedNotice({
  message,
  onSendAgain,
}: {
  message: Message;
  onSendAgain?: (message: Message) => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const retryButton = useRef<HTMLButtonElement>(null);
  /** After Cancel, focus goes back to the button that asked. */
  const returnFocus = useRef(false);
  useEffect(() => {
    if (confirming || !returnFocus.current) return;
    returnFocus.current = false;
    retryButton.current?.focus();
  }, [confirming]);
  const reason = failureText(message.failure);
  const canRetry = onSendAgain !== undefined && outgoingContentOf(message.content) !== undefined;
  const confirmId = `confirm-${message.messageId}`;
  return (
    <div class="message__problem">
      <p>
        <span class="visually-hidden">{t('message.notDelivered')} </span>
        {reason}
        {message.failure?.errcode !== undefined && (
          <span class="message__errcode">
            {' '}
            {t('message.wechatError', { errcode: message.failure.errcode })}
          </span>
        )}
      </p>
      {canRetry && !confirming && (
        <button
          ref={retryButton}
          type="button"
          class="button button--small"
          onClick={() => setConfirming(true)}
        >
          {t('message.retry')}
        </button>
      )}
      {canRetry && confirming && (
        <ConfirmSendAgain
          id={confirmId}
          onConfirm={() => {
            setConfirming(false);
            onSendAgain(message);
          }}
          onCancel={() => {
            returnFocus.current = true;
            setConfirming(false);
          }}
        />
      )}
    </div>
  );
}

function ConfirmSendAgain({
  id,
  onConfirm,
  onCancel,
}: {
  id: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const confirm = useRef<HTMLButtonElement>(null);
  // The confirmation was just asked for: its answer is the next thing to do.
  useEffect(() => confirm.current?.focus(), []);
  return (
    <fieldset class="confirm" aria-labelledby={id}>
      <p id={id}>{t('message.sendAgainQuestion')}</p>
      <div class="confirm__actions">
        <button ref={confirm} type="button" class="button button--small button--primary" onClick={onConfirm}>
          {t('message.sendAgain')}
        </button>
        <button type="button" class="button button--small" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </fieldset>
  );
}

/** After a transfer the thread holds a colleague's replies too: they are named where the name is known. */
function authorLabel(message: Message, agentId: string, names: Names): string | undefined {
  if (message.author === 'bot') return t('message.bot');
  if (message.author !== 'agent') return undefined;
  if (message.authorId === agentId) return t('message.you');
  return (message.authorId && agentName(names, message.authorId)) || t('message.agent');
}
