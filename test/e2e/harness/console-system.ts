import { rm } from 'node:fs/promises';
import { startSystem, type TestSystem } from '../../support/system.ts';
import { buildConsole } from './build-console.ts';
import { startConsoleServer } from './console-server.ts';

/** The whole local system, and the console built and served against it. */
export interface ConsoleSystem {
  system: TestSystem;
  consoleUrl: string;
  stop(): Promise<void>;
}

export async function startConsoleSystem(): Promise<ConsoleSystem> {
  const [system, distDir] = await Promise.all([startSystem(), buildConsole()]);
  const server = await startConsoleServer(distDir, {
    httpApiUrl: system.runtime.httpUrl,
    webSocketUrl: system.runtime.webSocketUrl,
  });
  return {
    system,
    consoleUrl: server.url,
    async stop() {
      await server.stop();
      await system.stop();
      await rm(distDir, { recursive: true, force: true });
    },
  };
}
