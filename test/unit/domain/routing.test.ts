import { describe, expect, it } from 'vitest';
import { type AgentLoad, isAvailable, pickAssignee, rankAssignees } from '../../../shared/domain/routing.ts';

const now = 1_000_000;

function agent(agentId: string, overrides: Partial<AgentLoad> = {}): AgentLoad {
  return {
    agentId,
    status: 'online',
    presentUntil: now + 60_000,
    capacity: 3,
    activeCount: 0,
    lastAssignedAt: 0,
    ...overrides,
  };
}

describe('isAvailable', () => {
  it.each<[string, Partial<AgentLoad>, boolean]>([
    ['online, present, under capacity', {}, true],
    ['away', { status: 'away' }, false],
    ['offline', { status: 'offline' }, false],
    ['no live console', { presentUntil: now }, false],
    ['at capacity', { activeCount: 3 }, false],
    ['one below capacity', { activeCount: 2 }, true],
    ['capacity 0', { capacity: 0 }, false],
  ])('%s → %s', (_name, overrides, expected) => {
    expect(isAvailable(agent('a', overrides), now)).toBe(expected);
  });
});

describe('rankAssignees', () => {
  const ids = (agents: AgentLoad[]) => agents.map((candidate) => candidate.agentId);

  it('prefers the sticky agent when available, whatever their load', () => {
    const agents = [agent('a'), agent('b', { activeCount: 2 }), agent('c', { activeCount: 1 })];
    expect(ids(rankAssignees(agents, 'b', now))).toEqual(['b', 'a', 'c']);
  });

  it('skips a sticky agent who is full, away or gone', () => {
    expect(
      ids(rankAssignees([agent('a', { activeCount: 1 }), agent('b', { activeCount: 3 })], 'b', now)),
    ).toEqual(['a']);
    expect(
      ids(rankAssignees([agent('a', { activeCount: 1 }), agent('b', { status: 'away' })], 'b', now)),
    ).toEqual(['a']);
    expect(
      ids(rankAssignees([agent('a', { activeCount: 1 }), agent('b', { presentUntil: 1 })], 'b', now)),
    ).toEqual(['a']);
  });

  it('orders the rest by load, then by the longest wait since the last assignment', () => {
    const agents = [
      agent('busy', { activeCount: 2 }),
      agent('recent', { activeCount: 1, lastAssignedAt: 900 }),
      agent('waited', { activeCount: 1, lastAssignedAt: 100 }),
      agent('idle', { activeCount: 0, lastAssignedAt: 999 }),
    ];
    expect(ids(rankAssignees(agents, undefined, now))).toEqual(['idle', 'waited', 'recent', 'busy']);
  });

  it('returns nobody when nobody is available', () => {
    expect(
      rankAssignees([agent('a', { status: 'offline' }), agent('b', { activeCount: 3 })], undefined, now),
    ).toEqual([]);
  });
});

describe('pickAssignee', () => {
  const ranked = (sticky?: string) =>
    rankAssignees(
      [
        agent('a', { lastAssignedAt: 1 }),
        agent('b', { lastAssignedAt: 2 }),
        agent('c', { lastAssignedAt: 3 }),
        agent('d', { activeCount: 1 }),
      ],
      sticky,
      now,
    );

  it('takes the best agent while nobody got in the way', () => {
    expect(pickAssignee(ranked(), undefined, false, () => 0.99)?.agentId).toBe('a');
  });

  it('after losing to other writers, spreads over the agents as free as the best, never a busier one', () => {
    const picked = [0, 0.34, 0.67, 0.99].map(
      (draw) => pickAssignee(ranked(), undefined, true, () => draw)?.agentId,
    );
    expect(picked).toEqual(['a', 'b', 'c', 'c']);
  });

  it('keeps the customer’s last agent even when contended', () => {
    expect(pickAssignee(ranked('d'), 'd', true, () => 0.99)?.agentId).toBe('d');
  });

  it('has nobody to pick when nobody is available', () => {
    expect(pickAssignee([], undefined, true)).toBeUndefined();
  });
});
