import type { MemberView, QueueView, WaitingView } from '../../../web/src/api.ts';
import { conversation } from './fixtures.ts';

export function colleague(overrides: Partial<MemberView> & { agentId: string }): MemberView {
  return {
    displayName: overrides.agentId,
    status: 'online',
    present: true,
    activeCount: 0,
    capacity: 2,
    ...overrides,
  };
}

/** A customer waiting: `order` makes the conversation, `position` their place in line. */
export function waiting(order: number, position: number, overrides: Partial<WaitingView> = {}): WaitingView {
  return {
    conversation: conversation(`w${order}`, order, { state: 'queued', assigneeId: undefined }),
    position,
    waitedMs: 60_000 * position,
    ...overrides,
  };
}

export function queueView(
  overrides: Partial<Omit<QueueView, 'members'>> & {
    members?: (Partial<MemberView> & { agentId: string })[];
  } = {},
): QueueView {
  const { members = [], ...rest } = overrides;
  return {
    queueId: 'default',
    appId: 'wx1',
    name: 'Default',
    withinBusinessHours: true,
    waiting: [],
    ...rest,
    members: members.map(colleague),
  };
}
