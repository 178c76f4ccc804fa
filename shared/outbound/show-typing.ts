import { type Actor, decide, isHidden } from '../domain/permissions.ts';
import { logger } from '../observability/logger.ts';
import { getAppCached } from '../store/app-cache.ts';
import { claimTyping, getConversation } from '../store/conversations-repository.ts';
import { WeChatApiError, WeChatUnavailableError } from '../wechat/api-client.ts';
import { callWeChat } from '../wechat/wechat-call.ts';
import { wechatContext } from '../wechat/wechat-context.ts';

/** WeChat's typing rules (WECHAT.md §7): only within 30 s of the customer's message, lasting 15 s. */
const interactionWindowMs = 30_000;
const typingLastsMs = 15_000;

export type TypingResult = { shown: true } | { shown: false; reason: string };

/**
 * Shows "typing" to the customer while an agent types. This is the one WeChat call made outside the
 * stream consumer: a typing hint that arrives late is worthless, and nothing is lost if it is dropped.
 */
export async function showTyping(
  actor: Actor,
  conversationId: string,
  now = Date.now(),
): Promise<TypingResult> {
  const conversation = await getConversation(conversationId);
  const decision = conversation && decide(actor, 'typing', conversation);
  if (!conversation || !decision || isHidden(decision)) {
    return { shown: false, reason: 'The conversation does not exist.' };
  }
  if (conversation.state !== 'active' || !decision.allowed) {
    return { shown: false, reason: 'This conversation is not assigned to you.' };
  }
  const lastHeard = conversation.lastCustomerMessageAt ?? 0;
  if (now - lastHeard > interactionWindowMs) {
    return {
      shown: false,
      reason: 'WeChat shows typing only within 30 seconds of the customer’s last message.',
    };
  }
  if (!(await claimTyping(conversationId, now, now + typingLastsMs))) {
    return { shown: false, reason: 'The customer already sees that you are typing.' };
  }
  const app = await getAppCached(conversation.appId);
  if (!app) return { shown: false, reason: 'The WeChat app no longer exists.' };
  const context = wechatContext();
  try {
    // A typing hint is not worth a retry: by the time it went through, it would be stale.
    await callWeChat(app, { ...context, retryDelaysMs: [] }, (token) =>
      context.wechat.setTyping(token, conversation.openId, true),
    );
    return { shown: true };
  } catch (error) {
    if (error instanceof WeChatApiError)
      return { shown: false, reason: `WeChat refused (error ${error.errcode}).` };
    // Best effort: WeChat out of reach (network failure, timeout) or a token that could not be had is
    // said to the agent, never a 500; nothing waits on a typing hint.
    logger.warn('typing not shown', {
      appId: app.appId,
      conversationId,
      error: error instanceof Error ? error.message : String(error),
    });
    return {
      shown: false,
      reason:
        error instanceof WeChatUnavailableError
          ? 'WeChat did not answer; the customer does not see that you are typing.'
          : 'Typing could not be shown; the customer does not see that you are typing.',
    };
  }
}
