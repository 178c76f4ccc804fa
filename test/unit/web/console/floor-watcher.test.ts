import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { floorFrameGapMs, floorPollMs } from '../../../../web/src/console/floor-watcher.ts';
import { customerKey } from '../../../../web/src/customer-names.ts';
import { connectedConsole } from './console-harness.ts';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

const changed = { type: 'floor.changed', workspaceId: 'w1' } as const;

describe('FloorWatcher', () => {
  it('reads the floor when shown, once a second at most for a burst of frames, and every 15 s', async () => {
    const { controller, calls, push, settle } = await connectedConsole();
    const floorReads = () => calls.filter((call) => call === 'floor').length;
    // Not on screen: frames read nothing.
    push(changed);
    await settle();
    expect(floorReads()).toBe(0);

    controller.floor.show();
    await vi.advanceTimersByTimeAsync(0);
    expect(floorReads()).toBe(1);
    for (let frame = 0; frame < 10; frame++) push(changed);
    await vi.advanceTimersByTimeAsync(floorFrameGapMs - 1);
    expect(floorReads()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(floorReads()).toBe(2);

    // A frame long after the last read is read at once.
    await vi.advanceTimersByTimeAsync(5_000);
    push(changed);
    await vi.advanceTimersByTimeAsync(0);
    expect(floorReads()).toBe(3);

    // The clocks and the agents' statuses: read again periodically.
    await vi.advanceTimersByTimeAsync(floorPollMs * 2);
    expect(floorReads()).toBe(5);

    controller.floor.hide();
    push(changed);
    await vi.advanceTimersByTimeAsync(floorPollMs * 2);
    expect(floorReads()).toBe(5);
    controller.stop();
  });

  it('keeps the floor with when it arrived, and names its customers as the rest of the console does', async () => {
    const { controller, floor, state } = await connectedConsole();
    floor.floor.conversations.push({
      conversationId: 'c9',
      appId: 'wxapp',
      queueId: 'default',
      openId: 'o9',
      state: 'queued',
      waitingKind: 'queue',
      createdAt: 1,
      openForMs: 60_000,
      answered: false,
      unansweredSince: 1,
      unansweredMs: 60_000,
      lastMessagePreview: '在吗',
    });
    floor.customers = [{ appId: 'wxapp', openId: 'o9', remarkName: '王女士' }];
    controller.floor.show();
    await vi.advanceTimersByTimeAsync(0);
    const watched = controller.floor.store.state;
    expect(watched.floor?.conversations.map((item) => item.conversationId)).toEqual(['c9']);
    expect(watched.receivedAt).toBeGreaterThan(0);
    expect(watched.loading).toBe(false);
    expect(state().customerNames[customerKey({ appId: 'wxapp', openId: 'o9' })]).toBe('王女士');
    controller.stop();
  });
});
