import { describe, expect, it } from 'vitest';
import { unavailabilityOf } from '../../../shared/domain/availability.ts';
import type { AgentLoad } from '../../../shared/domain/routing.ts';

const now = 1_000_000;
const ready: AgentLoad = {
  agentId: 'a',
  status: 'online',
  presentUntil: now + 60_000,
  capacity: 3,
  activeCount: 1,
  lastAssignedAt: 0,
};
const bob = { self: false as const, name: 'Bob' };
const me = { self: true as const };

describe('unavailabilityOf', () => {
  it.each<[string, AgentLoad | undefined, typeof bob | typeof me, string | undefined]>([
    ['online, here, with room', ready, bob, undefined],
    ['gone', undefined, bob, 'Bob no longer exists.'],
    ['no console', { ...ready, presentUntil: now }, bob, 'Bob has no console open.'],
    ['away, for a transfer', { ...ready, status: 'away' }, bob, 'Bob is away.'],
    ['away, taking it themselves', { ...ready, status: 'away' }, me, undefined],
    ['full', { ...ready, activeCount: 3 }, bob, 'Bob already has 3 of 3 conversations.'],
    ['full, themselves', { ...ready, activeCount: 3 }, me, 'You already have 3 of 3 conversations.'],
    ['no console, themselves', { ...ready, presentUntil: 0 }, me, 'Your console is not connected.'],
  ])('%s', (_case, load, who, expected) => {
    expect(unavailabilityOf(load, who, now)).toBe(expected);
  });
});
