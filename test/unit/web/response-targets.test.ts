import { afterEach, describe, expect, it } from 'vitest';
import type { FloorView } from '../../../shared/domain/floor.ts';
import type { ResponseStanding } from '../../../shared/domain/sla.ts';
import type { QueueView } from '../../../web/src/api.ts';
import { initialConsoleState } from '../../../web/src/console-state.ts';
import { setLocale } from '../../../web/src/i18n.ts';
import {
  floorStanding,
  standingBadge,
  standingFor,
  standingText,
  targetsOf,
} from '../../../web/src/response-targets.ts';
import { conversation, me, message } from './fixtures.ts';

const minute = 60_000;
const opened = 1_700_000_000_000;

const queue = (queueId: string, responseTargets?: QueueView['responseTargets']): QueueView => ({
  queueId,
  appId: 'wx1',
  name: queueId,
  withinBusinessHours: true,
  ...(responseTargets ? { responseTargets } : {}),
  members: [],
  waiting: [],
});

const queues = [queue('default', { firstResponseMinutes: 2, nextResponseMinutes: 10 }), queue('shop-12')];

afterEach(() => setLocale('en', false));

describe('targetsOf', () => {
  it('finds the targets of the conversation’s own queue of its own app', () => {
    expect(targetsOf(queues, { appId: 'wx1', queueId: 'default' })).toEqual({
      firstResponseMinutes: 2,
      nextResponseMinutes: 10,
    });
    expect(targetsOf(queues, { appId: 'wx1', queueId: 'shop-12' })).toBeUndefined();
    expect(targetsOf(queues, { appId: 'wx2', queueId: 'default' })).toBeUndefined();
  });
});

describe('standingFor', () => {
  const state = {
    ...initialConsoleState(me),
    queueBoard: { queues, loaded: true, receivedAt: opened },
  };
  // The agent's reply 30 s in was refused for good, which put the customer's wait back.
  const waiting = conversation('c1', 0, {
    lastCustomerMessageAt: opened,
    lastReplyAt: opened + 30_000,
    unansweredSince: opened,
  });

  it('reads the thread when it is held whole: a failed reply does not stop the first-response clock', () => {
    const held = {
      ...state,
      threads: {
        c1: {
          messages: [message(0), message(30, { direction: 'outbound', author: 'agent', status: 'failed' })],
          historyLoaded: true,
          loading: false,
        },
      },
    };
    expect(standingFor(held, waiting, opened + 3 * minute)).toMatchObject({
      status: 'breached',
      target: 'first',
      remainingMs: -minute,
    });
    // Without the thread, the recorded reply counts as the first answer, but the customer still waits:
    // the next-response clock runs from their message.
    expect(standingFor(state, waiting, opened + 3 * minute)).toMatchObject({
      status: 'on_track',
      target: 'next',
      remainingMs: 7 * minute,
    });
  });

  it('says nothing for a queue without targets or a closed conversation', () => {
    const shop = conversation('c2', 0, { queueId: 'shop-12', lastCustomerMessageAt: opened });
    expect(standingFor(state, shop, opened + 60 * minute)).toEqual({ status: 'none' });
    const closed = conversation('c3', 0, { state: 'closed', lastCustomerMessageAt: opened });
    expect(standingFor(state, closed, opened + 60 * minute)).toEqual({ status: 'none' });
  });
});

describe('floorStanding', () => {
  const floor: FloorView = {
    takenAt: opened,
    apps: [{ appId: 'wx1', name: 'App' }],
    conversations: [],
    queues: [
      {
        appId: 'wx1',
        queueId: 'default',
        name: 'Default',
        responseTargets: { nextResponseMinutes: 10 },
        waitingCount: 0,
      },
    ],
    agents: [],
    truncated: false,
  };
  const row = {
    conversationId: 'c1',
    appId: 'wx1',
    queueId: 'default',
    openId: 'o1',
    state: 'active' as const,
    assigneeId: 'me',
    createdAt: opened,
    openForMs: 40 * minute,
    answered: true,
    unansweredSince: opened + 31 * minute,
    unansweredMs: 9 * minute,
    lastMessagePreview: '在吗',
  };

  it('counts on from the moment the floor was read, on the console’s clock', () => {
    // Read at 5000 on this console's clock: 9 min unanswered then, 1 min later 10 of 10 used.
    const since = (ms: number) => 5_000 - ms;
    expect(floorStanding(floor, row, since, 5_000)).toMatchObject({
      status: 'due_soon',
      remainingMs: minute,
    });
    expect(floorStanding(floor, row, since, 5_000 + minute)).toMatchObject({
      status: 'breached',
      remainingMs: 0,
    });
    // No first-response target: a conversation nobody answered has none to keep.
    expect(floorStanding(floor, { ...row, answered: false }, since, 5_000)).toEqual({ status: 'none' });
  });
});

describe('standingBadge and standingText', () => {
  const standing = (status: ResponseStanding['status'], target: 'first' | 'next', remainingMs: number) =>
    (status === 'none' ? { status } : { status, target, dueAt: 0, remainingMs }) as ResponseStanding;

  it('say due soon or overdue, with the time left or over, in Chinese', () => {
    setLocale('zh-CN', false);
    expect(standingBadge(standing('on_track', 'first', 5 * minute))).toBeUndefined();
    expect(standingText(standing('on_track', 'first', 5 * minute))).toBe('首次响应还剩 5 分钟');
    expect(standingBadge(standing('due_soon', 'next', 90_000))).toBe('即将超时');
    expect(standingText(standing('due_soon', 'next', 90_000))).toBe('后续响应还剩 1 分钟');
    expect(standingBadge(standing('breached', 'first', -65 * minute))).toBe('已超时');
    expect(standingText(standing('breached', 'first', -65 * minute))).toBe('首次响应已超时 1 小时 5 分钟');
    expect(standingText(standing('none', 'first', 0))).toBeUndefined();
  });

  it('and in English', () => {
    setLocale('en', false);
    expect(standingBadge(standing('breached', 'next', -3 * minute))).toBe('Overdue');
    expect(standingText(standing('breached', 'next', -3 * minute))).toBe('Next response overdue by 3 min');
    expect(standingBadge(standing('due_soon', 'first', 20_000))).toBe('Due soon');
    expect(standingText(standing('due_soon', 'first', 20_000))).toBe('First response due in <1 min');
  });
});
