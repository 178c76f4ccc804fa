/**
 * Which conversation each customer had last, as this process saw it: a warm callback instance that
 * has seen a customer reads their open conversation without reading their item first (the pointer
 * to it), half a read unit per message. Only a hint, never the truth: a customer has one open
 * conversation at most, and the write that follows the read is conditioned on the conversation's
 * state, so a hint that is out of date (the conversation closed, another one opened elsewhere) costs
 * one more read and nothing else (shared/conversations/inbound-recorder.ts).
 */

/** Enough for the customers of a busy instance; a customer forgotten costs half a read unit. */
const capacity = 10_000;

const latest = new Map<string, string>();

const keyOf = (appId: string, openId: string) => `${appId}\n${openId}`;

export function latestConversationId(appId: string, openId: string): string | undefined {
  return latest.get(keyOf(appId, openId));
}

export function noteLatestConversation(appId: string, openId: string, conversationId: string): void {
  const key = keyOf(appId, openId);
  // Re-inserted so that the Map's order is that of use: the first key is the one used longest ago.
  latest.delete(key);
  latest.set(key, conversationId);
  if (latest.size > capacity) latest.delete(latest.keys().next().value as string);
}
