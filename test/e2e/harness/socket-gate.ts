import type { AddressInfo } from 'node:net';
import { connect, createServer, type Socket } from 'node:net';

/**
 * A TCP relay between the browser and the backend's WebSocket port that the test can shut. Shut,
 * it refuses new connections (the browser sees a failed handshake, exactly like an unreachable
 * API Gateway), so "a message sent while the console was disconnected" is deterministic: the
 * console cannot get back before the test lets it. It never looks inside the bytes; frames, close
 * frames and the server-side kill all pass through as they are.
 */

export interface SocketGate {
  /** ws://127.0.0.1:<port> with the backend URL's path and query. */
  url: string;
  readonly refused: number;
  readonly accepted: number;
  open(): void;
  shut(): void;
  stop(): Promise<void>;
}

export async function startSocketGate(backendWebSocketUrl: string): Promise<SocketGate> {
  const target = new URL(backendWebSocketUrl);
  const targetPort = Number(target.port || (target.protocol === 'wss:' ? 443 : 80));
  if (target.protocol !== 'ws:') throw new Error('the socket gate relays plain ws:// only');
  const pairs = new Set<Socket>();
  let isOpen = true;
  let refused = 0;
  let accepted = 0;

  const server = createServer((client) => {
    if (!isOpen) {
      refused++;
      client.destroy();
      return;
    }
    accepted++;
    const upstream = connect(targetPort, target.hostname);
    pairs.add(client).add(upstream);
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
      pairs.delete(client);
      pairs.delete(upstream);
    };
    client.on('error', closeBoth).on('close', closeBoth);
    upstream.on('error', closeBoth).on('close', closeBoth);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = new URL(backendWebSocketUrl);
  url.host = `127.0.0.1:${port}`;

  return {
    url: url.href.replace(/\/$/, ''),
    get refused() {
      return refused;
    },
    get accepted() {
      return accepted;
    },
    open() {
      isOpen = true;
    },
    shut() {
      isOpen = false;
    },
    stop: () =>
      new Promise((resolve) => {
        for (const socket of pairs) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
