/**
 * An agent's console socket vanishes without `$disconnect` (API Gateway's `$disconnect` is best
 * effort: a laptop lid closes, a network drops). Its row stays until a push to it answers 410: that
 * push forgets it, is not a failure (nothing is retried, so the other sockets get no frame twice),
 * and the agent's other sockets go on receiving frames. See also test/integration/foundation.
 *
 * API Gateway answers 410 as well for a socket whose `$connect` has not returned yet, while its row,
 * saved by `$connect`, already exists: a push in that moment must not forget a console that is opening.
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

    // The tablet's connection ends, and its $disconnect is lost: the row comes back as it was, a
    // minute after it opened.
    tablet.terminate();
    await eventually(async () => expect(await listAgentConnections(agent.agentId)).toHaveLength(2));
    const alive = new Set((await listAgentConnections(agent.agentId)).map((row) => row.connectionId));
    const vanished = before.find((row) => !alive.has(row.connectionId)) as Connection;
    await saveConnection({ ...vanished, connectedAt: Date.now() - 60_000 });
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

describe('a socket whose $connect has saved its row but not returned yet', () => {
  it('is not forgotten by a push that answers 410 in that moment', async () => {
    const app = await system.addApp({ format: 'json' });
    const agent = await system.addAgent([app.appId]);
    const laptop = await system.connect(agent.token);
    const [open] = await listAgentConnections(agent.agentId);
    if (!open) throw new Error('the laptop has no row');
    // The phone's handshake is under way: its row is there, @connections does not know it yet (410).
    const opening: Connection = { ...open, connectionId: 'PhoneOpening0=', connectedAt: Date.now() };
    await saveConnection(opening);

    const customer = system.simulator.customer(app.appId);
    await customer.say('while the phone connects');
    await laptop.next(isCreatedText('while the phone connects'));
    // One conversation's records are dispatched in order: once this one reached the laptop, the push
    // of the first one to the opening phone has answered and been judged.
    await customer.say('after that push');
    await laptop.next(isCreatedText('after that push'));

    expect((await listAgentConnections(agent.agentId)).map((row) => row.connectionId)).toContain(
      opening.connectionId,
    );
    await laptop.close();
  });
});
