/**
 * Housekeeping runs every minute for the whole deployment, so what one run reads and writes must
 * follow the work that is due (open conversations, waiting customers), not the number of apps and
 * agents that exist: the request units of a run with 10 idle apps and with 1,000 (the benchmark's
 * measurement, test/bench/housekeeping.ts).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamo } from '../../../shared/store/client.ts';
import { conversationKey } from '../../../shared/store/keys.ts';
import { measureHousekeeping } from '../../bench/housekeeping.ts';
import { startSystem, type TestSystem } from '../../support/system.ts';

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem();
});

afterAll(async () => {
  await system?.stop();
});

describe('housekeeping', () => {
  it('reads and writes as much with 1,000 idle apps as with 10', async () => {
    const started = Date.now();
    const { runs, openConversationId } = await measureHousekeeping(system, {
      idleApps: [10, 1000],
      appsPerAgent: 20,
    });
    const [withTen, withThousand] = runs;
    expect(withTen?.readUnits).toBeGreaterThan(0);
    expect(withThousand?.idleAgents).toBeGreaterThan(10 * (withTen?.idleAgents ?? 0));
    expect({ read: withThousand?.readUnits, write: withThousand?.writeUnits }).toEqual({
      read: withTen?.readUnits,
      write: withTen?.writeUnits,
    });
    // The work was done in each run: the open conversation is to be looked at again after the last.
    const { Item } = await dynamo().send(
      new GetCommand({
        TableName: system.runtime.tableNames.core,
        Key: conversationKey(openConversationId),
        ConsistentRead: true,
      }),
    );
    expect(Item?.state).toBe('active');
    expect(Item?.dueAt).toBeGreaterThan(started + 3 * 16 * 60_000);
  }, 300_000);
});
