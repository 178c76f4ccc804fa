import type { Message } from '../../../shared/domain/message.ts';
import { isSystemLine } from '../content-text.ts';
import { clockTime, fullTime } from '../format-time.ts';
import { MessageContentView } from './MessageContentView.tsx';

interface MessageBubbleProps {
  message: Message;
  agentId: string;
  onMediaLoad: () => void;
}

/** One message: customers on the left, agents and bots on the right, events as a centred line. */
export function MessageBubble({ message, agentId, onMediaLoad }: MessageBubbleProps) {
  const time = (
    <time
      class="message__time"
      dateTime={new Date(message.createdAt).toISOString()}
      title={fullTime(message.createdAt)}
    >
      {clockTime(message.createdAt)}
    </time>
  );
  if (isSystemLine(message.content)) {
    return (
      <div class="system-line" data-message-id={message.messageId}>
        <span class="system-line__text">
          <MessageContentView content={message.content} onMediaLoad={onMediaLoad} />
        </span>
        {time}
      </div>
    );
  }
  const side = message.author === 'customer' ? 'customer' : 'agent';
  const author = authorLabel(message, agentId);
  return (
    <div class={`message message--${side}`} data-message-id={message.messageId}>
      <div class={`bubble bubble--${side} bubble--${message.content.type}`}>
        <MessageContentView content={message.content} mediaUrl={message.mediaUrl} onMediaLoad={onMediaLoad} />
      </div>
      <div class="message__meta">
        {author && <span class="message__author">{author}</span>}
        {time}
      </div>
    </div>
  );
}

function authorLabel(message: Message, agentId: string): string | undefined {
  if (message.author === 'bot') return 'Bot';
  if (message.author === 'agent') return message.authorId === agentId ? 'You' : 'Agent';
  return undefined;
}
