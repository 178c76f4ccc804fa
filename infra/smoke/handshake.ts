/**
 * The check a deployment must pass before its callback URL goes into WeChat's console: WeChat's own
 * server-URL handshake (a GET signed with the app's Token, answered with the `echostr` byte for
 * byte), and the same handshake with a wrong signature, which must be refused. Passing both means
 * the URL reaches the callback function, the function reads the app from DynamoDB, and the Token
 * stored is the one used.
 */
import { randomBytes } from 'node:crypto';
import { computeSignature } from '../../shared/wechat/signature.ts';

export interface HandshakeCheck {
  readonly name: string;
  readonly passed: boolean;
  readonly detail: string;
}

export interface HandshakeTarget {
  /** `https://…/wechat/`: WeChat's message push URL without the app id. */
  readonly callbackBaseUrl: string;
  readonly appId: string;
  readonly token: string;
}

function signedUrl(target: HandshakeTarget, echostr: string, signature?: string): string {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = String(randomBytes(4).readUInt32BE());
  const query = new URLSearchParams({
    signature: signature ?? computeSignature(target.token, timestamp, nonce),
    timestamp,
    nonce,
    echostr,
  });
  return `${target.callbackBaseUrl.replace(/\/?$/, '/')}${encodeURIComponent(target.appId)}?${query}`;
}

async function get(url: string): Promise<{ status: number; body: string } | { error: string }> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    return { status: response.status, body: await response.text() };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

export async function checkHandshake(target: HandshakeTarget): Promise<HandshakeCheck[]> {
  const echostr = String(randomBytes(8).readBigUInt64BE());
  const signed = await get(signedUrl(target, echostr));
  const echoed: HandshakeCheck =
    'error' in signed
      ? { name: 'signed handshake', passed: false, detail: `no answer: ${signed.error}` }
      : signed.status === 200 && signed.body === echostr
        ? { name: 'signed handshake', passed: true, detail: 'answered 200 with the echostr' }
        : {
            name: 'signed handshake',
            passed: false,
            detail: `answered ${signed.status} ${JSON.stringify(signed.body.slice(0, 200))}, expected 200 ${echostr}`,
          };

  const forged = await get(signedUrl(target, echostr, '0'.repeat(40)));
  const refused: HandshakeCheck =
    'error' in forged
      ? { name: 'forged handshake refused', passed: false, detail: `no answer: ${forged.error}` }
      : forged.status === 401
        ? { name: 'forged handshake refused', passed: true, detail: 'answered 401' }
        : {
            name: 'forged handshake refused',
            passed: false,
            detail: `answered ${forged.status}, expected 401 (the signature is not being checked)`,
          };
  return [echoed, refused];
}
