import { vi } from 'vitest';
import type { ServerFrame } from '../../../shared/realtime/frames.ts';
import type { ConsoleAlerts } from '../../../web/src/alerts.ts';
import type { ApiClient } from '../../../web/src/api.ts';
import { ConsoleController } from '../../../web/src/console-controller.ts';
import type { SocketHandlers } from '../../../web/src/socket.ts';
import { me } from './fixtures.ts';

/** A controller signed in as `me` against the given API, with the sockets it opens in the test's hands. */
export function controllerUnderTest(api: ApiClient, alerts?: ConsoleAlerts) {
  const sockets: SocketHandlers[] = [];
  let visible = true;
  const controller = new ConsoleController({
    session: { token: 't', expiresAt: Date.now() + 3_600_000, agent: me },
    api,
    socketUrl: 'wss://ws.example',
    openSocket: (_url, handlers) => {
      sockets.push(handlers);
      return { send: () => {}, close: () => {} };
    },
    isVisible: () => visible,
    isOnline: () => true,
    ...(alerts ? { alerts } : {}),
  });
  return {
    controller,
    sockets,
    /** A frame from the server on the newest socket. */
    push: (frame: ServerFrame) => sockets.at(-1)?.onMessage(JSON.stringify(frame)),
    // Lets pending reads resolve and a reconnect delay (at most 1 s at first) run out.
    settle: () => vi.advanceTimersByTimeAsync(1000),
    setVisible: (value: boolean) => {
      visible = value;
    },
  };
}
