import { useEffect, useState } from 'preact/hooks';
import type { Conversation } from '../../../shared/domain/conversation.ts';
import type { FollowUpOutlook } from '../../../shared/domain/follow-up.ts';
import type { ConsoleController } from '../console/console-controller.ts';

/**
 * Once WeChat's window has closed, whether an answer would still reach the customer as a subscribe
 * message: asked again whenever the conversation moves (an answer may have spent the last grant).
 */
export function useFollowUpOutlook(
  controller: ConsoleController,
  conversation: Conversation,
  windowClosed: boolean,
): FollowUpOutlook | undefined {
  const [outlook, setOutlook] = useState<FollowUpOutlook>();
  useEffect(() => {
    if (!windowClosed) {
      setOutlook(undefined);
      return;
    }
    let current = true;
    controller.actions.followUpOutlook(conversation.conversationId).then(
      (read) => current && setOutlook(read),
      // Not knowing is shown as the closed window it is.
      () => current && setOutlook(undefined),
    );
    return () => {
      current = false;
    };
  }, [controller, conversation.conversationId, conversation.lastMessageId, windowClosed]);
  return outlook;
}
