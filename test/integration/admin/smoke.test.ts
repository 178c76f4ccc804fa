/**
 * `npm run smoke`: WeChat's signed handshake against the real local runtime (passes), and against a
 * server that echoes without checking the signature (fails, saying why).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkHandshake } from '../../../infra/smoke/handshake.ts';
import { runScript, type ScriptRun } from '../../support/run-script.ts';
import { startSystem, type TestApp, type TestSystem } from '../../support/system.ts';

let system: TestSystem;
let app: TestApp;
let dataDir: string;

beforeAll(async () => {
  system = await startSystem();
  app = await system.addApp();
  dataDir = await mkdtemp(join(tmpdir(), 'smoke-'));
  await writeFile(
    join(dataDir, 'runtime.json'),
    JSON.stringify({
      dynamodbEndpoint: system.runtime.dynamodbEndpoint,
      tableNames: system.runtime.tableNames,
      httpUrl: system.runtime.httpUrl,
    }),
  );
});

afterAll(async () => {
  await system?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Runs `npm run smoke -- …` without blocking this process, where the runtime answers. */
function smoke(...args: string[]): Promise<ScriptRun> {
  return runScript('infra/smoke/cli.ts', [...args, '--data-dir', dataDir]);
}

describe('npm run smoke against the local runtime', () => {
  it('passes the signed handshake and sees a forged one refused, reading the Token from the store', async () => {
    const result = await smoke('--app-id', app.appId);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(`${system.runtime.httpUrl}/wechat/${app.appId}`);
    expect(result.stdout).toContain('ok   signed handshake: answered 200 with the echostr');
    expect(result.stdout).toContain('ok   forged handshake refused: answered 401');
    expect(result.stdout).not.toContain(app.token);
    expect(result.code).toBe(0);
  });

  it('says so when the app is not registered there', async () => {
    const result = await smoke('--app-id', 'wx00000000000000ff');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no app wx00000000000000ff is registered');
  });

  it('asks for the app id', async () => {
    const result = await smoke();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--app-id is required');
  });
});

describe('the handshake check', () => {
  let server: Server;
  let baseUrl: string;

  beforeAll(async () => {
    // Echoes whatever it is sent, as a callback that checks no signature would.
    server = createServer((request, response) => {
      const echostr = new URL(request.url ?? '/', 'http://x').searchParams.get('echostr') ?? '';
      response.end(echostr);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wechat/`;
  });

  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('fails a server that does not check the signature', async () => {
    const checks = await checkHandshake({ callbackBaseUrl: baseUrl, appId: app.appId, token: 'x' });
    expect(checks.map((check) => [check.name, check.passed])).toEqual([
      ['signed handshake', true],
      ['forged handshake refused', false],
    ]);
    expect(checks[1]?.detail).toContain('the signature is not being checked');
  });

  it('fails a handshake signed with another Token, and an address nobody answers', async () => {
    const wrongToken = await checkHandshake({
      callbackBaseUrl: `${system.runtime.httpUrl}/wechat/`,
      appId: app.appId,
      token: `${app.token}x`,
    });
    expect(wrongToken[0]).toMatchObject({ passed: false });
    expect(wrongToken[0]?.detail).toMatch(/^answered 401/);
    const nobody = await checkHandshake({
      callbackBaseUrl: 'http://127.0.0.1:9/wechat/',
      appId: app.appId,
      token: 'x',
    });
    expect(nobody.every((check) => !check.passed && check.detail.startsWith('no answer'))).toBe(true);
  });
});
