import { describe, expect, it } from 'vitest';
import type { AgentRole } from '../../../shared/domain/agent.ts';
import {
  type AccountPurpose,
  type Actor,
  type AgentAct,
  type AgentScope,
  type ConversationAct,
  decide,
  decideAgentAct,
  decideQuickReplyAct,
  mayAdminister,
  mayGrantRole,
  mayManageAgent,
  mayManageApps,
  mayManageQuickReplies,
  mayReadAudit,
  mayReadReports,
  mayWatchFloor,
  passwordChangeBlocks,
  type QuickReplyAct,
} from '../../../shared/domain/permissions.ts';
import type { QuickReplyScope } from '../../../shared/domain/quick-reply.ts';

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
  owner: actor({ role: 'owner' }),
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
    owner: 'A',
    otherWorkspaceAdmin: 'N',
    otherWorkspaceAssignee: 'N',
  },
  note: {
    assignee: 'A',
    queueMember: 'A',
    sameAppOtherQueue: 'F',
    otherApp: 'F',
    admin: 'A',
    owner: 'A',
    otherWorkspaceAdmin: 'N',
    otherWorkspaceAssignee: 'N',
  },
  send: {
    assignee: 'A',
    queueMember: 'F',
    sameAppOtherQueue: 'F',
    otherApp: 'F',
    admin: 'F',
    owner: 'F',
    otherWorkspaceAdmin: 'N',
    otherWorkspaceAssignee: 'N',
  },
  typing: {
    assignee: 'A',
    queueMember: 'F',
    sameAppOtherQueue: 'F',
    otherApp: 'F',
    admin: 'F',
    owner: 'F',
    otherWorkspaceAdmin: 'N',
    otherWorkspaceAssignee: 'N',
  },
  accept: {
    assignee: 'A',
    queueMember: 'A',
    sameAppOtherQueue: 'F',
    otherApp: 'F',
    admin: 'A',
    owner: 'A',
    otherWorkspaceAdmin: 'N',
    otherWorkspaceAssignee: 'N',
  },
  close: {
    assignee: 'A',
    queueMember: 'F',
    sameAppOtherQueue: 'F',
    otherApp: 'F',
    admin: 'A',
    owner: 'A',
    otherWorkspaceAdmin: 'N',
    otherWorkspaceAssignee: 'N',
  },
  reopen: {
    assignee: 'A',
    queueMember: 'F',
    sameAppOtherQueue: 'F',
    otherApp: 'F',
    admin: 'A',
    owner: 'A',
    otherWorkspaceAdmin: 'N',
    otherWorkspaceAssignee: 'N',
  },
  transfer: {
    assignee: 'A',
    queueMember: 'F',
    sameAppOtherQueue: 'F',
    otherApp: 'F',
    admin: 'A',
    owner: 'A',
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

  it('lets only admins and owners administer', () => {
    expect(mayAdminister(identities.admin as Actor)).toBe(true);
    expect(mayAdminister(identities.owner as Actor)).toBe(true);
    expect(mayAdminister(identities.assignee as Actor)).toBe(false);
  });
});

const roles: AgentRole[] = ['agent', 'admin', 'owner'];

describe('workspace abilities by role', () => {
  // [role, administer (queues, members, agents), manage apps, read the audit trail]
  const table: [AgentRole, boolean, boolean, boolean][] = [
    ['agent', false, false, false],
    ['admin', true, false, false],
    ['owner', true, true, true],
  ];
  it.each(table)('%s: administer %s, apps %s, audit %s', (role, administer, apps, audit) => {
    const who = actor({ role });
    expect([mayAdminister(who), mayManageApps(who), mayReadAudit(who)]).toEqual([administer, apps, audit]);
  });

  // The live floor view: the supervisors, who act on every conversation of the workspace anyway.
  it.each<[AgentRole, boolean]>([
    ['agent', false],
    ['admin', true],
    ['owner', true],
  ])('%s: watch the floor %s', (role, watches) => {
    expect(mayWatchFloor(actor({ role }))).toBe(watches);
  });

  // Reports: the same supervisors, since they read every conversation of the workspace anyway.
  it.each<[AgentRole, boolean]>([
    ['agent', false],
    ['admin', true],
    ['owner', true],
  ])('%s: read reports %s', (role, reads) => {
    expect(mayReadReports(actor({ role }))).toBe(reads);
  });

  // Who may give which role: owners any, admins only `agent`, agents none.
  const grants: [AgentRole, AgentRole, boolean][] = roles.flatMap((by) =>
    roles.map((granted): [AgentRole, AgentRole, boolean] => [
      by,
      granted,
      by === 'owner' || (by === 'admin' && granted === 'agent'),
    ]),
  );
  it.each(grants)('%s may grant %s: %s', (by, granted, expected) => {
    expect(mayGrantRole(actor({ role: by }), granted)).toBe(expected);
  });
});

describe('acting on agents', () => {
  const target = (role: AgentRole, overrides: Partial<AgentScope> = {}): AgentScope => ({
    agentId: 'target',
    workspaceId: 'w1',
    role,
    ...overrides,
  });
  const acts: AgentAct[] = ['change', 'reset_password', 'disable', 'enable'];
  // allowed (A), forbidden (F) or hidden as not found (N): actor role × target role, for every act.
  const expected: Record<AgentRole, Record<AgentRole, 'A' | 'F'>> = {
    agent: { agent: 'F', admin: 'F', owner: 'F' },
    admin: { agent: 'A', admin: 'F', owner: 'F' },
    owner: { agent: 'A', admin: 'A', owner: 'A' },
  };
  const cases = roles.flatMap((by) =>
    roles.flatMap((of) => acts.map((act) => [by, of, act, expected[by][of]] as const)),
  );
  it.each(cases)('%s on %s, %s: %s', (by, of, act, outcome) => {
    const decision = decideAgentAct(actor({ role: by }), act, target(of));
    expect(decision.allowed ? 'A' : decision.refusal === 'forbidden' ? 'F' : 'N').toBe(outcome);
    expect(mayManageAgent(actor({ role: by }), target(of), act)).toBe(outcome === 'A');
  });

  it.each(acts)('hides another workspace’s agents (%s), even from its owners', (act) => {
    expect(decideAgentAct(actor({ role: 'owner' }), act, target('agent', { workspaceId: 'w2' }))).toEqual({
      allowed: false,
      refusal: 'not_found',
    });
  });

  it('lets nobody disable themselves, but an owner change themselves', () => {
    const owner = actor({ agentId: 'me', role: 'owner' });
    const self = target('owner', { agentId: 'me' });
    expect(decideAgentAct(owner, 'disable', self).allowed).toBe(false);
    expect(decideAgentAct(owner, 'change', self).allowed).toBe(true);
  });
});

describe('a password that must be changed', () => {
  const purposes: [AccountPurpose, boolean][] = [
    ['change_password', false],
    ['sign_out', false],
    ['work', true],
  ];
  it.each(purposes)('blocks %s: %s', (purpose, blocked) => {
    expect(passwordChangeBlocks(actor({ mustChangePassword: true }), purpose)).toBe(blocked);
    expect(passwordChangeBlocks(actor({}), purpose)).toBe(false);
  });
});

describe('quick replies', () => {
  const sets: Record<'workspace' | 'queue' | 'ownPersonal' | 'othersPersonal', QuickReplyScope> = {
    workspace: { kind: 'workspace' },
    queue: { kind: 'queue', appId: 'wxapp', queueId: 'shop-12' },
    ownPersonal: { kind: 'personal', agentId: 'assignee' },
    othersPersonal: { kind: 'personal', agentId: 'someone-else' },
  };
  // Per identity, set and act: allowed (A), forbidden (F) or hidden as not found (N).
  const table: Record<
    keyof typeof identities,
    Record<keyof typeof sets, `${'A' | 'F' | 'N'}${'A' | 'F' | 'N'}`>
  > = {
    // use, manage
    assignee: { workspace: 'AF', queue: 'AF', ownPersonal: 'AA', othersPersonal: 'NN' },
    queueMember: { workspace: 'AF', queue: 'AF', ownPersonal: 'NN', othersPersonal: 'NN' },
    sameAppOtherQueue: { workspace: 'AF', queue: 'NN', ownPersonal: 'NN', othersPersonal: 'NN' },
    otherApp: { workspace: 'AF', queue: 'NN', ownPersonal: 'NN', othersPersonal: 'NN' },
    admin: { workspace: 'AA', queue: 'AA', ownPersonal: 'NN', othersPersonal: 'NN' },
    owner: { workspace: 'AA', queue: 'AA', ownPersonal: 'NN', othersPersonal: 'NN' },
    otherWorkspaceAdmin: { workspace: 'NN', queue: 'NN', ownPersonal: 'NN', othersPersonal: 'NN' },
    otherWorkspaceAssignee: { workspace: 'NN', queue: 'NN', ownPersonal: 'NN', othersPersonal: 'NN' },
  };
  const cases = Object.entries(table).flatMap(([who, row]) =>
    Object.entries(row).flatMap(([set, outcomes]) =>
      (['use', 'manage'] as QuickReplyAct[]).map(
        (act, index) =>
          [who, set, act, outcomes[index]] as [
            keyof typeof identities,
            keyof typeof sets,
            QuickReplyAct,
            string,
          ],
      ),
    ),
  );

  it.each(cases)('%s, %s set, %s: %s', (who, set, act, outcome) => {
    const decision = decideQuickReplyAct(identities[who] as Actor, act, {
      workspaceId: 'w1',
      scope: sets[set],
    });
    expect(decision.allowed ? 'A' : decision.refusal === 'forbidden' ? 'F' : 'N').toBe(outcome);
  });

  it('lets every agent keep a set of their own, and only admins and owners add to the shared ones', () => {
    for (const role of ['agent', 'admin', 'owner'] as AgentRole[]) {
      const me = actor({ agentId: 'me', role });
      expect(mayManageQuickReplies(me, { kind: 'personal', agentId: 'me' })).toBe(true);
      expect(mayManageQuickReplies(me, { kind: 'personal', agentId: 'you' })).toBe(false);
      expect(mayManageQuickReplies(me, sets.workspace)).toBe(role !== 'agent');
      expect(mayManageQuickReplies(me, sets.queue)).toBe(role !== 'agent');
    }
  });
});
