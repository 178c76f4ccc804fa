/**
 * The local runtime shows what the functions log as readable lines through its `log` (what
 * `npm start` prints), one per log line: here, a rejected callback.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCallback } from '../../../shared/wechat/callback.ts';
import { randomAppId, startSystem, type TestApp, type TestSystem } from '../../support/system.ts';

const lines: string[] = [];
let system: TestSystem;
let app: TestApp;

beforeAll(async () => {
  system = await startSystem({ log: (line) => lines.push(line), env: { POWERTOOLS_LOG_LEVEL: 'INFO' } });
  app = await system.addApp();
});

afterAll(async () => {
  await system?.stop();
});

function signedCallback() {
  return buildCallback(app, {
    fields: {
      ToUserName: 'gh_0123456789ab',
      FromUserName: `o${randomBytes(12).toString('base64url')}`,
      CreateTime: Math.floor(Date.now() / 1000),
      MsgType: 'text',
      Content: 'PRIVATE-CUSTOMER-TEXT',
      MsgId: 9_000_000_000_000_000_001n,
    },
    format: 'xml',
    mode: 'secure',
  });
}

/** The lines the runtime showed for one call, found by API Gateway's request id. */
async function linesOf(response: Response): Promise<string[]> {
  const requestId = response.headers.get('apigw-requestid') ?? '';
  expect(requestId).not.toBe('');
  await response.arrayBuffer();
  return lines.filter((line) => line.includes(`correlation_id=${requestId}`));
}

describe('the local runtime’s log', () => {
  it('shows a rejected callback as one readable line, without the token, key, signature or body', async () => {
    const request = signedCallback();
    const forged: Record<string, string> = { ...request.query, msg_signature: 'a'.repeat(40) };
    const response = await system.callback(app.appId, { query: forged, body: request.body });
    expect(response.status).toBe(401);

    const shown = await linesOf(response);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatch(
      new RegExp(
        `^\\d\\d:\\d\\d:\\d\\d WARN wechat-callback callback rejected status=401 reason=signature_mismatch appId=${app.appId} method=POST correlation_id=\\S+$`,
      ),
    );
    const everything = lines.join('\n');
    for (const secret of [app.token, app.encodingAesKey, forged.signature, forged.msg_signature]) {
      if (!secret) throw new Error('the callback should carry it');
      expect(everything).not.toContain(secret);
    }
    expect(everything).not.toContain('PRIVATE-CUSTOMER-TEXT');
    // Readable lines only: no raw JSON, and no EMF metrics (they are off locally).
    expect(lines.filter((line) => line.startsWith('{') || line.includes('"_aws"'))).toEqual([]);
  });

  it('names the reason of a callback for an app nobody registered', async () => {
    const response = await system.callback(randomAppId(), signedCallback());
    expect(response.status).toBe(404);
    const shown = await linesOf(response);
    expect(shown).toEqual([
      expect.stringMatching(/ WARN wechat-callback callback rejected status=404 reason=unknown_app /),
    ]);
  });
});
