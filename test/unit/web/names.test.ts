import { describe, expect, it } from 'vitest';
import { agentName, learnFromQueues, learnFromTargets, noNames, queueName } from '../../../web/src/names.ts';
import { queueView } from './queue-fixtures.ts';

describe('names', () => {
  it('learns agents and queues from the queue views, queues per app', () => {
    const names = learnFromQueues(noNames, [
      queueView({
        appId: 'wx1',
        queueId: 'default',
        name: 'Shop',
        members: [{ agentId: 'a', displayName: 'Alice' }],
      }),
      queueView({ appId: 'wx2', queueId: 'default', name: 'Mall' }),
    ]);
    expect(agentName(names, 'a')).toBe('Alice');
    expect(queueName(names, 'wx1', 'default')).toBe('Shop');
    expect(queueName(names, 'wx2', 'default')).toBe('Mall');
    expect(agentName(names, 'nobody')).toBeUndefined();
  });

  it('returns the same object when nothing new was learnt, so nothing re-renders', () => {
    const queues = [queueView({ members: [{ agentId: 'a', displayName: 'Alice' }] })];
    const names = learnFromQueues(noNames, queues);
    expect(learnFromQueues(names, queues)).toBe(names);
  });

  it('learns a renamed colleague and the queues of transfer targets', () => {
    const names = learnFromQueues(noNames, [
      queueView({ members: [{ agentId: 'a', displayName: 'Alice' }] }),
    ]);
    const next = learnFromTargets(names, 'wx1', {
      agents: [
        {
          agentId: 'a',
          displayName: 'Alice Wang',
          status: 'online',
          present: true,
          activeCount: 0,
          capacity: 2,
          available: true,
        },
      ],
      queues: [{ queueId: 'vip', name: 'VIP', waitingCount: 0 }],
    });
    expect(agentName(next, 'a')).toBe('Alice Wang');
    expect(queueName(next, 'wx1', 'vip')).toBe('VIP');
  });
});
