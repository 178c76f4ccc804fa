/**
 * The dashboard's "agents online": the housekeeping run counts the agents with a console connected
 * (distinct agents, whatever their number of tabs) and writes it as the `AgentsConnected` metric.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/housekeeping.ts';
import { eventually } from '../../support/eventually.ts';
import { startSystem, type TestSystem } from '../../support/system.ts';
import { captureOutput, metricNamesOf } from '../../unit/observability/capture-output.ts';

// vitest.config.ts turns metrics off for every test; this one is about a metric. Before any import,
// since Metrics reads the setting once, when created.
vi.hoisted(() => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
});

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem();
});

afterAll(async () => {
  await system?.stop();
});

async function agentsConnectedByOneRun(): Promise<unknown> {
  const output = await captureOutput(() => handler(undefined));
  const emf = output
    .metrics()
    .find(
      (document) => metricNamesOf(document).includes('AgentsConnected') && document.service === 'wechat-cs',
    );
  return emf?.AgentsConnected;
}

describe('the housekeeping’s AgentsConnected sample', () => {
  it('counts each agent with a console connected once, and drops them when they leave', async () => {
    const app = await system.addApp();
    const [alice, bob, carol] = await Promise.all([
      system.addAgent([app.appId]),
      system.addAgent([app.appId]),
      system.addAgent([app.appId]),
    ]);
    if (!alice || !bob || !carol) throw new Error('three agents');
    const before = await agentsConnectedByOneRun();
    expect(typeof before).toBe('number');

    const aliceTabs = [await system.connect(alice.token), await system.connect(alice.token)];
    const bobTab = await system.connect(bob.token);
    expect(await agentsConnectedByOneRun()).toBe((before as number) + 2);

    await Promise.all([...aliceTabs, bobTab].map((socket) => socket.close()));
    // $disconnect runs when the socket closes; the next sample no longer counts them.
    await eventually(async () => expect(await agentsConnectedByOneRun()).toBe(before));
  });
});
