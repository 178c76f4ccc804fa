/**
 * A queue's optional SLA rule: a conversation whose agent has not answered the customer within N
 * minutes goes to another agent of the queue, chosen by routing. Housekeeping applies it
 * (sla-reassigner.ts); this decides when, and to whom.
 *
 * The agent's clock starts at the customer's oldest unanswered message, or when the agent got the
 * conversation if that came later: an agent who takes over a customer who has waited gets their N
 * minutes too, so a conversation never bounces on at once. Only an agent's message answers (the
 * bot's lines do not), and not one WeChat refused for good: its failure puts back the wait it had
 * cleared, unless an agent answered since (outbound-recorder.ts).
 */
import type { Conversation } from './conversation.ts';
import { type AgentLoad, rankAssignees } from './routing.ts';

/** How soon an overdue conversation that no other agent could take is looked at again. */
export const reassignRetryMs = 60_000;

/** When the rule moves the conversation; undefined while nothing waits for its agent's answer. */
export function reassignmentDueAt(conversation: Conversation, afterMs: number): number | undefined {
  if (conversation.state !== 'active' || conversation.unansweredSince === undefined) return undefined;
  const since = Math.max(
    conversation.unansweredSince,
    conversation.assignedAt ?? 0,
    conversation.transferredAt ?? 0,
  );
  return since + afterMs;
}

/**
 * Who takes it over: the queue's best available agent by routing, never the one who did not answer
 * (as the customer's last agent, routing would hand it straight back). Undefined when nobody else
 * can take it now: it then stays where it is, rather than putting the customer back in line.
 */
export function reassigneeOf(
  members: readonly AgentLoad[],
  lateAgentId: string,
  stickyAgentId: string | undefined,
  now: number,
): AgentLoad | undefined {
  const others = members.filter((agent) => agent.agentId !== lateAgentId);
  return rankAssignees(others, stickyAgentId, now)[0];
}
