/**
 * Whether an answer written now would reach the customer as a follow-up (follow-up.ts): told to the
 * console before the agent writes, to whoever may read the conversation.
 */
import { type FollowUpOutlook, followUpChance } from '../domain/follow-up.ts';
import { type Actor, decide, isHidden } from '../domain/permissions.ts';
import { allowance } from '../domain/reply-window.ts';
import { getApp } from '../store/apps-repository.ts';
import { getConversation } from '../store/conversations-repository.ts';
import { grantsLeft } from '../store/subscription-grants-repository.ts';

export type FollowUpOutlookResult =
  | { outcome: 'read'; outlook: FollowUpOutlook }
  | { outcome: 'refused'; refusal: 'not_found' | 'forbidden' };

export async function readFollowUpOutlook(
  actor: Actor,
  conversationId: string,
): Promise<FollowUpOutlookResult> {
  const conversation = await getConversation(conversationId);
  const decision = conversation ? decide(actor, 'read', conversation) : undefined;
  if (!conversation || !decision || isHidden(decision)) return { outcome: 'refused', refusal: 'not_found' };
  if (!decision.allowed) return { outcome: 'refused', refusal: 'forbidden' };
  const app = await getApp(conversation.appId);
  const template = app?.followUp;
  const left = template ? await grantsLeft(conversation.appId, conversation.openId, template.templateId) : 0;
  const window = allowance(conversation.replyWindow, Date.now());
  const windowClosed = !window.allowed && window.reason === 'window_closed';
  return {
    outcome: 'read',
    outlook: { chance: followUpChance({ windowClosed, template, grantsLeft: left }), grantsLeft: left },
  };
}
