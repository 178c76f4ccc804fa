import { afterAll, describe, expect, it } from 'vitest';
import { readEnvelope } from '../../../shared/wechat/envelope.ts';
import { readFlatJson, readFlatJsonStrings } from '../../../shared/wechat/flat-json.ts';
import { parseJsonMessage } from '../../../shared/wechat/json.ts';
import {
  parseFlatInboundMessage,
  parseInboundMessage,
} from '../../../shared/wechat/parse-inbound-message.ts';
import { SeededRandom } from './seeded-random.ts';

/**
 * The flat JSON reader against the general path it stands in for (parseJsonMessage, then
 * parseInboundMessage): wherever it reads a body, the typed message, or the error, must be the one the
 * general path gives. Messages of a type we do not know carry all their fields (`fields`), so for those
 * the whole record is compared. The reader refusing is always safe (the general path then runs); the
 * counts printed show that the generated bodies take both paths.
 */

type Outcome = { ok: true; value: unknown } | { ok: false; error: string };

function attempt(run: () => unknown): Outcome {
  try {
    return { ok: true, value: run() };
  } catch (error) {
    return { ok: false, error: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

const generalMessage = (body: string) => parseInboundMessage(parseJsonMessage(body));

const envelopeThroughCodec = (body: string) => {
  const outer = parseJsonMessage(body);
  return {
    encrypt: outer.Encrypt,
    secure: Object.keys(outer).every((name) => name === 'ToUserName' || name === 'Encrypt'),
  };
};

const outcomes = new Map<string, number>();
function count(kind: string): void {
  outcomes.set(kind, (outcomes.get(kind) ?? 0) + 1);
}
afterAll(() => {
  console.info(
    `flat JSON reader vs parseJsonMessage: ${[...outcomes].map(([kind, times]) => `${kind} ${times}`).join(', ')}`,
  );
});

/** The property, on one body: the reader's message (or error) is the general path's, for both readers. */
function agree(body: string): void {
  const flat = readFlatJson(body);
  const general = attempt(() => generalMessage(body));
  if (flat === undefined) {
    count('left to the general path');
  } else {
    count(general.ok ? 'read, same message' : 'read, same refusal');
    expect(
      attempt(() => parseFlatInboundMessage(flat)),
      JSON.stringify(body),
    ).toEqual(general);
    // The record itself, in order: parseJsonMessage's values as parseInboundMessage turns them into text.
    expect(Object.entries(flat), JSON.stringify(body)).toEqual(
      Object.entries(parseJsonMessage(body)).map(([name, value]) => [name, String(value)]),
    );
  }
  const strings = readFlatJsonStrings(body);
  if (strings !== undefined) {
    expect(strings, JSON.stringify(body)).toEqual(flat);
    expect(Object.values(strings).every((value) => typeof value === 'string')).toBe(true);
    expect(Object.values(parseJsonMessage(body)).every((value) => typeof value === 'string')).toBe(true);
  }
  expect(
    attempt(() => readEnvelope(body, 'json')),
    JSON.stringify(body),
  ).toEqual(attempt(() => envelopeThroughCodec(body)));
}

const NAMES = [
  'ToUserName',
  'FromUserName',
  'CreateTime',
  'MsgType',
  'Content',
  'MsgId',
  'MsgID',
  'Event',
  'Encrypt',
  'bizmsgmenuid',
  'constructor',
  'toString',
  '__proto__',
  '',
  'a b',
  '名字',
  '0',
  '12',
];
const MSG_TYPES = ['text', 'text', 'unknownkind', 'event', 'image', ''];

function randomString(random: SeededRandom): string {
  return random.pick([
    () => random.string('abcXYZ012 _-+/=', random.int(20)),
    () => random.string('你好，？😀é', random.int(6)),
    () => 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY',
    () => random.pick(MSG_TYPES),
    () => '',
  ])();
}

/** A JSON value as text, mostly what WeChat sends and sometimes what it does not. */
function randomValue(random: SeededRandom, name: string): string {
  if (random.int(10) < 6) {
    const text = name === 'MsgType' ? random.pick(MSG_TYPES) : randomString(random);
    return random.int(8) === 0 ? escapeSome(random, text) : JSON.stringify(text);
  }
  if (random.int(10) < 6) {
    return random.pick(['1714112445', '6054768590064713728', String(random.int(1_000_000)), 'true']);
  }
  return random.pick([
    () => String(random.int(2_000_000_000)),
    () => '1714112445',
    () => '6054768590064713728',
    () => '-6054768590064713728',
    () => '9007199254740991',
    () => '9007199254740992',
    () => '18446744073709551615',
    () => '0',
    () => '-0',
    () => '-12',
    () => '007',
    () => '1.5',
    () => '1.0',
    () => '1e3',
    () => '2E+2',
    () => '-',
    () => 'true',
    () => 'false',
    () => 'null',
    () => 'tru',
    () => '{}',
    () => '{"a":1}',
    () => '[1,"x"]',
    () => '"a\u0001b"',
    () => '"tab\there"',
    () => 'NaN',
  ])();
}

/** JSON.stringify's text with some characters written as escapes, which JSON.parse decodes back. */
function escapeSome(random: SeededRandom, text: string): string {
  let json = '"';
  for (const character of text) {
    const code = character.charCodeAt(0);
    json +=
      random.int(3) === 0
        ? `\\u${code.toString(16).padStart(4, '0')}${character.length > 1 ? `\\u${character.charCodeAt(1).toString(16)}` : ''}`
        : JSON.stringify(character).slice(1, -1);
  }
  return `${json}${random.pick(['', '\\n', '\\"', '\\\\', '\\/', '\\ud800'])}"`;
}

function whitespace(random: SeededRandom): string {
  if (random.int(4) !== 0) return '';
  return random.int(20) === 0 ? random.pick(['\u00a0', '\ufeff']) : random.pick([' ', '\n', '\r\n  ', '\t']);
}

/** Values of a text message, as JSON, which most generated fields take so that many bodies are messages. */
const TYPICAL_VALUES: Readonly<Record<string, string>> = {
  ToUserName: '"gh_97417a04a28d"',
  FromUserName: '"o9AgO5Kd5ggOC-bXrbNODIiE3bGY"',
  CreateTime: '1714112445',
  MsgType: '"text"',
  Content: '"你好"',
  MsgId: '6054768590064713728',
};

function randomBody(random: SeededRandom): string {
  const fields: string[] = [];
  const base = ['ToUserName', 'FromUserName', 'CreateTime', 'MsgType'];
  const names = [...base.filter(() => random.int(8) !== 0), 'Content', 'MsgId'];
  for (let extra = random.int(3); extra > 0; extra--) names.push(random.pick(NAMES));
  for (const name of names) {
    const key = random.int(20) === 0 ? escapeSome(random, name) : JSON.stringify(name);
    const typical = TYPICAL_VALUES[name];
    const value = typical !== undefined && random.int(5) !== 0 ? typical : randomValue(random, name);
    fields.push(
      `${whitespace(random)}${key}${whitespace(random)}:${whitespace(random)}${value}${whitespace(random)}`,
    );
  }
  return `${whitespace(random)}{${fields.join(',')}}${whitespace(random)}`;
}

const MUTATION_CHARACTERS = [
  '"',
  ',',
  ':',
  '{',
  '}',
  '\\',
  ' ',
  '\u0000',
  '\n',
  '0',
  '-',
  '.',
  'e',
  'x',
  ']',
];

function mutate(random: SeededRandom, body: string): string {
  const at = random.int(body.length + 1);
  switch (random.int(3)) {
    case 0:
      return body.slice(0, at) + body.slice(at + 1);
    case 1:
      return body.slice(0, at) + random.pick(MUTATION_CHARACTERS) + body.slice(at);
    default:
      return body.slice(0, at) + body.slice(at, at + random.int(12)).repeat(2) + body.slice(at + 12);
  }
}

describe('readFlatJson', () => {
  const wechat =
    '{"ToUserName":"gh_97417a04a28d","FromUserName":"o9AgO5Kd5ggOC-bXrbNODIiE3bGY","CreateTime":1714112445,"MsgType":"text","Content":"你好","MsgId":6054768590064713728}';

  it('reads the flat object WeChat sends, integers as their exact source text', () => {
    expect(readFlatJson(wechat)).toEqual({
      ToUserName: 'gh_97417a04a28d',
      FromUserName: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY',
      CreateTime: '1714112445',
      MsgType: 'text',
      Content: '你好',
      MsgId: '6054768590064713728',
    });
    agree(wechat);
  });

  it('reads whitespace between tokens, escapes, booleans and negative integers as JSON.parse does', () => {
    const body = ' {\n "Content" : "a\\nb\\u00e9\\"\\/" ,\r\n\t"Flag":true, "Off":false, "N":-42 }\n';
    expect(readFlatJson(body)).toEqual({ Content: 'a\nbé"/', Flag: 'true', Off: 'false', N: '-42' });
    expect(readFlatJson('{}')).toEqual({});
  });

  it.each([
    ['a nested object', '{"a":{"b":"c"}}'],
    ['an array', '{"a":[1]}'],
    ['null', '{"a":null}'],
    ['a fraction', '{"a":1.5}'],
    ['an exponent', '{"a":1e3}'],
    ['negative zero', '{"a":-0}'],
    ['a leading zero', '{"a":01}'],
    ['a repeated name', '{"a":"x","b":"y","a":"z"}'],
    ['a __proto__ name', '{"__proto__":"x"}'],
    ['the name of another member of Object.prototype', '{"constructor":"x"}'],
    ['an escaped __proto__ name', '{"\\u005f_proto__":"x"}'],
    ['a raw control character in a string', '{"a":"x\u0001y"}'],
    ['a raw line feed in a string', '{"a":"x\ny"}'],
    ['an invalid escape', '{"a":"\\x41"}'],
    ['a trailing comma', '{"a":"x",}'],
    ['a missing colon', '{"a" "x"}'],
    ['text after the object', '{"a":"x"}x'],
    ['a byte-order mark', '\ufeff{"a":"x"}'],
    ['non-JSON whitespace', '{\u00a0"a":"x"}'],
    ['an unterminated string', '{"a":"x}'],
    ['an unclosed object', '{"a":"x"'],
    ['a top-level array', '["a"]'],
    ['a misspelt literal', '{"a":tru}'],
    ['a literal with more letters', '{"a":truex}'],
  ])('leaves %s to the general path', (_name, body) => {
    expect(readFlatJson(body)).toBeUndefined();
    agree(body);
  });

  it('leaves numbers and booleans out of readFlatJsonStrings, so a numeric Encrypt is still refused', () => {
    expect(readFlatJsonStrings('{"ToUserName":"gh","Encrypt":"abc"}')).toEqual({
      ToUserName: 'gh',
      Encrypt: 'abc',
    });
    expect(readFlatJsonStrings('{"ToUserName":"gh","Encrypt":123}')).toBeUndefined();
    expect(readFlatJsonStrings('{"Encrypt":"abc","Flag":true}')).toBeUndefined();
    expect(readEnvelope('{"ToUserName":"gh","Encrypt":123}', 'json')).toEqual({ encrypt: 123, secure: true });
  });

  it('agrees with the general path on generated bodies and their mutations', () => {
    const random = new SeededRandom(20261205);
    for (let index = 0; index < 4000; index++) {
      const body = randomBody(random);
      agree(body);
      let mutated = body;
      for (let step = random.int(3) + 1; step > 0; step--) mutated = mutate(random, mutated);
      agree(mutated);
    }
    expect(outcomes.get('read, same message') ?? 0).toBeGreaterThan(400);
    expect(outcomes.get('left to the general path') ?? 0).toBeGreaterThan(500);
  });
});
