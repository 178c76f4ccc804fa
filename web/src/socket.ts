import type { ServerFrame } from '../../shared/realtime/frames.ts';
import { Backoff } from './backoff.ts';
import { parseServerFrame } from './frame-parser.ts';

/**
 * The console's one socket, kept alive for as long as the agent is signed in. It owns no data: it
 * reports frames, its status and every (re)connect, and the console resyncs over HTTP on each
 * connect, so whatever was pushed while the socket was down is read back, not lost.
 *
 * No DOM types here: the browser WebSocket is plugged in through `open` (see browser-socket.ts), the
 * clock through `clock`, so tests drive every path with fakes.
 */

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';

export interface SocketHandlers {
  onOpen(): void;
  onMessage(data: unknown): void;
  onClose(code: number): void;
}

export interface SocketHandle {
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type OpenSocket = (url: string, handlers: SocketHandlers) => SocketHandle;

export interface Clock {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SocketTiming {
  /** Backoff: first delay ceiling and cap (equal jitter, see backoff.ts). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** API Gateway drops a socket idle for 10 minutes; a ping every 5 keeps it, and proves it alive. */
  heartbeatMs: number;
  /** A ping unanswered this long means the connection is dead (a sleeping laptop, a lost route). */
  pongTimeoutMs: number;
  /** A handshake that hangs this long is given up (captive portals, black-holed packets). */
  connectTimeoutMs: number;
  /** Backoff restarts only after a connection stayed up this long, so a flapping server is not hammered. */
  stableAfterMs: number;
  /** API Gateway closes every socket at 2 hours; a replacement is opened before that… */
  maxLifetimeMs: number;
  /** …this long before, minus up to `rotationJitterMs`, so consoles do not all rotate at once. */
  rotateBeforeMs: number;
  rotationJitterMs: number;
}

const defaultTiming: SocketTiming = {
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  heartbeatMs: 5 * 60_000,
  pongTimeoutMs: 30_000,
  connectTimeoutMs: 15_000,
  stableAfterMs: 10_000,
  maxLifetimeMs: 2 * 60 * 60_000,
  rotateBeforeMs: 10 * 60_000,
  rotationJitterMs: 5 * 60_000,
};

export interface ReconnectingSocketOptions {
  /** Called for every attempt, so a new token is picked up. */
  url: () => string;
  open: OpenSocket;
  onFrame: (frame: ServerFrame) => void;
  onStatus: (status: ConnectionStatus) => void;
  /** After every successful connect, the first included: the moment to resync over HTTP. */
  onConnected: () => void;
  /**
   * An attempt failed before the socket opened. Browsers hide the handshake's HTTP status, so this
   * is where the console asks the API whether its token still works (a 401 signs it out).
   */
  onAttemptFailed?: () => void;
  isOnline?: () => boolean;
  clock?: Clock;
  random?: () => number;
  timing?: Partial<SocketTiming>;
}

interface Connection {
  handle?: SocketHandle;
  /** False once this connection was closed or given up: its late events are ignored. */
  live: boolean;
  connectTimer?: unknown;
}

const pingFrame = JSON.stringify({ action: 'ping' });

export class ReconnectingSocket {
  private readonly timing: SocketTiming;
  private readonly clock: Clock;
  private readonly backoff: Backoff;
  /** The open connection frames come from. */
  private current: Connection | undefined;
  /** A connection being opened: a reconnect, or the replacement of `current` before its 2 hours end. */
  private pending: Connection | undefined;
  private retryTimer: unknown;
  private heartbeatTimer: unknown;
  private pongTimer: unknown;
  private rotationTimer: unknown;
  private stableTimer: unknown;
  private running = false;
  private status: ConnectionStatus = 'connecting';

  constructor(private readonly options: ReconnectingSocketOptions) {
    this.timing = { ...defaultTiming, ...options.timing };
    this.clock = options.clock ?? {
      setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
      clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
    };
    this.backoff = new Backoff({
      baseMs: this.timing.baseDelayMs,
      capMs: this.timing.maxDelayMs,
      random: options.random,
    });
  }

  get currentStatus(): ConnectionStatus {
    return this.status;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.connect();
  }

  stop(): void {
    this.running = false;
    for (const timer of [
      this.retryTimer,
      this.heartbeatTimer,
      this.pongTimer,
      this.rotationTimer,
      this.stableTimer,
    ]) {
      this.clock.clearTimeout(timer);
    }
    for (const connection of [this.current, this.pending]) {
      if (connection) this.discard(connection, 1000, 'signed out');
    }
    this.current = undefined;
    this.pending = undefined;
  }

  /** The network came back or the tab woke up: try now instead of waiting out the backoff. */
  reconnectNow(): void {
    if (!this.running || this.current || this.pending) return;
    this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.backoff.reset();
    this.connect();
  }

  /** Asks the server for a pong now; a dead connection is noticed within `pongTimeoutMs`. */
  checkAlive(): void {
    if (this.current) this.ping();
    else this.reconnectNow();
  }

  /** The browser says it is offline: no socket can be working, so stop pretending and retry. */
  wentOffline(): void {
    if (this.current) this.dropCurrent();
    else if (this.running) this.setStatus('offline');
  }

  private connect(): void {
    const connection: Connection = { live: true };
    this.pending = connection;
    if (!this.current && this.status !== 'connecting') this.setStatus(this.retryStatus());
    connection.connectTimer = this.clock.setTimeout(() => {
      if (!connection.live) return;
      this.discard(connection, 4000, 'handshake timed out');
      this.onClosed(connection);
    }, this.timing.connectTimeoutMs);
    connection.handle = this.options.open(this.options.url(), {
      onOpen: () => {
        if (connection.live) this.onOpened(connection);
      },
      onMessage: (data) => {
        if (connection.live && connection === this.current) this.onMessage(data);
      },
      onClose: () => {
        if (connection.live) this.onClosed(connection);
      },
    });
  }

  private onOpened(connection: Connection): void {
    this.clock.clearTimeout(connection.connectTimer);
    this.pending = undefined;
    const replaced = this.current;
    this.current = connection;
    // Make before break: the old socket is closed only now, so the agent is never offline for routing.
    if (replaced) this.discard(replaced, 1000, 'replaced');
    this.clock.clearTimeout(this.pongTimer);
    this.pongTimer = undefined;
    this.clock.clearTimeout(this.stableTimer);
    this.stableTimer = this.clock.setTimeout(() => this.backoff.reset(), this.timing.stableAfterMs);
    this.scheduleHeartbeat();
    this.scheduleRotation();
    this.setStatus('connected');
    this.options.onConnected();
  }

  private onMessage(data: unknown): void {
    // Any frame proves the connection alive, not only the pong.
    this.clock.clearTimeout(this.pongTimer);
    this.pongTimer = undefined;
    const frame = parseServerFrame(data);
    if (frame) this.options.onFrame(frame);
  }

  private onClosed(connection: Connection): void {
    connection.live = false;
    this.clock.clearTimeout(connection.connectTimer);
    if (connection === this.pending) {
      this.pending = undefined;
      this.options.onAttemptFailed?.();
      this.scheduleRetry();
      return;
    }
    if (connection !== this.current) return;
    this.current = undefined;
    for (const timer of [this.heartbeatTimer, this.pongTimer, this.rotationTimer, this.stableTimer]) {
      this.clock.clearTimeout(timer);
    }
    this.pongTimer = undefined;
    if (!this.running) return;
    if (this.pending) {
      // A replacement is already on its way; its outcome decides what happens next.
      this.setStatus(this.retryStatus());
      return;
    }
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (!this.running) return;
    const delay = this.backoff.next();
    if (this.current) {
      // A replacement failed while the old socket still works: try again, it has minutes left.
      this.rotationTimer = this.clock.setTimeout(() => this.rotate(), delay);
      return;
    }
    this.setStatus(this.retryStatus());
    this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = this.clock.setTimeout(() => {
      this.retryTimer = undefined;
      if (this.running && !this.current && !this.pending) this.connect();
    }, delay);
  }

  private scheduleHeartbeat(): void {
    this.clock.clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = this.clock.setTimeout(() => {
      this.ping();
      this.scheduleHeartbeat();
    }, this.timing.heartbeatMs);
  }

  private ping(): void {
    const connection = this.current;
    if (!connection) return;
    // The deadline is set before sending, so an answer cannot arrive before there is one to clear.
    if (this.pongTimer === undefined) {
      this.pongTimer = this.clock.setTimeout(() => {
        this.pongTimer = undefined;
        if (connection === this.current) this.dropCurrent();
      }, this.timing.pongTimeoutMs);
    }
    try {
      connection.handle?.send(pingFrame);
    } catch {
      this.dropCurrent();
    }
  }

  private scheduleRotation(): void {
    this.clock.clearTimeout(this.rotationTimer);
    const jitter = (this.options.random ?? Math.random)() * this.timing.rotationJitterMs;
    const after = Math.max(0, this.timing.maxLifetimeMs - this.timing.rotateBeforeMs - jitter);
    this.rotationTimer = this.clock.setTimeout(() => this.rotate(), after);
  }

  private rotate(): void {
    if (this.running && this.current && !this.pending) this.connect();
  }

  /** Gives up the open connection without waiting for a close event that may take minutes to come. */
  private dropCurrent(): void {
    const connection = this.current;
    if (!connection) return;
    this.discard(connection, 4001, 'no answer');
    this.onClosed(connection);
  }

  private discard(connection: Connection, code: number, reason: string): void {
    const handle = connection.handle;
    connection.live = false;
    this.clock.clearTimeout(connection.connectTimer);
    try {
      handle?.close(code, reason);
    } catch {
      // Already closed.
    }
  }

  private retryStatus(): ConnectionStatus {
    return (this.options.isOnline?.() ?? true) ? 'reconnecting' : 'offline';
  }

  private setStatus(status: ConnectionStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.options.onStatus(status);
  }
}
