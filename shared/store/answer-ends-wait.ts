/**
 * What an agent's answer writes of the customer's wait (`unansweredSince`): it ends the wait, only if
 * it is still the one read, and the answer keeps it (`clearedUnansweredSince`), so that the wait counts
 * again should WeChat refuse the answer for good (`reopenWait` in conversations-repository.ts).
 */
export function answerEndsWait(read: number | undefined) {
  return {
    /** Spread into the answer's message. */
    onAnswer: read === undefined ? {} : { clearedUnansweredSince: read },
    /** For the conversation update's REMOVE clause. */
    remove: 'unansweredSince',
    /** To AND into the conversation update's condition. */
    condition:
      read === undefined ? 'attribute_not_exists(unansweredSince)' : 'unansweredSince = :unansweredSince',
    values: read === undefined ? {} : { ':unansweredSince': read },
  };
}
