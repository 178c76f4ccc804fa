import { describe, expect, it } from 'vitest';
import {
  type Actor,
  type ConversationAct,
  decide,
  mayAdminister,
} from '../../../shared/domain/permissions.ts';

const conversation = { workspaceId: 'w1', appId: 'wxapp', queueId: 'shop-12', assigneeId: 'assignee' };

const actor = (overrides: Partial<Actor>): Actor => ({
  agentId: 'someone',
  workspaceId: 'w1',
  role: 'agent',
  queues: [],
  ...overrides,
});

const identities: Record<string, Actor> = {
  assignee: actor({
    agentId: 'assignee',
    queues: [{ appId: 'wxapp', queueId: 'shop-12' }],
  }),
  queueMember: actor({ queues: [{ appId: 'wxapp', queueId: 'shop-12' }] }),
  sameAppOtherQueue: actor({ queues: [{ appId: 'wxapp', queueId: 'default' }] }),
  otherApp: actor({ queues: [{ appId: 'wxother', queueId: 'shop-12' }] }),
  admin: actor({ role: 'admin' }),
  otherWorkspaceAdmin: actor({ workspaceId: 'w2', role: 'admin' }),
  otherWorkspaceAssignee: actor({
    workspaceId: 'w2',
    agentId: 'assignee',
    queues: [{ appId: 'wxapp', queueId: 'shop-12' }],
  }),
};

// allowed (A), forbidden (F) or hidden as not found (N), per identity, for each act.
const expected: Record<ConversationAct, Record<keyof typeof identities, 'A' | 'F' | 'N'>> = {
  read: {
    assignee: 'A',
    queueMember: 'A',
    sameAppOtherQueue: 'F',
    otherApp: 'F',
    admin: 'A',
    otherWorkspaceAdmin: 'N',
    otherWorkspaceAssignee: 'N',
  },
  send: {
    assignee: 'A',
    queueMember: 'F',
    sameAppOtherQueue: 'F',
    otherApp: 'F',
    admin: 'F',
    otherWorkspaceAdmin: 'N',
    otherWorkspaceAssignee: 'N',
  },
  typing: {
    assignee: 'A',
    queueMember: 'F',
    sameAppOtherQueue: 'F',
    otherApp: 'F',
    admin: 'F',
    otherWorkspaceAdmin: 'N',
    otherWorkspaceAssignee: 'N',
  },
  accept: {
    assignee: 'A',
    queueMember: 'A',
    sameAppOtherQueue: 'F',
    otherApp: 'F',
    admin: 'A',
    otherWorkspaceAdmin: 'N',
    otherWorkspaceAssignee: 'N',
  },
  close: {
    assignee: 'A',
    queueMember: 'F',
    sameAppOtherQueue: 'F',
    otherApp: 'F',
    admin: 'A',
    otherWorkspaceAdmin: 'N',
    otherWorkspaceAssignee: 'N',
  },
  reopen: {
    assignee: 'A',
    queueMember: 'F',
    sameAppOtherQueue: 'F',
    otherApp: 'F',
    admin: 'A',
    otherWorkspaceAdmin: 'N',
    otherWorkspaceAssignee: 'N',
  },
  transfer: {
    assignee: 'A',
    queueMember: 'F',
    sameAppOtherQueue: 'F',
    otherApp: 'F',
    admin: 'A',
    otherWorkspaceAdmin: 'N',
    otherWorkspaceAssignee: 'N',
  },
};

const cases = Object.entries(expected).flatMap(([act, row]) =>
  Object.entries(row).map(([who, outcome]) => [act as ConversationAct, who, outcome] as const),
);

describe('the permission policy', () => {
  it.each(cases)('%s by %s: %s', (act, who, outcome) => {
    const decision = decide(identities[who] as Actor, act, conversation);
    const got = decision.allowed ? 'A' : decision.refusal === 'forbidden' ? 'F' : 'N';
    expect(got).toBe(outcome);
  });

  it('lets only admins administer', () => {
    expect(mayAdminister(identities.admin as Actor)).toBe(true);
    expect(mayAdminister(identities.assignee as Actor)).toBe(false);
  });
});
