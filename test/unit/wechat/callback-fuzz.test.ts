import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildCallback,
  type CallbackCredentials,
  type CallbackFormat,
  type CallbackMode,
  openCallback,
} from '../../../shared/wechat/callback.ts';
import { InvalidAesKeyError, WeChatProtocolError } from '../../../shared/wechat/errors.ts';
import type { MessageFields } from '../../../shared/wechat/message-fields.ts';

/**
 * Thousands of generated and mutated callbacks: opening one either yields the message WeChat signed or
 * throws a protocol error (which the handler answers with a 4xx); nothing else ever escapes (a 500), and
 * no change to a signed push is ever taken as a message.
 */

const app: CallbackCredentials = {
  appId: 'wx134c8103faa5a59e',
  token: 'Fuzz0Token',
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};
const now = 1_800_000_000_000;
const timestamp = String(now / 1000);

/** Outcomes by kind, printed at the end so the run says what it exercised. */
const outcomes = new Map<string, number>();
function count(kind: string) {
  outcomes.set(kind, (outcomes.get(kind) ?? 0) + 1);
}

afterAll(() => {
  console.info(
    `callback fuzz outcomes: ${[...outcomes].map(([kind, times]) => `${kind} ${times}`).join(', ')}`,
  );
});

/** Opens, and classifies: the message, a protocol error's code, or a failure of the test. */
function attempt(request: { query: Record<string, string | undefined>; body: string }) {
  try {
    return { opened: openCallback(app, request, now) };
  } catch (error) {
    if (!(error instanceof WeChatProtocolError) || error instanceof InvalidAesKeyError) throw error;
    return { refused: error.code };
  }
}

const openId = fc.stringMatching(/^o[A-Za-z0-9_-]{27}$/);
/** What a customer can type: any characters XML can carry, emoji and other scripts included. */
const text = fc.string({ unit: 'grapheme', maxLength: 200 });
const nonEmpty = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 });
const msgId = fc.bigInt({ min: 1n, max: 2n ** 64n - 1n });

const messageFields: fc.Arbitrary<MessageFields> = fc.oneof(
  fc.record({ MsgType: fc.constant('text'), Content: text, MsgId: msgId }),
  fc.record({
    MsgType: fc.constant('image'),
    PicUrl: fc.webUrl(),
    MediaId: fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
    MsgId: msgId,
  }),
  fc.record({
    MsgType: fc.constant('miniprogrampage'),
    Title: nonEmpty,
    AppId: fc.constant('wx0123456789abcdef'),
    PagePath: nonEmpty,
    ThumbUrl: fc.webUrl(),
    ThumbMediaId: fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
    MsgId: msgId,
  }),
  fc.record({
    MsgType: fc.constant('event'),
    Event: fc.constant('user_enter_tempsession'),
    SessionFrom: fc.string({ maxLength: 100 }),
  }),
) as fc.Arbitrary<MessageFields>;

const pushes = fc.record({
  fields: messageFields,
  from: openId,
  format: fc.constantFrom<CallbackFormat>('xml', 'json'),
  mode: fc.constantFrom<CallbackMode>('compatible', 'secure'),
});

function build(push: { fields: MessageFields; from: string; format: CallbackFormat; mode: CallbackMode }) {
  return buildCallback(app, {
    fields: {
      ToUserName: 'gh_0123456789ab',
      FromUserName: push.from,
      CreateTime: 1_700_000_000,
      ...push.fields,
    },
    format: push.format,
    mode: push.mode,
    timestamp,
  });
}

describe('opening callbacks', () => {
  it('takes every push WeChat would sign, as the message it signed', () => {
    fc.assert(
      fc.property(pushes, (push) => {
        const { opened } = attempt(build(push));
        count('signed push opened');
        expect(opened?.message.fromOpenId).toBe(push.from);
        expect(opened?.format).toBe(push.format);
      }),
      { numRuns: 1500 },
    );
  });

  it('never takes a signed push that was changed, and never fails any other way', () => {
    const mutations = fc.oneof(
      // One character of the body replaced, inserted or removed.
      fc.record({
        kind: fc.constant('body'),
        at: fc.nat(),
        edit: fc.constantFrom('replace', 'insert', 'delete'),
        char: fc.string({ minLength: 1, maxLength: 1, unit: 'grapheme' }),
      }),
      // A query parameter changed, dropped or doubled in length.
      fc.record({
        kind: fc.constant('query'),
        name: fc.constantFrom('signature', 'msg_signature', 'timestamp', 'nonce', 'encrypt_type', 'openid'),
        value: fc.option(fc.string({ maxLength: 60 }), { nil: undefined }),
      }),
    );
    fc.assert(
      fc.property(pushes, mutations, (push, mutation) => {
        const original = build(push);
        const request = {
          query: { ...original.query } as Record<string, string | undefined>,
          body: original.body,
        };
        if (mutation.kind === 'body') {
          const at = mutation.at % (request.body.length + 1);
          const { body } = request;
          request.body =
            mutation.edit === 'insert'
              ? body.slice(0, at) + mutation.char + body.slice(at)
              : mutation.edit === 'delete'
                ? body.slice(0, at) + body.slice(at + 1)
                : body.slice(0, at) + mutation.char + body.slice(at + 1);
        } else {
          request.query[mutation.name] = mutation.value;
        }
        const result = attempt(request);
        if (result.refused) {
          count(`changed push refused: ${result.refused}`);
          return;
        }
        // Taken only when the change did not touch what is signed (e.g. white space between elements,
        // or a compatible-mode plaintext field that is ignored): then it is exactly the original message.
        count('changed push opened as the original');
        expect(result.opened?.message).toEqual(openCallback(app, original, now).message);
      }),
      { numRuns: 3000 },
    );
  });

  it('answers any request whatsoever with a message or a protocol error', () => {
    const anyQuery = fc.dictionary(
      fc.constantFrom('signature', 'msg_signature', 'timestamp', 'nonce', 'encrypt_type', 'openid', 'x'),
      fc.string({ maxLength: 80 }),
    );
    const anyBody = fc.oneof(
      fc.string({ maxLength: 500, unit: 'binary' }),
      fc.json(),
      fc.string({ maxLength: 200 }).map((inner) => `<xml><Encrypt><![CDATA[${inner}]]></Encrypt></xml>`),
      fc.string({ maxLength: 200 }).map((inner) => `<xml>${inner}</xml>`),
    );
    fc.assert(
      fc.property(anyQuery, anyBody, (query, body) => {
        const signed = { ...query, timestamp: query.timestamp ?? timestamp };
        const result = attempt({ query: signed, body });
        count(result.refused ? `arbitrary request refused: ${result.refused}` : 'arbitrary request opened');
        // Without the token nothing can be signed, so nothing arbitrary is ever opened.
        expect(result.opened).toBeUndefined();
      }),
      { numRuns: 3000 },
    );
  });
});
