import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServerFrame } from '../../../shared/realtime/frames.ts';
import {
  type ConnectionStatus,
  ReconnectingSocket,
  type ReconnectingSocketOptions,
  type SocketHandlers,
} from '../../../web/src/socket.ts';
import { conversation, message } from './fixtures.ts';

/** One connection attempt as the fake server sees it; the test decides how it goes. */
class Attempt {
  readonly sent: string[] = [];
  closedWith?: { code?: number; reason?: string };
  constructor(
    readonly url: string,
    private readonly handlers: SocketHandlers,
  ) {}
  accept() {
    this.handlers.onOpen();
  }
  refuse() {
    this.handlers.onClose(1006);
  }
  drop() {
    this.handlers.onClose(1006);
  }
  deliver(frame: ServerFrame | string) {
    this.handlers.onMessage(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }
}

/** `autoPong`: the fake server answers pings, as a healthy one does. */
function setup(overrides: Partial<ReconnectingSocketOptions> = {}, { autoPong = true } = {}) {
  const attempts: Attempt[] = [];
  const statuses: ConnectionStatus[] = [];
  const frames: ServerFrame[] = [];
  const connected = vi.fn();
  const attemptFailed = vi.fn();
  let online = true;
  const socket = new ReconnectingSocket({
    url: () => `wss://ws.example/?token=t${attempts.length}`,
    open: (url, handlers) => {
      const attempt = new Attempt(url, handlers);
      attempts.push(attempt);
      return {
        send: (data) => {
          attempt.sent.push(data);
          if (autoPong && data === '{"action":"ping"}') attempt.deliver({ type: 'pong', at: Date.now() });
        },
        close: (code, reason) => {
          attempt.closedWith = { code, reason };
        },
      };
    },
    onFrame: (frame) => frames.push(frame),
    onStatus: (status) => statuses.push(status),
    onConnected: connected,
    onAttemptFailed: attemptFailed,
    isOnline: () => online,
    random: () => 1,
    ...overrides,
  });
  const last = () => attempts.at(-1) as Attempt;
  return {
    socket,
    attempts,
    statuses,
    frames,
    connected,
    attemptFailed,
    last,
    setOnline: (value: boolean) => {
      online = value;
    },
  };
}

const created: ServerFrame = {
  type: 'message.created',
  message: message(1),
  conversation: conversation('c1', 1),
};

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('ReconnectingSocket', () => {
  it('connects, reports it, resyncs and forwards frames', () => {
    const { socket, attempts, statuses, frames, connected, last } = setup();
    socket.start();
    expect(attempts).toHaveLength(1);
    expect(last().url).toBe('wss://ws.example/?token=t0');
    last().accept();
    expect(statuses).toEqual(['connected']);
    expect(connected).toHaveBeenCalledTimes(1);
    last().deliver(created);
    last().deliver('garbage');
    expect(frames).toEqual([created]);
  });

  it('reconnects after a close with backoff, and resyncs again', () => {
    const { socket, attempts, statuses, connected, last } = setup({ random: () => 0 });
    socket.start();
    last().accept();
    last().drop();
    expect(statuses.at(-1)).toBe('reconnecting');
    vi.advanceTimersByTime(249);
    expect(attempts).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(attempts).toHaveLength(2);
    last().accept();
    expect(statuses).toEqual(['connected', 'reconnecting', 'connected']);
    expect(connected).toHaveBeenCalledTimes(2);
  });

  it('backs off exponentially up to the cap while attempts fail, asking whether the token still works', () => {
    const { socket, attempts, attemptFailed, last } = setup();
    socket.start();
    const delays: number[] = [];
    for (let index = 0; index < 9; index++) {
      last().refuse();
      const before = attempts.length;
      let waited = 0;
      while (attempts.length === before) {
        vi.advanceTimersByTime(100);
        waited += 100;
      }
      delays.push(waited);
    }
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
    expect(attemptFailed).toHaveBeenCalledTimes(9);
  });

  it('starts the backoff over once a connection stayed up, not after a flap', () => {
    const { socket, attempts, last } = setup();
    socket.start();
    last().refuse();
    vi.advanceTimersByTime(500);
    last().refuse();
    vi.advanceTimersByTime(1000);
    // Opens, then drops at once: the server is flapping, so the delays keep growing.
    last().accept();
    last().drop();
    vi.advanceTimersByTime(1999);
    expect(attempts).toHaveLength(3);
    vi.advanceTimersByTime(1);
    expect(attempts).toHaveLength(4);
    // Stays up past the stability period: the next drop retries at the base delay.
    last().accept();
    vi.advanceTimersByTime(10_000);
    last().drop();
    vi.advanceTimersByTime(500);
    expect(attempts).toHaveLength(5);
  });

  it('pings every 5 minutes and gives up a connection that does not answer', () => {
    const { socket, attempts, statuses, last } = setup({}, { autoPong: false });
    socket.start();
    last().accept();
    vi.advanceTimersByTime(5 * 60_000);
    expect(last().sent).toEqual(['{"action":"ping"}']);
    last().deliver({ type: 'pong', at: Date.now() });
    vi.advanceTimersByTime(60_000);
    expect(statuses.at(-1)).toBe('connected');

    vi.advanceTimersByTime(4 * 60_000);
    expect(last().sent).toHaveLength(2);
    vi.advanceTimersByTime(30_000);
    expect(statuses.at(-1)).toBe('reconnecting');
    expect(attempts[0]?.closedWith?.code).toBe(4001);
    vi.advanceTimersByTime(500);
    expect(attempts).toHaveLength(2);
  });

  it('replaces the socket before the 2-hour cap without going through reconnecting', () => {
    const { socket, attempts, statuses, connected, last } = setup({ random: () => 0 });
    socket.start();
    last().accept();
    vi.advanceTimersByTime(110 * 60_000 - 1);
    expect(attempts).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(attempts).toHaveLength(2);
    // The old socket keeps working until the new one is open.
    expect(attempts[0]?.closedWith).toBeUndefined();
    last().accept();
    expect(attempts[0]?.closedWith?.code).toBe(1000);
    expect(statuses).toEqual(['connected']);
    expect(connected).toHaveBeenCalledTimes(2);
  });

  it('ignores frames and closes from a socket it replaced', () => {
    const { socket, attempts, statuses, frames, last } = setup({ random: () => 0 });
    socket.start();
    last().accept();
    vi.advanceTimersByTime(110 * 60_000);
    last().accept();
    attempts[0]?.deliver(created);
    attempts[0]?.drop();
    expect(frames.filter((frame) => frame.type !== 'pong')).toEqual([]);
    expect(statuses).toEqual(['connected']);
  });

  it('gives up a handshake that hangs', () => {
    const { socket, attempts, statuses } = setup();
    socket.start();
    vi.advanceTimersByTime(15_000);
    expect(attempts[0]?.closedWith?.code).toBe(4000);
    expect(statuses).toEqual(['reconnecting']);
    vi.advanceTimersByTime(500);
    expect(attempts).toHaveLength(2);
  });

  it('says offline when the browser is, and retries at once when the network is back', () => {
    const { socket, attempts, statuses, last, setOnline } = setup();
    socket.start();
    last().accept();
    setOnline(false);
    socket.wentOffline();
    expect(statuses.at(-1)).toBe('offline');
    vi.advanceTimersByTime(500);
    last().refuse();
    expect(statuses.at(-1)).toBe('offline');
    setOnline(true);
    const before = attempts.length;
    socket.reconnectNow();
    expect(attempts).toHaveLength(before + 1);
    expect(statuses.at(-1)).toBe('reconnecting');
    last().accept();
    expect(statuses.at(-1)).toBe('connected');
  });

  it('stops for good', () => {
    const { socket, attempts, last } = setup();
    socket.start();
    last().accept();
    socket.stop();
    expect(last().closedWith?.code).toBe(1000);
    last().drop();
    vi.advanceTimersByTime(60 * 60_000);
    expect(attempts).toHaveLength(1);
  });
});
