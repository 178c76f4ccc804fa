import { describe, expect, it } from 'vitest';
import { membersText, waitedBy, waitingLine, waitingText, waitingTotal } from '../../../web/src/queues.ts';
import { queueView, waiting } from './queue-fixtures.ts';

const minute = 60_000;

describe('waitingLine', () => {
  it('puts the next to be served first, whatever order the entries came in', () => {
    const queue = queueView({ waiting: [waiting(7, 3), waiting(5, 1), waiting(9, 2)] });
    expect(waitingLine(queue).map((entry) => entry.position)).toEqual([1, 2, 3]);
    expect(waitingLine(queue).map((entry) => entry.conversation.conversationId)).toEqual(['w5', 'w9', 'w7']);
  });
});

describe('waitingTotal', () => {
  it('counts every waiting customer across queues once', () => {
    const queues = [
      queueView({ queueId: 'default', waiting: [waiting(1, 1), waiting(2, 2)] }),
      queueView({ queueId: 'vip', waiting: [waiting(3, 1)] }),
      // An admin sees a conversation twice if two views overlap; it is still one customer.
      queueView({ queueId: 'copy', waiting: [waiting(3, 1)] }),
    ];
    expect(waitingTotal(queues)).toBe(3);
    expect(waitingTotal([])).toBe(0);
  });
});

describe('waitingText', () => {
  it.each([
    [0, 'waiting under a minute'],
    [59_999, 'waiting under a minute'],
    [minute, 'waiting 1 min'],
    [4 * minute + 59_000, 'waiting 4 min'],
    [60 * minute, 'waiting 1 h'],
    [65 * minute, 'waiting 1 h 5 min'],
    [24 * 60 * minute, 'waiting 1 day'],
    [3 * 24 * 60 * minute, 'waiting 3 days'],
  ])('%d ms → %s', (ms, text) => {
    expect(waitingText(ms)).toBe(text);
  });
});

describe('waitedBy', () => {
  it("counts on from the read with the agent's clock, never backwards", () => {
    const entry = waiting(1, 1, { waitedMs: 4 * minute });
    expect(waitedBy(entry, 1_000_000, 1_000_000 + 2 * minute)).toBe(6 * minute);
    expect(waitedBy(entry, 1_000_000, 999_000)).toBe(4 * minute);
  });
});

describe('membersText', () => {
  it('counts the members who could be given a customer now', () => {
    const queue = queueView({
      members: [{ agentId: 'a' }, { agentId: 'b', status: 'away' }, { agentId: 'c', present: false }],
    });
    expect(membersText(queue)).toBe('1 of 3 agents online');
    expect(membersText(queueView({ members: [{ agentId: 'a', status: 'offline' }] }))).toBe(
      '0 of 1 agent online',
    );
    expect(membersText(queueView())).toBe('No agents in this queue');
  });
});
