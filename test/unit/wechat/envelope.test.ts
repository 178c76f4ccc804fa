import { describe, expect, it } from 'vitest';
import { readEnvelope } from '../../../shared/wechat/envelope.ts';
import { MalformedBodyError } from '../../../shared/wechat/errors.ts';
import { parseXmlMessage } from '../../../shared/wechat/xml.ts';

/** What openCallback took from the body before readEnvelope: the codec's record, then its field names. */
function throughCodec(body: string) {
  const outer = parseXmlMessage(body);
  return {
    encrypt: outer.Encrypt,
    secure: Object.keys(outer).every((name) => name === 'ToUserName' || name === 'Encrypt'),
  };
}

const secureBody =
  '<xml><ToUserName><![CDATA[gh_97417a04a28d]]></ToUserName><Encrypt><![CDATA[abc+/DEF=]]></Encrypt></xml>';

describe('readEnvelope', () => {
  it.each([
    ['as WeChat writes it', secureBody],
    [
      'indented, with CRLF line ends',
      secureBody
        .replace('<xml>', '\r\n<xml>\r\n  ')
        .replace('<Encrypt>', '\r\n  <Encrypt>')
        .replace('</xml>', '\r\n</xml>\r\n'),
    ],
    ['with a CR inside the Encrypt value', secureBody.replace('abc', 'a\r\nbc')],
    ['with a CR inside the ToUserName value', secureBody.replace('gh_', 'g\rh_')],
    ['with markup characters in the ToUserName CDATA', secureBody.replace('gh_', '<a>&b;')],
    ['with an empty Encrypt', secureBody.replace('abc+/DEF=', '')],
    [
      'with Encrypt before ToUserName',
      '<xml><Encrypt><![CDATA[abc]]></Encrypt><ToUserName><![CDATA[gh]]></ToUserName></xml>',
    ],
    [
      'with Encrypt as plain text',
      '<xml><ToUserName><![CDATA[gh]]></ToUserName><Encrypt>abc</Encrypt></xml>',
    ],
    ['with Encrypt split across CDATA sections', secureBody.replace('abc+/', 'abc]]><![CDATA[+/')],
    ['with only an Encrypt', '<xml><Encrypt><![CDATA[abc]]></Encrypt></xml>'],
    [
      'in compatible mode',
      '<xml><ToUserName><![CDATA[gh]]></ToUserName><MsgType><![CDATA[text]]></MsgType><Encrypt><![CDATA[abc]]></Encrypt></xml>',
    ],
    ['with a comment', secureBody.replace('<Encrypt>', '<!-- c --><Encrypt>')],
    ['with an XML declaration', `<?xml version="1.0"?>${secureBody}`],
    ['with a byte-order mark', `\uFEFF${secureBody}`],
  ])('reads a secure XML body %s as the codec does', (_name, body) => {
    expect(readEnvelope(body, 'xml')).toEqual(throughCodec(body));
  });

  it('takes the secure XML body as WeChat writes it without the codec, to the same result', () => {
    expect(readEnvelope(secureBody, 'xml')).toEqual({ encrypt: 'abc+/DEF=', secure: true });
  });

  it.each([
    ['text after the root', `${secureBody}x`],
    ['a second root', `${secureBody}<xml></xml>`],
    ['a DOCTYPE', `<!DOCTYPE xml [<!ENTITY x "y">]>${secureBody}`],
    ['an unterminated Encrypt', secureBody.replace(']]></Encrypt>', '')],
    ['a mismatched end tag', secureBody.replace('</Encrypt>', '</Encrypted>')],
  ])('refuses a body with %s, as the codec does', (_name, body) => {
    expect(() => throughCodec(body)).toThrow(MalformedBodyError);
    expect(() => readEnvelope(body, 'xml')).toThrow(MalformedBodyError);
  });

  it('reads JSON through the codec', () => {
    expect(readEnvelope('{"ToUserName":"gh","Encrypt":"abc"}', 'json')).toEqual({
      encrypt: 'abc',
      secure: true,
    });
    expect(readEnvelope('{"ToUserName":"gh","MsgType":"text","Encrypt":"abc"}', 'json')).toEqual({
      encrypt: 'abc',
      secure: false,
    });
    expect(readEnvelope('{"ToUserName":"gh"}', 'json')).toEqual({ encrypt: undefined, secure: true });
  });
});
