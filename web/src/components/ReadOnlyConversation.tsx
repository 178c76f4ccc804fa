import { useEffect, useState } from 'preact/hooks';
import type { Message } from '../../../shared/domain/message.ts';
import { AbortedError, describeError } from '../api.ts';
import type { ConsoleController } from '../console/console-controller.ts';
import { t } from '../i18n.ts';
import { MessageList } from './MessageList.tsx';
import { Modal } from './Modal.tsx';

interface ReadOnlyConversationProps {
  conversationId: string;
  title: string;
  /** Reads the conversation's messages (nothing of it is kept in the console's threads). */
  load: (conversationId: string) => Promise<Message[]>;
  controller: ConsoleController;
  now: number;
  onClose: () => void;
}

/** A conversation to read, not to answer: its messages as the thread shows them, nothing to send. */
export function ReadOnlyConversation({
  conversationId,
  title,
  load,
  controller,
  now,
  onClose,
}: ReadOnlyConversationProps) {
  const [messages, setMessages] = useState<readonly Message[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    load(conversationId).then(setMessages, (failure: unknown) => {
      if (!(failure instanceof AbortedError)) setError(describeError(failure));
    });
  }, [load, conversationId]);
  const { agent, names } = controller.store.state;
  return (
    <Modal title={title} onClose={onClose}>
      <div class="customer-history__thread" data-testid="earlier-conversation">
        {error && <p role="alert">{t('thread.loadFailed', { problem: error })}</p>}
        {!messages && !error && <p class="customer-panel__empty">{t('thread.loading')}</p>}
        {messages && (
          <MessageList
            conversationId={conversationId}
            messages={messages}
            agentId={agent.agentId}
            names={names}
            now={now}
          />
        )}
      </div>
    </Modal>
  );
}
