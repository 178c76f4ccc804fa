/**
 * A queue's response-time targets (SLA) and where a conversation stands against them, for the agents'
 * conversation list and the supervisors' floor. Pure: the console runs it on its own ticking clock, so
 * a conversation moves from on track to due soon to breached without a word from the server.
 *
 * - First response: minutes from the conversation's opening (the customer's first message, or their
 *   asking for a person) to an agent's first answer. Like Zendesk's first reply time and Chatwoot's
 *   first response time it counts from creation, not from assignment: the wait in line is the
 *   customer's wait too.
 * - Next response: once an agent has answered, minutes the customer's oldest unanswered message may
 *   wait.
 *
 * Only an agent's message that reached, or is on its way to, the customer answers: a failed send and
 * the bot's automatic lines do not. The clocks run in calendar time, outside business hours too.
 */

// What is read of a conversation (conversation.ts) and its messages (message.ts), spelt out here: the
// console runs this module, and what it runs imports nothing.
interface ConversationTimes {
  state: 'queued' | 'active' | 'closed';
  createdAt: number;
  lastReplyAt?: number;
  unansweredSince?: number;
}

interface ThreadLine {
  direction: 'inbound' | 'outbound' | 'internal';
  author: string;
  status?: string;
  createdAt: number;
}

export interface ResponseTargets {
  firstResponseMinutes?: number;
  nextResponseMinutes?: number;
  /**
   * Minutes the agent holding a conversation has to answer before the queue's routing gives it to
   * another of its agents (sla-reassignment.ts); absent: the rule is off.
   */
  reassignAfterMinutes?: number;
}

/** Whole minutes, a day at most. */
export const responseTargetLimits = { minMinutes: 1, maxMinutes: 24 * 60 } as const;

/** Whole minutes, two hours at most: a customer waiting longer needs a supervisor, not another turn. */
export const reassignLimits = { minMinutes: 1, maxMinutes: 120 } as const;

/** From this share of the target used, a conversation is due soon. */
export const dueSoonShare = 0.8;

/** The times a conversation's standing is computed from. */
export interface ResponseClocks {
  /** When the conversation opened: the first-response clock starts here. */
  openedAt: number;
  /** An agent has answered the customer in this conversation. */
  answered: boolean;
  /** When the customer's oldest message no answer followed arrived; absent when none waits. */
  unansweredSince?: number;
}

export type ResponseStatus = 'on_track' | 'due_soon' | 'breached';

export type ResponseStanding =
  /** No target applies (none set, or nobody waits for an answer). */
  | { status: 'none' }
  | {
      status: ResponseStatus;
      target: 'first' | 'next';
      /** When the answer is (or was) due. */
      dueAt: number;
      /** Time left until `dueAt`; negative once overdue. */
      remainingMs: number;
    };

const minute = 60_000;

/** An agent's message that reached, or is on its way to, the customer. */
export function answersCustomer(message: ThreadLine): boolean {
  return message.direction === 'outbound' && message.author === 'agent' && message.status !== 'failed';
}

/**
 * The clocks of an open conversation (undefined for a closed one): from its messages when they are
 * all known, in id order; otherwise from its own times, where any recorded agent reply counts as
 * having answered (a refused one too), and the wait is the one the conversation keeps, which a
 * refused answer does not end.
 */
export function responseClocks(
  conversation: ConversationTimes,
  wholeThread: readonly ThreadLine[] | undefined,
): ResponseClocks | undefined {
  if (conversation.state === 'closed') return undefined;
  const openedAt = conversation.createdAt;
  if (wholeThread) {
    let answered = false;
    let unansweredSince: number | undefined;
    for (const message of wholeThread) {
      if (answersCustomer(message)) {
        answered = true;
        unansweredSince = undefined;
      } else if (message.direction === 'inbound' && message.author === 'customer') {
        unansweredSince ??= message.createdAt;
      }
    }
    return { openedAt, answered, ...(unansweredSince === undefined ? {} : { unansweredSince }) };
  }
  const { lastReplyAt, unansweredSince } = conversation;
  return {
    openedAt,
    answered: lastReplyAt !== undefined,
    ...(unansweredSince === undefined ? {} : { unansweredSince }),
  };
}

/** Where the conversation stands against its queue's targets at `now`. */
export function responseStanding(
  targets: ResponseTargets | undefined,
  clocks: ResponseClocks,
  now: number,
): ResponseStanding {
  // Until the first answer the customer has waited since the opening, whatever the bot told them.
  const since = clocks.answered ? clocks.unansweredSince : clocks.openedAt;
  const minutes = clocks.answered ? targets?.nextResponseMinutes : targets?.firstResponseMinutes;
  if (since === undefined || minutes === undefined) return { status: 'none' };
  const targetMs = minutes * minute;
  const used = now - since;
  const dueAt = since + targetMs;
  const status: ResponseStatus =
    used >= targetMs ? 'breached' : used >= targetMs * dueSoonShare ? 'due_soon' : 'on_track';
  return { status, target: clocks.answered ? 'next' : 'first', dueAt, remainingMs: dueAt - now };
}

/**
 * Most urgent first: the longest overdue, then the least time left; conversations no target applies
 * to come last. A sort comparator over standings.
 */
export function byUrgency(left: ResponseStanding, right: ResponseStanding): number {
  const remaining = (standing: ResponseStanding) =>
    standing.status === 'none' ? Number.POSITIVE_INFINITY : standing.remainingMs;
  const difference = remaining(left) - remaining(right);
  return Number.isNaN(difference) ? 0 : difference;
}
