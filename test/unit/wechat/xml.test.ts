import { describe, expect, it } from 'vitest';
import { MalformedBodyError } from '../../../shared/wechat/errors.ts';
import { buildXmlMessage, parseXmlMessage } from '../../../shared/wechat/xml.ts';

describe('parseXmlMessage', () => {
  it('returns the children of <xml> as strings, numbers kept as their exact text', () => {
    const body =
      '<xml><ToUserName><![CDATA[gh_97417a04a28d]]></ToUserName><FromUserName><![CDATA[o9AgO5Kd5ggOC-bXrbNODIiE3bGY]]></FromUserName><CreateTime>1714112445</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hello]]></Content><MsgId>6054768590064713728</MsgId><Scale>015</Scale></xml>';
    expect(parseXmlMessage(body)).toEqual({
      ToUserName: 'gh_97417a04a28d',
      FromUserName: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY',
      CreateTime: '1714112445',
      MsgType: 'text',
      Content: 'hello',
      MsgId: '6054768590064713728',
      Scale: '015',
    });
  });

  it('takes CDATA verbatim: markup characters, entity-like text, edge whitespace and newlines', () => {
    const body = '<xml><Content><![CDATA[  a <b> & &amp; "q" \'s\'\n 中文 👋  ]]></Content></xml>';
    expect(parseXmlMessage(body).Content).toBe('  a <b> & &amp; "q" \'s\'\n 中文 👋  ');
  });

  it('joins split CDATA sections, which is how "]]>" is carried', () => {
    expect(parseXmlMessage('<xml><Content><![CDATA[a]]]]><![CDATA[>b]]></Content></xml>').Content).toBe(
      'a]]>b',
    );
  });

  it('decodes the five predefined entities and character references outside CDATA', () => {
    const body =
      '<xml><Content>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#65;&#x42;&#x1F44B;</Content></xml>';
    expect(parseXmlMessage(body).Content).toBe('a & b <c> "d" \'e\' AB👋');
  });

  it.each([
    ['an undeclared entity', '<xml><Content>&lol;</Content></xml>'],
    ['an HTML entity', '<xml><Content>&nbsp;</Content></xml>'],
    ['a bare ampersand', '<xml><Content>a & b</Content></xml>'],
    ['an unterminated reference', '<xml><Content>&amp</Content></xml>'],
    ['a reference to a character XML forbids', '<xml><Content>&#0;</Content></xml>'],
    ['a reference beyond Unicode', '<xml><Content>&#x110000;</Content></xml>'],
  ])('rejects %s', (_name, body) => {
    expect(() => parseXmlMessage(body)).toThrow(MalformedBodyError);
  });

  it('trims formatting whitespace outside CDATA but keeps whitespace inside it', () => {
    const body = `<?xml version="1.0" encoding="UTF-8"?>
<xml>
  <ToUserName>
    <![CDATA[gh_1]]>
  </ToUserName>
  <CreateTime> 1714112445 </CreateTime>
  <Content>  <![CDATA[ spaced ]]>  </Content>
  <Label>  two  words  </Label>
  <Newline>&#10;</Newline>
</xml>
`;
    expect(parseXmlMessage(body)).toEqual({
      ToUserName: 'gh_1',
      CreateTime: '1714112445',
      Content: ' spaced ',
      Label: 'two  words',
      Newline: '\n',
    });
  });

  it('does not trim non-XML whitespace such as the ideographic space', () => {
    expect(parseXmlMessage('<xml><Content>\u3000你好\u3000</Content></xml>').Content).toBe(
      '\u3000你好\u3000',
    );
  });

  it('ignores comments, processing instructions and attributes', () => {
    const body = '<!-- hi --><xml><?pi x?><Content lang="en">a<!-- x -->b</Content><!-- <![CDATA[ --></xml>';
    expect(parseXmlMessage(body)).toEqual({ Content: 'ab' });
  });

  it('maps empty elements to empty strings', () => {
    expect(parseXmlMessage('<xml><EventKey></EventKey><Ticket/><Label><![CDATA[]]></Label></xml>')).toEqual({
      EventKey: '',
      Ticket: '',
      Label: '',
    });
  });

  it('returns no fields for an empty <xml/>', () => {
    expect(parseXmlMessage('<xml/>')).toEqual({});
  });

  it('flattens nested elements with dotted paths', () => {
    const body =
      '<xml><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[scancode_push]]></Event><ScanCodeInfo><ScanType><![CDATA[qrcode]]></ScanType><ScanResult><![CDATA[1]]></ScanResult></ScanCodeInfo><Video><MediaId><![CDATA[m]]></MediaId><Title><![CDATA[t]]></Title></Video></xml>';
    expect(parseXmlMessage(body)).toEqual({
      MsgType: 'event',
      Event: 'scancode_push',
      'ScanCodeInfo.ScanType': 'qrcode',
      'ScanCodeInfo.ScanResult': '1',
      'Video.MediaId': 'm',
      'Video.Title': 't',
    });
  });

  it('indexes every occurrence of a repeated element', () => {
    const body =
      '<xml><SendPicsInfo><Count>2</Count><PicList><item><PicMd5Sum><![CDATA[a]]></PicMd5Sum></item><item><PicMd5Sum><![CDATA[b]]></PicMd5Sum></item></PicList></SendPicsInfo></xml>';
    expect(parseXmlMessage(body)).toEqual({
      'SendPicsInfo.Count': '2',
      'SendPicsInfo.PicList.item[0].PicMd5Sum': 'a',
      'SendPicsInfo.PicList.item[1].PicMd5Sum': 'b',
    });
  });

  it('never lets a duplicated field silently win: both copies are indexed and the plain name is absent', () => {
    const fields = parseXmlMessage('<xml><Content>first</Content><Content>second</Content></xml>');
    expect(fields).toEqual({ 'Content[0]': 'first', 'Content[1]': 'second' });
    expect(fields.Content).toBeUndefined();
  });

  it('accepts a byte-order mark before the document', () => {
    expect(parseXmlMessage('\ufeff<xml><A>1</A></xml>')).toEqual({ A: '1' });
  });

  it('keeps the text "<!DOCTYPE" when it is customer content inside CDATA', () => {
    const body = '<xml><Content><![CDATA[<!DOCTYPE html><!ENTITY x "y">]]></Content></xml>';
    expect(parseXmlMessage(body).Content).toBe('<!DOCTYPE html><!ENTITY x "y">');
  });

  describe('refuses dangerous or malformed documents', () => {
    const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<xml><Content>&lol9;</Content></xml>`;

    it.each([
      ['a DOCTYPE', '<!DOCTYPE xml><xml><A>1</A></xml>'],
      ['a lower-case doctype', '<!doctype xml><xml><A>1</A></xml>'],
      ['a mixed-case DocType', '<!DocType xml><xml><A>1</A></xml>'],
      ['an internal ENTITY declaration', '<!DOCTYPE xml [<!ENTITY x "y">]><xml><A>&x;</A></xml>'],
      ['an ENTITY declaration without DOCTYPE', '<!ENTITY x "y"><xml><A>1</A></xml>'],
      ['an ENTITY declaration inside the root', '<xml><!ENTITY x "y"><A>1</A></xml>'],
      [
        'an external entity (XXE)',
        '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><A>&xxe;</A></xml>',
      ],
      ['a billion-laughs document', billionLaughs],
      [
        'a DOCTYPE hidden after a CDATA opener inside a comment',
        '<!-- <![CDATA[ --><!DOCTYPE x><!-- ]]> --><xml/>',
      ],
      ['an unterminated comment', '<xml><!-- never closed </xml>'],
      ['an unterminated CDATA section', '<xml><A><![CDATA[never closed</A></xml>'],
      ['an empty body', ''],
      ['a whitespace body', ' \n\t '],
      ['plain text', 'hello'],
      ['JSON', '{"ToUserName":"x"}'],
      ['an unclosed root', '<xml><ToUserName>'],
      ['mismatched tags', '<xml><A>1</B></xml>'],
      ['text after the root', '<xml><A>1</A></xml>trailing'],
      ['two roots', '<xml><A>1</A></xml><xml><A>2</A></xml>'],
      ['a root other than xml', '<message><A>1</A></message>'],
      ['an upper-case XML root', '<XML><A>1</A></XML>'],
      ['text directly inside <xml>', '<xml>hello</xml>'],
      ['text beside child elements', '<xml><Video>junk<MediaId>m</MediaId></Video></xml>'],
      ['an unescaped < in text', '<xml><A>a < b</A></xml>'],
      ['a __proto__ element', '<xml><__proto__><polluted>1</polluted></__proto__></xml>'],
      ['nesting deeper than 100', `<xml>${'<a>'.repeat(120)}x${'</a>'.repeat(120)}</xml>`],
      ['an ambiguous dotted name', '<xml><A.B>1</A.B><A><B>2</B></A></xml>'],
    ])('rejects %s', (_name, body) => {
      expect(() => parseXmlMessage(body)).toThrow(MalformedBodyError);
    });

    it('does not pollute Object.prototype', () => {
      expect(() => parseXmlMessage('<xml><__proto__><polluted>1</polluted></__proto__></xml>')).toThrow();
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  });
});

describe('parseXmlMessage, where it is stricter than XML parsers usually are', () => {
  it.each([
    ['an element named after an Object.prototype member', '<xml><toString>x</toString></xml>'],
    ['an element named constructor', '<xml><constructor/></xml>'],
    ['an element named isPrototypeOf', '<xml><A><isPrototypeOf>1</isPrototypeOf></A></xml>'],
    ['a name holding U+FEFF, which JavaScript takes for whitespace', '<xml><\ufeffA>1</\ufeffA></xml>'],
    ['a processing instruction with quotes', '<xml><?pi a="?>"?></xml>'],
    ['a processing instruction without a target', '<xml><??></xml>'],
    ['an upper-case XML declaration', '<?XML version="1.0"?><xml/>'],
    ['an XML declaration after whitespace', ' <?xml version="1.0"?><xml/>'],
    ['an XML declaration inside the root', '<xml><?xml version="1.0"?></xml>'],
    ['an XML declaration without a version', '<?xml encoding="UTF-8"?><xml/>'],
    ['an attribute value holding <', '<xml><A x="<">1</A></xml>'],
    ['an attribute value holding a bare &', '<xml><A x="a & b">1</A></xml>'],
    ['an attribute without a quoted value', '<xml><A x=1>1</A></xml>'],
    ['a repeated attribute', '<xml><A x="1" x="2">1</A></xml>'],
    ['a reference after the root', '<xml/>&amp;'],
    ['an end tag with a slash', '<xml><A/><A>1</A/></xml>'],
    ['an end tag of another element', '<xml><A>1</a></xml>'],
    ['101 elements nested below <xml>', `<xml>${'<a>'.repeat(101)}x${'</a>'.repeat(101)}</xml>`],
    ['the same path spelled twice, nested first', '<xml><A><B>2</B></A><A.B>1</A.B></xml>'],
  ])('refuses %s', (_name, body) => {
    expect(() => parseXmlMessage(body)).toThrow(MalformedBodyError);
  });

  it('takes a full XML declaration after a byte-order mark, and attribute values with references', () => {
    const body =
      '\ufeff<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xml><A x="&amp;&#38;" y=\'"\'>1</A></xml>';
    expect(parseXmlMessage(body)).toEqual({ A: '1' });
  });

  it('takes 100 elements nested below <xml>', () => {
    const body = `<xml>${'<a>'.repeat(100)}x${'</a>'.repeat(100)}</xml>`;
    expect(parseXmlMessage(body)).toEqual({ [Array(100).fill('a').join('.')]: 'x' });
  });

  it('indexes repeated names among many siblings', () => {
    const body = `<xml>${Array.from({ length: 20 }, (_, index) => `<item>${index}</item>`).join('')}<Count>20</Count></xml>`;
    expect(parseXmlMessage(body)).toEqual({
      ...Object.fromEntries(Array.from({ length: 20 }, (_, index) => [`item[${index}]`, String(index)])),
      Count: '20',
    });
  });
});

describe('buildXmlMessage', () => {
  it('wraps strings in CDATA and writes numbers and bigints bare, in the given order', () => {
    expect(
      buildXmlMessage({
        ToUserName: 'gh_1',
        CreateTime: 1714112445,
        MsgType: 'text',
        MsgId: 6054768590064713728n,
      }),
    ).toBe(
      '<xml><ToUserName><![CDATA[gh_1]]></ToUserName><CreateTime>1714112445</CreateTime><MsgType><![CDATA[text]]></MsgType><MsgId>6054768590064713728</MsgId></xml>',
    );
  });

  it('splits "]]>" across two CDATA sections', () => {
    expect(buildXmlMessage({ Content: 'a]]>b' })).toBe(
      '<xml><Content><![CDATA[a]]]]><![CDATA[>b]]></Content></xml>',
    );
  });

  it('nests dotted names', () => {
    expect(buildXmlMessage({ 'Video.MediaId': 'm', 'Video.Title': 't', After: 1 })).toBe(
      '<xml><Video><MediaId><![CDATA[m]]></MediaId><Title><![CDATA[t]]></Title></Video><After>1</After></xml>',
    );
  });

  it.each([
    '',
    ' ',
    '  padded  ',
    'a]]>b',
    ']]>',
    ']]]]>',
    ']]>]]>',
    '<![CDATA[x]]>',
    '<xml><Content>nested</Content></xml>',
    '&amp; & &lt; <',
    '<!DOCTYPE html>',
    'line\nbreak',
    'carriage\r\nreturn\r',
    '\r',
    '\ttab',
    '中文 emoji 👋🏽 é',
    '\ufeffbom',
  ])('round-trips %j through parseXmlMessage unchanged', (content) => {
    const fields = { Content: content, 'Nested.Content': content };
    expect(parseXmlMessage(buildXmlMessage(fields))).toEqual(fields);
  });

  it('round-trips a big MsgId given as a string or as a bigint', () => {
    const fields = parseXmlMessage(buildXmlMessage({ A: '6054768590064713728', B: 6054768590064713728n }));
    expect(fields).toEqual({ A: '6054768590064713728', B: '6054768590064713728' });
  });

  it.each([
    ['an empty name', { '': 'x' }],
    ['a name with a space', { 'To User': 'x' }],
    ['a name starting with a digit', { '1A': 'x' }],
    ['a name with markup', { 'A><B': 'x' }],
    ['an empty path segment', { 'A..B': 'x' }],
    ['a leaf that is also a parent', { A: 'x', 'A.B': 'y' }],
    ['a parent that is also a leaf', { 'A.B': 'y', A: 'x' }],
    ['NaN', { A: Number.NaN }],
    ['Infinity', { A: Number.POSITIVE_INFINITY }],
    ['a NUL character', { A: 'a\u0000b' }],
    ['a lone surrogate', { A: '\ud800' }],
  ])('refuses %s', (_name, fields) => {
    expect(() => buildXmlMessage(fields)).toThrow(TypeError);
  });
});
