/**
 * The CPU cost of taking in one secure-mode push, on one core, in one process: our path beside the
 * floor it cannot go below, a peer library doing the same job, and the bare crypto inside all of them.
 * The variants run in interleaved rounds (A B C D A B C D …), so that a burst of load from elsewhere on
 * the machine slows every variant of a round alike instead of one variant's whole measurement; each
 * round times a batch of calls of one variant, and the figure reported is the median over rounds of
 * the nanoseconds per call, with the spread (p25–p75, min–max) of those per-round figures. A batch is
 * timed in CPU time of this process (user + system), not wall time, so time spent waiting for a core
 * that another process holds is not counted; what the process itself spends (its garbage collection
 * included) is.
 */
import { createDecipheriv, hash } from 'node:crypto';
import { createRequire } from 'node:module';
import { XMLParser } from 'fast-xml-parser';
import {
  buildCallback,
  type CallbackFormat,
  openCallback,
  readInboundMessage,
} from '../../shared/wechat/callback.ts';
import { MessageCipher } from '../../shared/wechat/crypto.ts';
import { readEnvelope } from '../../shared/wechat/envelope.ts';
import type { MessageFields } from '../../shared/wechat/message-fields.ts';
import { computeMsgSignature, computeSignature, signatureMatches } from '../../shared/wechat/signature.ts';
import { type Distribution, distribution } from './stats.ts';

/** The four compared, and two parts of ours that show where its time goes. */
export type IngestVariantId = 'ours' | 'floor' | 'peer' | 'bare' | 'oursChecks' | 'oursParsing';

export interface IngestVariantResult {
  id: IngestVariantId;
  label: string;
  /** What one call does. */
  does: string;
  /** Nanoseconds per call, one figure per round. */
  nsPerCall: Distribution;
  callsPerRound: number;
  /** rounds × callsPerRound. */
  calls: number;
}

export interface IngestCaseResult {
  format: CallbackFormat;
  message: string;
  bytes: { body: number; encrypt: number; decrypted: number };
  rounds: number;
  variants: IngestVariantResult[];
  /** Medians divided: ours/floor, peer/ours, ours/bare. */
  ratios: { oursOverFloor: number; peerOverOurs: number; oursOverBare: number };
  /** Set when the peer is not the wechat package itself (it has no JSON mode). */
  peerNote?: string;
}

export interface IngestResult {
  cases: IngestCaseResult[];
  peer: string;
}

export interface IngestOptions {
  rounds: number;
  /** Wall time one batch of one variant aims at, in milliseconds. */
  batchMs: number;
}

/** WECHAT.md §2.3: a customer's text message, in the shape a Mini Program push has. */
const fields = {
  ToUserName: 'gh_97417a04a28d',
  FromUserName: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY',
  CreateTime: 1_714_112_445,
  MsgType: 'text',
  Content: '你好，我想问一下订单什么时候发货？',
  MsgId: 6054768590064713728n,
} satisfies MessageFields;

const app = {
  appId: 'wx134c8103faa5a59e',
  token: 'benchToken2024',
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};
const timestamp = String(fields.CreateTime);
const nonce = '415670741';
/** openCallback's clock: the moment WeChat stamped the push. */
const now = fields.CreateTime * 1000;

interface PeerMessage {
  ToUserName?: string;
  FromUserName?: string;
  MsgType?: string;
  Content?: string;
  MsgId?: string;
}
interface PeerRequest {
  method: 'POST';
  query: Record<string, string>;
  rawBody: string;
  weixin?: PeerMessage;
}
type PeerMiddleware = (request: PeerRequest, response: object, next: (error?: unknown) => void) => void;
interface PeerCryptor {
  getSignature(timestamp: string, nonce: string, encrypt: string): string;
  decrypt(encrypt: string): { message: string; id: string };
}

const require = createRequire(import.meta.url);
/** node-webot's `wechat` (Express/Connect middleware) and the cryptor it uses. */
const wechatMiddleware = require('wechat') as (
  config: { token: string; appid: string; encodingAESKey: string },
  handle: (request: PeerRequest) => void,
) => PeerMiddleware;
const WXBizMsgCrypt = require('wechat-crypto') as new (
  token: string,
  encodingAesKey: string,
  appId: string,
) => PeerCryptor;
const peerVersion = (require('wechat/package.json') as { version: string }).version;

/**
 * The wechat package's whole secure-mode POST path, driven synchronously: with `rawBody` set it skips
 * reading a stream, xml2js parses synchronously, and the handler receives `req.weixin`.
 */
function peerXml(middleware: PeerMiddleware, body: string, query: Record<string, string>): PeerMessage {
  const request: PeerRequest = { method: 'POST', query, rawBody: body };
  const response = {
    writeHead(status: number) {
      throw new Error(`the wechat package answered ${status}`);
    },
    end() {},
  };
  middleware(request, response, (error) => {
    throw error ?? new Error('the wechat package passed the request on');
  });
  const received = request.weixin;
  if (!received) throw new Error('the wechat package did not hand over a message synchronously');
  return received;
}

let sink = 0;
/** Keeps the optimiser from discarding a call whose result nothing reads. */
function consume(value: unknown): void {
  if (typeof value === 'string') sink += value.length;
  else if (typeof value === 'object' && value !== null) sink += 1;
  else if (typeof value === 'number') sink += value;
}

interface Variant {
  id: IngestVariantId;
  label: string;
  does: string;
  run: () => unknown;
}

function variantsFor(format: CallbackFormat): {
  variants: Variant[];
  bytes: IngestCaseResult['bytes'];
  peerNote?: string;
} {
  const request = buildCallback(app, { fields, format, mode: 'secure', timestamp, nonce });
  const opened = openCallback(app, request, now);
  if (opened.message.kind !== 'text' || opened.message.content !== fields.Content) {
    throw new Error('our path did not return the text message');
  }
  const encrypt =
    format === 'xml'
      ? (/<Encrypt><!\[CDATA\[([^\]]*)\]\]><\/Encrypt>/.exec(request.body)?.[1] ?? '')
      : (JSON.parse(request.body) as { Encrypt: string }).Encrypt;
  const cipher = new MessageCipher(app.encodingAesKey, app.appId);
  const decrypted = cipher.decrypt(encrypt);
  const key = Buffer.from(`${app.encodingAesKey}=`, 'base64');
  const iv = key.subarray(0, 16);
  // The sorted concatenation msg_signature is the SHA-1 of (WECHAT.md §3.2), built once: the floor
  // hashes it, it does not sort.
  const signatureInput = [app.token, timestamp, nonce, encrypt].sort().join('');
  if (hash('sha1', signatureInput, 'hex') !== request.query.msg_signature) {
    throw new Error('the floor hashes something else than msg_signature covers');
  }
  const aes = (): Buffer => {
    const decipher = createDecipheriv('aes-256-cbc', key, iv);
    decipher.setAutoPadding(false);
    return Buffer.concat([decipher.update(Buffer.from(encrypt, 'base64')), decipher.final()]);
  };
  const fxp = new XMLParser();
  /** The message inside the AES plaintext: after the 16 random bytes and the 4-byte length. */
  const inner = (plain: Buffer): string => plain.toString('utf8', 20, 20 + plain.readUInt32BE(16));
  if (inner(aes()) !== decrypted) throw new Error('the floor decrypts something else');

  const floorParse =
    format === 'xml' ? (text: string) => fxp.parse(text) : (text: string) => JSON.parse(text);
  const floorCheck = floorParse(decrypted) as { xml?: { Content?: string }; Content?: string };
  if ((floorCheck.xml?.Content ?? floorCheck.Content) !== fields.Content) {
    throw new Error('the floor parse did not find the Content');
  }

  const peerMiddleware = wechatMiddleware(
    { token: app.token, appid: app.appId, encodingAESKey: app.encodingAesKey },
    () => {},
  );
  const peerCryptor = new WXBizMsgCrypt(app.token, app.encodingAesKey, app.appId);
  let peer: () => PeerMessage;
  let peerNote: string | undefined;
  if (format === 'xml') {
    peer = () => peerXml(peerMiddleware, request.body, request.query);
  } else {
    // The wechat package reads XML only; a JSON push needs its cryptor and JSON.parse, the way a user of
    // the package would write it.
    peerNote = `wechat ${peerVersion} has no JSON mode: JSON.parse + its wechat-crypto signature and decrypt + JSON.parse`;
    peer = () => {
      const outer = JSON.parse(request.body) as { Encrypt: string };
      if (peerCryptor.getSignature(timestamp, nonce, outer.Encrypt) !== request.query.msg_signature) {
        throw new Error('peer signature mismatch');
      }
      return JSON.parse(peerCryptor.decrypt(outer.Encrypt).message) as PeerMessage;
    };
  }
  const peerCheck = peer();
  if (peerCheck.Content !== fields.Content) {
    throw new Error(`the peer did not return the same message: ${JSON.stringify(peerCheck)}`);
  }
  if (String(peerCheck.MsgId) !== String(fields.MsgId)) {
    // JSON.parse rounds a 64-bit MsgId (WECHAT.md §12, gotcha 11); our path keeps it exact.
    peerNote = `${peerNote ?? ''}; it returns MsgId ${String(peerCheck.MsgId)} for ${fields.MsgId} (rounded by JSON.parse)`;
  }

  const parseName = format === 'xml' ? 'fast-xml-parser' : 'JSON.parse';
  return {
    bytes: {
      body: Buffer.byteLength(request.body),
      encrypt: encrypt.length,
      decrypted: Buffer.byteLength(decrypted),
    },
    peerNote,
    variants: [
      {
        id: 'ours',
        label: 'ours: openCallback',
        does: 'query checks, signature, outer parse, msg_signature, base64 + AES-256-CBC + unpad + framing + appid check, inner parse, typed message',
        run: () => openCallback(app, request, now),
      },
      {
        id: 'floor',
        label: `floor: SHA-1 + AES + ${parseName}`,
        does: `one SHA-1 of the signature input, base64 + AES-256-CBC decrypt (node:crypto), one ${parseName} parse of the inner message`,
        run: () => {
          consume(hash('sha1', signatureInput, 'hex'));
          return floorParse(inner(aes()));
        },
      },
      {
        id: 'peer',
        label: format === 'xml' ? `peer: wechat ${peerVersion}` : `peer: wechat-crypto + JSON.parse`,
        does:
          format === 'xml'
            ? 'the package middleware: xml2js outer parse, formatMessage, wechat-crypto signature and decrypt, xml2js inner parse, formatMessage'
            : 'JSON.parse outer, wechat-crypto signature and decrypt, JSON.parse inner',
        run: peer,
      },
      {
        id: 'bare',
        label: 'bare crypto: SHA-1 + AES',
        does: 'one SHA-1 of the signature input, base64 + AES-256-CBC decrypt (node:crypto), no parse',
        run: () => {
          consume(hash('sha1', signatureInput, 'hex'));
          return aes();
        },
      },
      {
        id: 'oursChecks',
        label: 'part of ours: checks and decryption',
        does: 'the steps of openCallback that are not parsing: signature and msg_signature (two SHA-1, constant-time compares), MessageCipher.decrypt (canonical base64, AES, padding, framing, appid, strict UTF-8)',
        run: () => {
          consume(signatureMatches(computeSignature(app.token, timestamp, nonce), request.query.signature));
          consume(
            signatureMatches(
              computeMsgSignature(app.token, timestamp, nonce, encrypt),
              request.query.msg_signature,
            ),
          );
          return cipher.decrypt(encrypt);
        },
      },
      {
        id: 'oursParsing',
        label: 'part of ours: parsing',
        does: 'the parsing steps of openCallback: readEnvelope (the outer body), readInboundMessage (the decrypted message, typed)',
        run: () => {
          consume(readEnvelope(request.body, format));
          return readInboundMessage(decrypted, format);
        },
      },
    ],
  };
}

/** CPU nanoseconds per call over a batch. */
function timeBatch(run: () => unknown, calls: number): number {
  const started = process.cpuUsage();
  for (let index = 0; index < calls; index++) consume(run());
  const used = process.cpuUsage(started);
  return ((used.user + used.system) * 1000) / calls;
}

/** Calls per batch so that one batch takes about `batchMs`, from a short trial after warming up. */
function calibrate(run: () => unknown, batchMs: number): number {
  for (let index = 0; index < 2000; index++) consume(run());
  const trial = Math.min(...[0, 1, 2].map(() => timeBatch(run, 1000)));
  return Math.max(50, Math.round((batchMs * 1e6) / trial));
}

function ratio(a: number, b: number): number {
  return a / b;
}

export function measureIngest(options: IngestOptions): IngestResult {
  const cases: IngestCaseResult[] = [];
  for (const format of ['xml', 'json'] as const) {
    const { variants, bytes, peerNote } = variantsFor(format);
    const callsPerRound = variants.map((variant) => calibrate(variant.run, options.batchMs));
    const perRound: number[][] = variants.map(() => []);
    for (let round = 0; round < options.rounds; round++) {
      variants.forEach((variant, index) => {
        perRound[index]?.push(timeBatch(variant.run, callsPerRound[index] as number));
      });
    }
    const results = variants.map(
      (variant, index): IngestVariantResult => ({
        id: variant.id,
        label: variant.label,
        does: variant.does,
        nsPerCall: distribution(perRound[index] ?? []),
        callsPerRound: callsPerRound[index] as number,
        calls: (callsPerRound[index] as number) * options.rounds,
      }),
    );
    const medianOf = (id: IngestVariantId) =>
      results.find((result) => result.id === id)?.nsPerCall.median ?? Number.NaN;
    cases.push({
      format,
      message: `secure-mode ${format.toUpperCase()} text message (${bytes.body}-byte body, ${bytes.decrypted}-byte decrypted message)`,
      bytes,
      rounds: options.rounds,
      variants: results,
      ratios: {
        oursOverFloor: ratio(medianOf('ours'), medianOf('floor')),
        peerOverOurs: ratio(medianOf('peer'), medianOf('ours')),
        oursOverBare: ratio(medianOf('ours'), medianOf('bare')),
      },
      ...(peerNote ? { peerNote } : {}),
    });
  }
  if (sink === -1) console.log('unreachable');
  return { cases, peer: `wechat@${peerVersion} (node-webot) with wechat-crypto and xml2js` };
}
