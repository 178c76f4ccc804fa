import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../../shared/domain/conversation.ts';
import type { Message } from '../../../shared/domain/message.ts';
import { reportFactsOf, utcHourOf } from '../../../shared/domain/report-facts.ts';
import {
  agentA,
  agentB,
  reportDayConversations,
  reportDayFacts,
  shanghai,
} from '../../support/report-day.ts';

describe('the facts of a closed conversation', () => {
  it('are, for each conversation of the scripted day, those worked out by hand', () => {
    const worked = reportDayConversations.map(({ conversation, messages }) =>
      reportFactsOf(conversation, messages),
    );
    for (const [index, facts] of worked.entries()) expect(facts).toEqual(reportDayFacts[index]);
  });

  const [c1] = reportDayConversations;
  if (!c1) throw new Error('the scripted day has conversations');
  const lifecycle = (id: string, at: number, event: string, detail: Record<string, string>): Message =>
    ({
      ...c1.messages[0],
      messageId: id,
      direction: 'internal',
      author: 'system',
      content: { type: 'event', event, detail },
      createdAt: at,
    }) as Message;

  it('date a conversation taken as it opened from its opening, though reopening moved `assignedAt`', () => {
    const reopenedAt = shanghai('09:30:00');
    const conversation: Conversation & { closedAt: number } = {
      ...c1.conversation,
      assignedAt: reopenedAt,
      closedAt: shanghai('09:40:00'),
    };
    const messages = [
      ...c1.messages,
      lifecycle('C1-900', reopenedAt, 'conversation_reopened', { by: agentB }),
      lifecycle('C1-901', shanghai('09:40:00'), 'conversation_closed', { by: agentB }),
    ];
    const facts = reportFactsOf(conversation, messages);
    expect(facts.firstAssignedAt).toBe(shanghai('09:00:00'));
    expect(facts.closedAt).toBe(shanghai('09:40:00'));
    // Counted once: the messages of both stretches, the survey score of the first closing not among them.
    expect(facts.customerMessages).toBe(2);
    expect(facts.agentMessages).toBe(2);
  });

  it('name the last agent who had it when the conversation names none', () => {
    const { assigneeId: _assigneeId, ...unassigned } = c1.conversation;
    const messages = [
      lifecycle('C1-000a', shanghai('09:00:30'), 'conversation_transferred', { from: agentA, to: agentB }),
      ...c1.messages,
    ];
    expect(reportFactsOf(unassigned, messages).agentId).toBe(agentB);
  });

  it('count a left message still waiting as one, and a conversation nobody took as never taken', () => {
    const waiting = {
      ...c1.conversation,
      assigneeId: undefined,
      assignedAt: undefined,
      waitingKind: 'left_message' as const,
    };
    const customerOnly = c1.messages.filter((message) => message.direction === 'inbound');
    const facts = reportFactsOf(waiting, customerOnly);
    expect(facts.leftMessage).toBe(true);
    expect(facts.firstAssignedAt).toBeUndefined();
    expect(facts.firstResponseAt).toBeUndefined();
    expect(facts.agentId).toBeUndefined();
  });

  it('key messages by the start of their UTC hour', () => {
    expect(utcHourOf(Date.UTC(2026, 11, 1, 1, 59, 59, 999))).toBe(Date.UTC(2026, 11, 1, 1));
    expect(utcHourOf(Date.UTC(2026, 11, 1, 2))).toBe(Date.UTC(2026, 11, 1, 2));
  });
});
