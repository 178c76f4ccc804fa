import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { MalformedBodyError } from '../../../shared/wechat/errors.ts';
import { extractXmlFields } from '../../../shared/wechat/xml-extractor.ts';
import { parseXmlWithFastXmlParser } from './fast-xml-parser-codec.ts';

/**
 * The purpose-built extractor against the fast-xml-parser codec it replaced, on every message type of
 * WECHAT.md written in the ways XML allows, and on thousands of mutations of them and of XML-ish noise:
 * for each input both return the same fields or both refuse (with MalformedBodyError, never anything
 * else). The extractor is stricter than the old codec in three places, each of which is not well-formed
 * XML 1.0 or was a quirk of fast-xml-parser; an input only counts there when the extractor refused it
 * for exactly that reason (`intended` below) and the old codec accepted it.
 */

type Outcome = { ok: true; fields: Record<string, string> } | { ok: false; error: unknown; message: string };

function attempt(parse: (body: string) => Record<string, string>, body: string): Outcome {
  try {
    return { ok: true, fields: parse(body) };
  } catch (error) {
    return { ok: false, error, message: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Where the extractor refuses what the old codec took, on purpose: the reason it gave, and (where the
 * reason alone could hide a bug) what the input must contain.
 */
const intended: ReadonlyArray<{ name: string; reason: RegExp; input?: RegExp }> = [
  // XML 1.0 AttValue: no `<`, and `&` only as a reference; fast-xml-parser skipped attribute values.
  { name: 'attribute value with < or a bare &', reason: /^attribute .* contains <$|may follow &$/ },
  // fast-xml-parser renamed some (toString → __toString) and kept others (isPrototypeOf).
  { name: 'element named after an Object.prototype member', reason: /^element name .* is not allowed$/ },
  // Processing instructions: an XML declaration of XML 1.0's form at the start only, others with a
  // name as target and data without quotes (fast-xml-parser's validator and parser disagreed on where
  // a PI with quotes ends).
  { name: 'processing instruction', reason: /^malformed processing instruction/ },
  // After the root, fast-xml-parser's validator skipped what looked like references (`<xml/>&x`).
  { name: 'reference after the root element', reason: /^text outside the root element/ },
  // fast-xml-parser's validator took `</Ticket/>` for a self-closing tag and its parser closed the
  // element that was open, whatever its name.
  { name: 'end tag with a slash', reason: /^end tag of .* is malformed$/, input: /<\/[^<>]*\/>/ },
  // JavaScript's whitespace that XML's is not (U+FEFF, U+00A0, U+3000 …) in a tag: fast-xml-parser
  // trimmed it off tag names (`</MsgType\uFEFF>`).
  {
    name: 'non-XML whitespace in a tag',
    reason: /^malformed tag|^element .* is closed by|^end tag of .* is malformed$/,
    input: /<[^<>]*[^\S \t\r\n]/,
  },
];

const outcomes = new Map<string, number>();
function count(kind: string): void {
  outcomes.set(kind, (outcomes.get(kind) ?? 0) + 1);
}
afterAll(() => {
  const total = [...outcomes.values()].reduce((sum, times) => sum + times, 0);
  console.info(
    `xml extractor vs fast-xml-parser, ${total} inputs: ${[...outcomes]
      .map(([kind, times]) => `${kind} ${times}`)
      .join(', ')}`,
  );
});

/** The property: same fields, or both refuse with MalformedBodyError, or an intended refusal. */
function agree(group: string, body: string): void {
  const ours = attempt(extractXmlFields, body);
  const oracle = attempt(parseXmlWithFastXmlParser, body);
  if (!ours.ok && !(ours.error instanceof MalformedBodyError)) {
    throw new Error(`extractor threw ${String(ours.error)} on ${JSON.stringify(body)}`);
  }
  if (ours.ok && oracle.ok) {
    expect(ours.fields, JSON.stringify(body)).toEqual(oracle.fields);
    count(`${group}: same fields`);
    return;
  }
  if (!ours.ok && !oracle.ok) {
    count(`${group}: both refuse`);
    return;
  }
  if (!ours.ok) {
    const divergence = intended.find(
      (entry) => entry.reason.test(ours.message) && (entry.input?.test(body) ?? true),
    );
    if (divergence) {
      count(`${group}: extractor stricter (${divergence.name})`);
      return;
    }
  }
  throw new Error(
    `disagreement on ${JSON.stringify(body)}: extractor ${ours.ok ? JSON.stringify(ours.fields) : ours.message}; fast-xml-parser ${
      oracle.ok ? JSON.stringify(oracle.fields) : oracle.message
    }`,
  );
}

// ---------------------------------------------------------------------------------------------------
// WeChat's messages (WECHAT.md §2.3–2.5, §3.4, §10, §11) as field lists; nested elements as dotted paths.

type Field = [path: string, value: string];

const anyText = fc.string({ unit: 'grapheme', maxLength: 80 });
/** Text with the characters that matter to XML, often. */
const markupText = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
      fc.constantFrom(
        '<',
        '>',
        '&',
        ']]>',
        ']]',
        '<![CDATA[',
        '"',
        "'",
        '&amp;',
        '\r\n',
        '\r',
        '\n',
        ' ',
        '\t',
      ),
      fc.constantFrom('中文', '👋🏽', '\u3000', '\u00a0', '\ufeff', '\u2028', 'é'),
    ),
    { maxLength: 10 },
  )
  .map((parts) => parts.join(''));
const value = fc.oneof(anyText, markupText);
const digits = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String);
const openId = fc.stringMatching(/^o[A-Za-z0-9_-]{27}$/);
const mediaId = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);

function header(msgType: string): fc.Arbitrary<Field[]> {
  return fc.tuple(openId, digits).map(([from, time]) => [
    ['ToUserName', 'gh_97417a04a28d'],
    ['FromUserName', from],
    ['CreateTime', time],
    ['MsgType', msgType],
  ]);
}

function message(msgType: string, body: fc.Arbitrary<Field[]>): fc.Arbitrary<Field[]> {
  return fc.tuple(header(msgType), body).map(([head, rest]) => [...head, ...rest]);
}

const fieldsOf = (record: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<Field[]> =>
  fc.record(record).map((fields) => Object.entries(fields));

const event = (name: string, record: Record<string, fc.Arbitrary<string>> = {}) =>
  message('event', fieldsOf({ Event: fc.constant(name), ...record }));

const messages: fc.Arbitrary<Field[]> = fc.oneof(
  message('text', fieldsOf({ Content: value, MsgId: digits })),
  message('text', fieldsOf({ Content: value, MsgId: digits, MsgDataId: digits, Idx: digits })),
  message('image', fieldsOf({ PicUrl: fc.webUrl(), MediaId: mediaId, MsgId: digits })),
  message(
    'voice',
    fieldsOf({
      MediaId: mediaId,
      Format: fc.constantFrom('amr', 'speex'),
      Recognition: value,
      MsgId: digits,
    }),
  ),
  message('video', fieldsOf({ MediaId: mediaId, ThumbMediaId: mediaId, MsgId: digits })),
  message('shortvideo', fieldsOf({ MediaId: mediaId, ThumbMediaId: mediaId, MsgId: digits })),
  message(
    'location',
    fieldsOf({
      Location_X: fc.double({ noNaN: true }).map(String),
      Location_Y: fc.double({ noNaN: true }).map(String),
      Scale: fc.nat(20).map(String),
      Label: value,
      MsgId: digits,
    }),
  ),
  message('link', fieldsOf({ Title: value, Description: value, Url: fc.webUrl(), MsgId: digits })),
  message(
    'miniprogrampage',
    fieldsOf({
      MsgId: digits,
      Title: value,
      AppId: fc.constant('wx0123456789abcdef'),
      PagePath: fc.constantFrom('pages/index/index', 'pages/a?b=c&d=e'),
      ThumbUrl: fc.webUrl(),
      ThumbMediaId: mediaId,
    }),
  ),
  event('user_enter_tempsession', { SessionFrom: value }),
  event('subscribe', { EventKey: fc.oneof(fc.constant(''), value), Ticket: value }),
  event('unsubscribe'),
  event('SCAN', { EventKey: value, Ticket: value }),
  event('kf_create_session', { KfAccount: fc.constant('test1@test') }),
  event('kf_close_session', { KfAccount: fc.constant('test1@test') }),
  event('kf_switch_session', { FromKfAccount: fc.constant('a@test'), ToKfAccount: fc.constant('b@test') }),
  event('debug_demo', { debug_str: value }),
  event('scancode_push', {
    EventKey: value,
    'ScanCodeInfo.ScanType': fc.constant('qrcode'),
    'ScanCodeInfo.ScanResult': value,
  }),
  // The encrypted envelopes: secure (MP/OA), WeCom's with AgentID, compatible (fields beside Encrypt).
  fieldsOf({
    ToUserName: fc.constant('gh_97417a04a28d'),
    Encrypt: fc.base64String({ minLength: 4, maxLength: 700 }),
  }),
  fieldsOf({
    ToUserName: fc.constant('wx5823bf96d3bd56c7'),
    Encrypt: fc.base64String({ maxLength: 200 }),
    AgentID: digits,
  }),
  message('text', fieldsOf({ Content: value, MsgId: digits, Encrypt: fc.base64String({ maxLength: 200 }) })),
  // An encrypted reply.
  fieldsOf({
    Encrypt: fc.base64String({ maxLength: 200 }),
    MsgSignature: fc.stringMatching(/^[0-9a-f]{40}$/),
    TimeStamp: digits,
    Nonce: digits,
  }),
);

/** How a document is written: the ways XML lets the same fields be spelled. */
interface Style {
  declaration: boolean;
  bom: boolean;
  /** Between elements: '', '\n', '\r\n', indentation… */
  separator: string;
  /** CDATA, escaped text, or character references for every non-ASCII-letter character. */
  encoding: 'cdata' | 'escaped' | 'references' | 'mixed';
  comments: boolean;
  selfCloseEmpty: boolean;
}

const styles: fc.Arbitrary<Style> = fc.record({
  declaration: fc.boolean(),
  bom: fc.boolean(),
  separator: fc.constantFrom('', '\n', '\r\n', '\n  ', '\t', ' '),
  encoding: fc.constantFrom('cdata', 'escaped', 'references', 'mixed'),
  comments: fc.boolean(),
  selfCloseEmpty: fc.boolean(),
});

function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

function escaped(text: string): string {
  return text.replace(/[<>&"'\r]/g, (character) =>
    character === '\r'
      ? '&#13;'
      : `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[character]};`,
  );
}

/** Every character but letters and digits as a character reference, decimal or hexadecimal by turns. */
function references(text: string): string {
  return Array.from(text, (character, index) => {
    const codePoint = character.codePointAt(0) ?? 0;
    if (/[A-Za-z0-9]/.test(character)) return character;
    return index % 2 === 0 ? `&#${codePoint};` : `&#x${codePoint.toString(16)};`;
  }).join('');
}

/** Characters XML 1.0 cannot carry at all: values with them are written only in CDATA. */
const NON_XML_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function encodeValue(text: string, style: Style, index: number): string {
  if (text === '' && style.selfCloseEmpty) return '';
  const encoding =
    style.encoding === 'mixed' ? (['cdata', 'escaped', 'references'] as const)[index % 3] : style.encoding;
  // Edge whitespace outside CDATA is formatting, and a CR would be read as LF: such values go in CDATA.
  const plainSafe = !NON_XML_CHARACTER.test(text) && !/^[ \t\n]|[ \t\n]$|\r/.test(text);
  if (encoding === 'cdata' || !plainSafe || /^[0-9]+$/.test(text)) {
    return /^[0-9]+$/.test(text) ? text : cdata(text);
  }
  return encoding === 'escaped' ? escaped(text) : references(text);
}

function write(fields: Field[], style: Style): string {
  // Group dotted paths under their parent element, in order of first appearance.
  const tree = new Map<string, Field[] | string>();
  fields.forEach(([path, text]) => {
    const [head, ...rest] = path.split('.');
    if (rest.length === 0) tree.set(path, text);
    else {
      const group = (tree.get(head as string) as Field[] | undefined) ?? [];
      group.push([rest.join('.'), text]);
      tree.set(head as string, group);
    }
  });
  const sep = style.separator;
  let index = 0;
  const element = (name: string, content: Field[] | string): string => {
    if (typeof content !== 'string') {
      return `<${name}>${content.map(([child, text]) => sep + element(child, text)).join('')}${sep}</${name}>`;
    }
    const encoded = encodeValue(content, style, index++);
    return encoded === '' && style.selfCloseEmpty ? `<${name}/>` : `<${name}>${encoded}</${name}>`;
  };
  const body = [...tree].map(([name, content]) => sep + element(name, content)).join('');
  return `${style.bom ? '\ufeff' : ''}${style.declaration ? '<?xml version="1.0" encoding="UTF-8"?>\n' : ''}${
    style.comments ? '<!-- pushed by WeChat -->' : ''
  }<xml>${body}${style.comments ? '<!-- end -->' : ''}${sep}</xml>${sep}`;
}

function expectedFields(fields: Field[]): Record<string, string> {
  return Object.fromEntries(fields.map(([path, text]) => [path, text.replace(/\r\n?/g, '\n')]));
}

const documents = fc
  .tuple(messages, styles)
  .map(([fields, style]) => ({ fields, body: write(fields, style) }));

/** Tokens that change what XML means, for insertions. */
const tokens = fc.constantFrom(
  '<',
  '>',
  '/',
  '!',
  '?',
  '[',
  ']',
  '-',
  '&',
  ';',
  '#',
  'x',
  '"',
  "'",
  '=',
  ' ',
  '\n',
  '\r',
  '\t',
  '\u0000',
  '\ufeff',
  'a',
  'Z',
  '0',
  '.',
  ':',
  '中',
  '👋',
  '<![CDATA[',
  ']]>',
  '<!--',
  '-->',
  '<?xml version="1.0"?>',
  '<?pi data?>',
  '<??>',
  '<?XML?>',
  '&amp;',
  '&lt;',
  '&#10;',
  '&#x1F44B;',
  '&#0;',
  '&#x110000;',
  '&nbsp;',
  '&lol;',
  '&',
  '<!DOCTYPE xml>',
  '<!ENTITY x "y">',
  '<!doctype x>',
  '<!x>',
  '<xml>',
  '</xml>',
  '<xml/>',
  '<A>',
  '</A>',
  '<A/>',
  '<Content>',
  '</Content>',
  '<a.b>',
  '<a:b>',
  ' lang="en"',
  " x='1'",
  ' x="<"',
  ' x="&"',
  ' x="&amp;"',
  ' x',
  ' x=1',
  ' x="1" x="2"',
  '<toString>',
  '</toString>',
  '<__proto__>',
  '<constructor>',
  '<isPrototypeOf>',
);

const mutation = fc.oneof(
  fc.record({ edit: fc.constant('insert' as const), at: fc.nat(), token: tokens }),
  fc.record({ edit: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ edit: fc.constant('replace' as const), at: fc.nat(), token: tokens }),
  fc.record({
    edit: fc.constant('duplicate' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 40 }),
  }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(body: string, edits: Mutation[]): string {
  let result = body;
  for (const edit of edits) {
    const at = edit.at % (result.length + 1);
    switch (edit.edit) {
      case 'insert':
        result = result.slice(0, at) + edit.token + result.slice(at);
        break;
      case 'delete':
        result = result.slice(0, at) + result.slice(at + edit.length);
        break;
      case 'replace':
        result = result.slice(0, at) + edit.token + result.slice(at + 1);
        break;
      case 'duplicate':
        result =
          result.slice(0, at + edit.length) +
          result.slice(at, at + edit.length) +
          result.slice(at + edit.length);
        break;
    }
  }
  return result;
}

describe('the XML extractor against fast-xml-parser', () => {
  it('reads every WeChat message type, written every way XML allows, as both did and as written', () => {
    fc.assert(
      fc.property(documents, ({ fields, body }) => {
        expect(extractXmlFields(body)).toEqual(expectedFields(fields));
        agree('generated message', body);
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees on mutated messages: same fields or both refuse', () => {
    fc.assert(
      fc.property(documents, fc.array(mutation, { minLength: 1, maxLength: 4 }), ({ body }, edits) => {
        agree('mutated message', mutate(body, edits));
      }),
      { numRuns: 8000 },
    );
  });

  it('agrees on XML-ish noise', () => {
    fc.assert(
      fc.property(fc.array(tokens, { maxLength: 30 }), (parts) => {
        agree('token soup', `<xml>${parts.join('')}</xml>`);
        agree('token soup', parts.join(''));
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees on the documents of WECHAT.md and of the unit tests', () => {
    const documents = [
      // C7 plaintext (LF between elements) and C6c.
      '<xml><ToUserName><![CDATA[gh_97417a04a28d]]></ToUserName>\n<FromUserName><![CDATA[o9AgO5Kd5ggOC-bXrbNODIiE3bGY]]></FromUserName>\n<CreateTime>1715943329</CreateTime>\n<MsgType><![CDATA[event]]></MsgType>\n<Event><![CDATA[debug_demo]]></Event>\n<debug_str><![CDATA[hello world]]></debug_str>\n</xml>',
      '<xml><ToUserName><![CDATA[wx49f0ab532d5d035a]]></ToUserName>\n<FromUserName><![CDATA[messense]]></FromUserName>\n<CreateTime>1411525903</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[test]]></Content>\n<MsgId>4363689963896700987</MsgId>\n<AgentID>1</AgentID>\n</xml>',
      '<xml><ToUserName>…</ToUserName><FromUserName>OPENID</FromUserName><CreateTime>1399197672</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[kf_create_session]]></Event><KfAccount><![CDATA[test1@test]]></KfAccount></xml>',
      '<xml><ToUserName><![CDATA[oia2Tj我是中文jewbmiOUlr6X-1crbLOvLw]]></ToUserName><FromUserName><![CDATA[gh_7f083739789a]]></FromUserName><CreateTime>1407743423</CreateTime><MsgType><![CDATA[video]]></MsgType><Video><MediaId><![CDATA[eYJ1MbwPRJtOvIEabaxHs7TX2D-HV71s79GUxqdUkjm6Gs2Ed1KF3ulAOA9H1xG0]]></MediaId><Title><![CDATA[testCallBackReplyVideo]]></Title><Description><![CDATA[testCallBackReplyVideo]]></Description></Video></xml>',
      '<xml><demo_resp>[CDATA[good luck]]</demo_resp></xml>',
      '<xml><ToUserName><![CDATA[touser]]></ToUserName><FromUserName><![CDATA[fromuser]]></FromUserName><CreateTime>1399197672</CreateTime><MsgType><![CDATA[transfer_customer_service]]></MsgType><TransInfo><KfAccount><![CDATA[test1@test]]></KfAccount></TransInfo></xml>',
      '<xml><SendPicsInfo><Count>2</Count><PicList><item><PicMd5Sum><![CDATA[a]]></PicMd5Sum></item><item><PicMd5Sum><![CDATA[b]]></PicMd5Sum></item></PicList></SendPicsInfo></xml>',
      `<xml>${'<a>'.repeat(100)}x${'</a>'.repeat(100)}</xml>`,
      `<xml>${'<a>'.repeat(101)}x${'</a>'.repeat(101)}</xml>`,
      `<xml>${'<a>'.repeat(100)}<b/>${'</a>'.repeat(100)}</xml>`,
      `<xml>${'<a>'.repeat(101)}<b/>${'</a>'.repeat(101)}</xml>`,
      '<xml><A>a<!-- c -->b</A><B> x <?p?> y </B><C><![CDATA[c]]> <?p?> </C></xml>',
      '<xml><A>line\r\nbreak\rx</A><B><![CDATA[a\r\nb]]></B><C>a\r<!-- c -->\nb</C></xml>',
      '<xml>\u3000</xml>',
      '<xml>\u3000<A>1</A></xml>',
    ];
    for (const body of documents) agree('WECHAT.md and unit-test document', body);
  });
});
