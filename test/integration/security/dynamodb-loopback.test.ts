import { readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '../../../infra/local/runtime.ts';

/**
 * DynamoDB Local holds app secrets and password hashes and answers any credentials: it must listen on
 * the loopback address only, never on an address another host can reach.
 */

let runtime: LocalRuntime;
let port: number;

beforeAll(async () => {
  runtime = await startLocalRuntime({ dataDir: null, log: () => {} });
  port = Number(new URL(runtime.dynamodbEndpoint).port);
});

afterAll(async () => {
  await runtime?.stop();
});

/** This machine's addresses other hosts could use (link-local IPv6 ones need a zone: left out). */
function externalAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .flatMap((info) => (info && !info.internal && !info.address.startsWith('fe80:') ? [info.address] : []));
}

/** 'connected', or the error code of the attempt (ECONNREFUSED when nothing listens there). */
function tryConnect(host: string, to: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port: to, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('timeout');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/** Local addresses of the listening TCP sockets on a port, from the kernel's tables (Linux only). */
function listeningAddresses(on: number): string[] | undefined {
  const tables: [string, (hex: string) => string][] = [
    [
      '/proc/net/tcp',
      (hex) =>
        (hex.match(/../g) ?? [])
          .reverse()
          .map((byte) => Number.parseInt(byte, 16))
          .join('.'),
    ],
    ['/proc/net/tcp6', (hex) => hex],
  ];
  const found: string[] = [];
  for (const [file, decode] of tables) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
    for (const line of text.split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      const [address, hexPort] = local?.split(':') ?? [];
      // 0A: LISTEN
      if (state === '0A' && address && hexPort && Number.parseInt(hexPort, 16) === on)
        found.push(decode(address));
    }
  }
  return found;
}

describe("the local runtime's DynamoDB Local", () => {
  it('answers on the loopback address', async () => {
    expect(await tryConnect('127.0.0.1', port)).toBe('connected');
  });

  it('listens on the loopback address only, as the kernel sees it', () => {
    const addresses = listeningAddresses(port);
    if (addresses === undefined) return; // Not Linux: the reachability test below still applies.
    // IPv4 127.0.0.1, or the same as an IPv4-mapped IPv6 address (::ffff:127.0.0.1) in /proc/net/tcp6.
    expect(addresses.length).toBeGreaterThan(0);
    for (const address of addresses) {
      expect(['127.0.0.1', '0000000000000000FFFF00000100007F']).toContain(address);
    }
  });

  it('cannot be reached on any other address of this machine', async () => {
    const addresses = externalAddresses();
    // A machine with no network interface but loopback has nothing to test here; the test above checks
    // the socket's own address.
    if (addresses.length === 0) return;
    // Each address is reachable in itself: a server listening on every interface answers there.
    const control = createServer().listen(0);
    await new Promise((resolve) => control.once('listening', resolve));
    const controlPort = (control.address() as { port: number }).port;
    try {
      for (const address of addresses) {
        expect({ address, control: await tryConnect(address, controlPort) }).toEqual({
          address,
          control: 'connected',
        });
        expect({ address, dynamodb: await tryConnect(address, port) }).toEqual({
          address,
          dynamodb: 'ECONNREFUSED',
        });
      }
    } finally {
      control.close();
    }
  });
});
