/**
 * Listening on TCP ports, and letting go of them, with errors a developer can act on: the usual
 * failure is a second `npm start`, or another program, already holding the port.
 */
import type { Server } from 'node:http';
import { createServer } from 'node:net';

export class PortInUseError extends Error {
  constructor(service: string, port: number, hint: string) {
    super(`${service}: port ${port} is already in use; pass a different port (${hint}) or 0 for a free one`);
    this.name = 'PortInUseError';
  }
}

export interface PortRequest {
  /** Shown in errors, e.g. `HTTP API`. */
  readonly service: string;
  /** How to choose another port, e.g. `--http-port or ports.http`. */
  readonly hint: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly host: string;
  /** Connections the system may hold for `accept` while the process is busy; Node's default is 511. */
  readonly backlog?: number;
}

/** Starts `server` listening and returns the port it got. */
export function listen(server: Server, request: PortRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE' ? new PortInUseError(request.service, request.port, request.hint) : error,
      );
    };
    server.once('error', onError);
    server.listen({ port: request.port, host: request.host, backlog: request.backlog }, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : request.port);
    });
  });
}

/**
 * Checks that a port is free on all interfaces (so on the loopback address DynamoDB Local binds too)
 * by briefly listening on it; with port 0, returns a port the system has just handed out. The check matters for DynamoDB
 * Local: a second instance fails to bind only after its JVM has started, and until then the first
 * instance would answer our readiness probe.
 */
export function reservePort(request: Omit<PortRequest, 'host'>): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE' ? new PortInUseError(request.service, request.port, request.hint) : error,
      );
    });
    probe.listen({ port: request.port, host: '0.0.0.0', exclusive: true }, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : request.port;
      probe.close(() => resolve(port));
    });
  });
}

/** `host:port` as it goes into a URL (IPv6 literals in brackets; the wildcard as loopback). */
export function urlAuthority(host: string, port: number): string {
  if (host === '0.0.0.0' || host === '::') return `127.0.0.1:${port}`;
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Stops listening and drops open connections (keep-alive ones would otherwise hold `close` up). */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
