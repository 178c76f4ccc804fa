/**
 * WeChat's typing rules (WECHAT.md §7, enforced by the server too): "typing" can be shown only within
 * 30 seconds of the customer's last message and lasts 15 seconds, so the console signals at most once
 * per 15 seconds and only while the customer's message is that fresh. Never more: every signal is a
 * WeChat API call.
 */
const typingEveryMs = 15_000;
const typingWithinMs = 30_000;

export function shouldSignalTyping(options: {
  lastSignalAt: number | undefined;
  lastCustomerMessageAt: number | undefined;
  now: number;
}): boolean {
  const { lastSignalAt, lastCustomerMessageAt, now } = options;
  if (lastCustomerMessageAt === undefined || now - lastCustomerMessageAt > typingWithinMs) return false;
  return lastSignalAt === undefined || now - lastSignalAt >= typingEveryMs;
}
