import { describe, expect, it } from 'vitest';
import {
  defaultQueueId,
  defaultQueueOf,
  type Queue,
  type SessionFromRule,
} from '../../../shared/domain/queue.ts';
import {
  matchesSessionFrom,
  selectQueue,
  selectQueueForEntry,
} from '../../../shared/domain/queue-selection.ts';

const app = { appId: 'wx0123456789abcdef', workspaceId: 'acme', createdAt: 0 };

function queue(queueId: string, createdAt: number, rules: SessionFromRule[]): Queue {
  return { ...defaultQueueOf(app), queueId, name: queueId, createdAt, sessionFromRules: rules };
}

const queues = [
  defaultQueueOf(app),
  queue('shop-12', 2, [{ match: 'prefix', pattern: 'shop:12' }]),
  queue('shop-1', 1, [{ match: 'exact', pattern: 'shop:1' }]),
  queue('vip', 3, [{ match: 'regex', pattern: '^vip:\\d+$' }]),
  queue('everything-shop', 4, [{ match: 'prefix', pattern: 'shop:' }]),
];

describe('selectQueue', () => {
  it.each([
    ['shop:12', 'shop-12'],
    ['shop:12?page=goods/1', 'shop-12'],
    // Exact means exact: shop:1 is not shop:12, and shop:13 falls to the broader rule created later.
    ['shop:1', 'shop-1'],
    ['shop:13', 'everything-shop'],
    ['vip:42', 'vip'],
    ['vip:42x', defaultQueueId],
    ['home', defaultQueueId],
    ['', defaultQueueId],
    [undefined, defaultQueueId],
  ])('%s → %s', async (sessionFrom, expected) => {
    expect(await selectQueue(queues, sessionFrom)).toBe(expected);
  });

  it('prefers the queue created first when rules overlap, whatever the listing order', async () => {
    const overlapping = [
      queue('later', 20, [{ match: 'prefix', pattern: 'shop' }]),
      queue('earlier', 10, [{ match: 'prefix', pattern: 'shop:' }]),
    ];
    expect(await selectQueue(overlapping, 'shop:5')).toBe('earlier');
  });

  it('never lets the default queue claim anyone by a rule', async () => {
    const withRule = [
      { ...defaultQueueOf(app), sessionFromRules: [{ match: 'prefix' as const, pattern: '' }] },
    ];
    expect(await selectQueue(withRule, 'x')).toBe(defaultQueueId);
  });
});

describe('selectQueueForEntry', () => {
  const withScenes = [
    ...queues,
    { ...queue('store-a', 5, []), qrSceneRules: [{ match: 'exact' as const, pattern: 'store-a' }] },
    { ...queue('stores', 6, []), qrSceneRules: [{ match: 'prefix' as const, pattern: 'store-' }] },
  ];

  it.each([
    [{ qrScene: 'store-a' }, 'store-a'],
    [{ qrScene: 'store-b' }, 'stores'],
    // The code just scanned speaks before where the customer once entered the chat.
    [{ qrScene: 'store-a', sessionFrom: 'shop:12' }, 'store-a'],
    [{ qrScene: 'poster', sessionFrom: 'shop:12' }, 'shop-12'],
    [{ qrScene: 'poster' }, defaultQueueId],
    // A scene never matches a SessionFrom rule, nor a SessionFrom a scene rule.
    [{ qrScene: 'shop:12' }, defaultQueueId],
    [{ sessionFrom: 'store-a' }, defaultQueueId],
    [{}, defaultQueueId],
  ])('%j → %s', async (entry, expected) => {
    expect(await selectQueueForEntry(withScenes, entry)).toBe(expected);
  });
});

describe('matchesSessionFrom', () => {
  it('matches regular expressions over unicode', async () => {
    expect(await matchesSessionFrom({ match: 'regex', pattern: '^店铺\\d+$' }, '店铺12')).toBe(true);
    expect(await matchesSessionFrom({ match: 'regex', pattern: '^店铺\\d+$' }, '店铺')).toBe(false);
  });

  it('matches in linear time: a pattern that backtracks exponentially in JavaScript answers at once', async () => {
    const rule = { match: 'regex', pattern: '^(a|a)+$' } as const;
    // The engine loads on first use: loaded before the clock starts, so that only matching is timed.
    await matchesSessionFrom(rule, 'a');
    const started = performance.now();
    expect(await matchesSessionFrom(rule, `${'a'.repeat(40)}b`)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
