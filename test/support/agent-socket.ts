import WebSocket from 'ws';
import type { ServerFrame } from '../../shared/realtime/frames.ts';

/** A console's socket as a test sees it: every frame received, and a way to wait for the next one wanted. */
export interface AgentSocket {
  readonly frames: ServerFrame[];
  /** The next wanted frame after the last one `next` returned; frames in between are passed over. */
  next<T extends ServerFrame>(predicate: (frame: ServerFrame) => frame is T, timeoutMs?: number): Promise<T>;
  /** The first wanted frame ever received, whenever it came: for frames whose order is not promised. */
  seen<T extends ServerFrame>(predicate: (frame: ServerFrame) => frame is T, timeoutMs?: number): Promise<T>;
  send(frame: unknown): void;
  close(): Promise<void>;
  /** Drops the TCP connection without a close handshake, like a laptop lid closing. */
  terminate(): void;
  /** Settles when the socket has closed, from either side. */
  readonly closed: Promise<void>;
}

export function connectAgentSocket(url: string, token: string): Promise<AgentSocket> {
  const socket = new WebSocket(`${url}?token=${encodeURIComponent(token)}`);
  const frames: ServerFrame[] = [];
  const waiters = new Set<() => void>();
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  let consumed = 0;
  socket.on('message', (data) => {
    frames.push(JSON.parse(String(data)) as ServerFrame);
    for (const wake of waiters) wake();
  });
  function waitFor<T extends ServerFrame>(
    predicate: (frame: ServerFrame) => frame is T,
    timeoutMs: number,
    from: () => number,
    found: (index: number) => void,
  ): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        for (let index = from(); index < frames.length; index++) {
          const frame = frames[index] as ServerFrame;
          if (predicate(frame)) {
            found(index);
            cleanup();
            resolve(frame);
            return;
          }
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(frames.slice(from()))}`),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  }
  const handle: AgentSocket = {
    frames,
    next(predicate, timeoutMs = 10_000) {
      return waitFor(
        predicate,
        timeoutMs,
        () => consumed,
        (index) => {
          consumed = index + 1;
        },
      );
    },
    seen(predicate, timeoutMs = 10_000) {
      return waitFor(
        predicate,
        timeoutMs,
        () => 0,
        () => {},
      );
    },
    send(frame) {
      socket.send(JSON.stringify(frame));
    },
    close() {
      return new Promise((resolve) => {
        if (socket.readyState === WebSocket.CLOSED) return resolve();
        socket.once('close', () => resolve());
        socket.close();
      });
    },
    terminate() {
      socket.terminate();
    },
    closed,
  };
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(handle));
    socket.once('unexpected-response', (_request, response) =>
      reject(new Error(`socket refused with HTTP ${response.statusCode}`)),
    );
    socket.once('error', reject);
  });
}

export const isMessageCreated = (
  frame: ServerFrame,
): frame is Extract<ServerFrame, { type: 'message.created' }> => frame.type === 'message.created';

/** The next change of one message (its delivery, our copy of its medium, its transcript). */
export const isUpdateOf =
  (messageId: string) =>
  (frame: ServerFrame): frame is Extract<ServerFrame, { type: 'message.updated' }> =>
    frame.type === 'message.updated' && frame.message.messageId === messageId;
