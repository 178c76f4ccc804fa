import type { Conversation } from '../domain/conversation.ts';
import type { Message } from '../domain/message.ts';

export type LifecycleRefusal = 'not_found' | 'not_assigned' | 'unavailable' | 'conflict';

/** What an agent's action on a conversation came to: done, or refused with a sentence to show them. */
export type LifecycleOutcome =
  | { outcome: 'done'; message: Message; conversation: Conversation }
  | { outcome: 'refused'; reason: LifecycleRefusal; sentence: string };

export const notFound = {
  outcome: 'refused',
  reason: 'not_found',
  sentence: 'The conversation does not exist.',
} as const satisfies LifecycleOutcome;

export function refused(reason: LifecycleRefusal, sentence: string): LifecycleOutcome {
  return { outcome: 'refused', reason, sentence };
}
