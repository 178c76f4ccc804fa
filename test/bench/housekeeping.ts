/**
 * What one housekeeping run costs in DynamoDB request units, as DynamoDB reports them (cost.ts's
 * meter, counting only the calls the run itself makes, not the functions running beside it), with a
 * few idle apps and again with many: the run must follow the work that is due (an open conversation
 * to look at, a customer waiting), not the number of apps and agents that exist.
 */
import { registerAgent, registerApp } from '../../shared/admin/registration.ts';
import { keepHouse } from '../../shared/conversations/housekeeping.ts';
import { listQueuesWithWaiting } from '../../shared/store/due-repository.ts';
import { servedConversation } from '../support/conversation-fixture.ts';
import { eventually } from '../support/eventually.ts';
import { randomAlphanumeric, randomAppId, type TestSystem } from '../support/system.ts';
import { meterCosts } from './cost.ts';

export interface HousekeepingPlan {
  /** Idle apps present at each measured run, ascending. */
  idleApps: number[];
  /** Idle apps per idle agent (each agent serves that many of them). */
  appsPerAgent: number;
}

export interface HousekeepingRun {
  idleApps: number;
  idleAgents: number;
  readUnits: number;
  writeUnits: number;
}

export interface HousekeepingBench {
  plan: HousekeepingPlan;
  /** The work due in every run: open conversations to look at and customers waiting. */
  due: { openConversations: number; waitingCustomers: number };
  runs: HousekeepingRun[];
  /** The conversation every run looked at. */
  openConversationId: string;
}

const minute = 60_000;

export async function measureHousekeeping(
  system: TestSystem,
  plan: HousekeepingPlan,
): Promise<HousekeepingBench> {
  const meter = meterCosts(system.runtime.tableNames);
  const ownUnits = () => {
    const units = { read: 0, write: 0 };
    for (const [key, value] of meter.units) {
      const [step, , kind] = key.split('\t');
      if (step === 'bench') units[kind === 'write' ? 'write' : 'read'] += value;
    }
    return units;
  };

  // An open conversation, and a customer waiting as a left message (their app's only agent is offline).
  const served = await servedConversation(system);
  const app = await system.addApp();
  await system.addAgent([app.appId]);
  await system.simulator.customer(app.appId).say('有人在吗？');
  await eventually(async () => {
    const waiting = await listQueuesWithWaiting();
    if (!waiting.some((queue) => queue.appId === app.appId))
      throw new Error('the customer is not waiting yet');
  });

  // Each run is a quarter of an hour after the last, so the open conversation is due again in each.
  const start = Date.now();
  let runs = 0;
  const run = async () => {
    const before = ownUnits();
    await keepHouse(start + ++runs * 16 * minute);
    const after = ownUnits();
    return { readUnits: after.read - before.read, writeUnits: after.write - before.write };
  };
  // A first run meets everything once; the runs compared are the ones after it.
  await run();

  const measured: HousekeepingRun[] = [];
  let idleApps = 0;
  let idleAgents = 0;
  for (const target of plan.idleApps) {
    const added = await addIdleApps(target - idleApps, plan.appsPerAgent);
    idleApps = target;
    idleAgents += added;
    measured.push({ idleApps, idleAgents, ...(await run()) });
  }
  await served.socket.close();
  return {
    plan,
    due: { openConversations: 1, waitingCustomers: 1 },
    runs: measured,
    openConversationId: served.conversation.conversationId,
  };
}

/** Idle apps, each with its default queue and served by an agent, nobody writing; the agents added. */
async function addIdleApps(count: number, appsPerAgent: number): Promise<number> {
  const appIds = Array.from({ length: count }, randomAppId);
  for (let start = 0; start < count; start += 25) {
    await Promise.all(
      appIds.slice(start, start + 25).map((appId) =>
        registerApp({
          appId,
          name: `idle ${appId}`,
          type: 'miniprogram',
          format: 'xml',
          token: randomAlphanumeric(16),
          encodingAesKey: randomAlphanumeric(43),
          secret: randomAlphanumeric(32),
          workspaceId: 'idle',
        }),
      ),
    );
  }
  let agents = 0;
  for (let start = 0; start < count; start += appsPerAgent) {
    await registerAgent({
      appIds: appIds.slice(start, start + appsPerAgent),
      username: `idle-${randomAlphanumeric(8)}`,
      password: randomAlphanumeric(12),
    });
    agents++;
  }
  return agents;
}
