/**
 * An agent's console socket vanishes without `$disconnect` (API Gateway's `$disconnect` is best
 * effort: a laptop lid closes, a network drops). Its row stays until a push to it answers 410: that
 * push forgets it, is not a failure (nothing is retried, so the other sockets get no frame twice),
 * and the agent's other sockets go on receiving frames. See also test/integration/foundation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Connection,
  listAgentConnections,
  saveConnection,
} from '../../../shared/store/connections-repository.ts';
import { eventually } from '../../support/eventually.ts';
import { startSystem, type TestSystem } from '../../support/system.ts';
import { createdFramesById, isCreatedText } from './helpers.ts';

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem();
});

afterAll(async () => {
  await system?.stop();
});

describe('a socket that vanished without $disconnect', () => {
  it('is forgotten at the next push (410); the other sockets get every frame, once', async () => {
    const app = await system.addApp({ format: 'json' });
    const agent = await system.addAgent([app.appId]);
    const laptop = await system.connect(agent.token);
    const phone = await system.connect(agent.token);
    const tablet = await system.connect(agent.token);
    const before = await listAgentConnections(agent.agentId);
    expect(before).toHaveLength(3);

    // The tablet's connection ends, and its $disconnect is lost: the row comes back as it was.
    tablet.terminate();
    await eventually(async () => expect(await listAgentConnections(agent.agentId)).toHaveLength(2));
    const alive = new Set((await listAgentConnections(agent.agentId)).map((row) => row.connectionId));
    const vanished = before.find((row) => !alive.has(row.connectionId)) as Connection;
    await saveConnection(vanished);
    expect(await listAgentConnections(agent.agentId)).toHaveLength(3);

    const customer = system.simulator.customer(app.appId);
    await customer.say('first after the tablet vanished');
    for (const socket of [laptop, phone]) await socket.next(isCreatedText('first after the tablet vanished'));
    await eventually(async () =>
      expect((await listAgentConnections(agent.agentId)).map((row) => row.connectionId)).not.toContain(
        vanished.connectionId,
      ),
    );

    // The agent is still there for the customer, on the sockets that are left.
    await customer.say('second');
    for (const socket of [laptop, phone]) await socket.next(isCreatedText('second'));
    await customer.say('marker');
    for (const socket of [laptop, phone]) {
      await socket.next(isCreatedText('marker'));
      for (const [messageId, count] of createdFramesById(socket)) expect(count, messageId).toBe(1);
    }
    await laptop.close();
    await phone.close();
  });
});
