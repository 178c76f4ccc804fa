import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MalformedBodyError } from '../../../shared/wechat/errors.ts';
import { buildJsonMessage, parseJsonMessage } from '../../../shared/wechat/json.ts';

const parsers = [['parseJsonMessage', parseJsonMessage]] as const;

describe('JSON.parse source text access', () => {
  it('is available on the Node the project runs', () => {
    let source: string | undefined;
    JSON.parse('6054768590064713728', (_key, value: unknown, context?: { source?: string }) => {
      source = context?.source;
      return value;
    });
    expect(source).toBe('6054768590064713728');
  });
});

describe.each(parsers)('%s', (_name, parse) => {
  it('keeps a MsgId beyond 2^53 exact, as a string', () => {
    const fields = parse('{"MsgId":6054768590064713728,"CreateTime":1714112445}');
    expect(fields.MsgId).toBe('6054768590064713728');
    expect(fields.CreateTime).toBe(1714112445);
  });

  it('returns even a small MsgId as a string, and keeps a string MsgId as is', () => {
    expect(parse('{"MsgId":1234567890123456}').MsgId).toBe('1234567890123456');
    expect(parse('{"MsgId":"49d72d67_1555684067"}').MsgId).toBe('49d72d67_1555684067');
    expect(parse('{"MsgID":42}').MsgID).toBe('42');
  });

  it('returns other integers that are not safe integers as their exact source text', () => {
    expect(parse('{"Big":-9007199254740993,"Nested":{"Deep":[18446744073709551615]}}')).toEqual({
      Big: '-9007199254740993',
      Nested: { Deep: ['18446744073709551615'] },
    });
  });

  it('keeps safe integers, fractions and other values as they are', () => {
    expect(
      parse(
        '{"Safe":9007199254740991,"Lat":23.134521,"Neg":-113.358803,"Bool":true,"Null":null,"Text":"6054768590064713728"}',
      ),
    ).toEqual({
      Safe: 9007199254740991,
      Lat: 23.134521,
      Neg: -113.358803,
      Bool: true,
      Null: null,
      Text: '6054768590064713728',
    });
  });

  it('leaves numbers inside strings alone, including after escaped quotes', () => {
    expect(parse('{"Content":"say \\"6054768590064713728\\" \\\\","MsgId":6054768590064713728}')).toEqual({
      Content: 'say "6054768590064713728" \\',
      MsgId: '6054768590064713728',
    });
  });

  it('parses Unicode content', () => {
    expect(parse('{"Content":"你好 👋 \\u00e9"}').Content).toBe('你好 👋 é');
  });

  it('drops __proto__ keys, so nothing can reach a prototype', () => {
    const fields = parse('{"__proto__":{"polluted":1},"Nested":{"__proto__":{"polluted":2}},"Content":"ok"}');
    expect(fields).toEqual({ Nested: {}, Content: 'ok' });
    expect(Object.hasOwn(fields, '__proto__')).toBe(false);
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
    const copy = Object.assign({}, fields, fields.Nested as object);
    expect((copy as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['an empty body', ''],
    ['invalid JSON', '{"a":'],
    ['plain text', 'hello'],
    ['an array', '[{"MsgType":"text"}]'],
    ['a number', '6054768590064713728'],
    ['a string', '"text"'],
    ['null', 'null'],
    ['a big number with a leading zero', '{"MsgId":06054768590064713728}'],
    ['a trailing comma', '{"a":1,}'],
    ['a single-quoted string', "{'a':1}"],
  ])('rejects %s', (_name, body) => {
    expect(() => parse(body)).toThrow(MalformedBodyError);
  });
});

describe('parseJsonMessage and nesting', () => {
  const nested = (depth: number) => `{"a":${'['.repeat(depth - 1)}1${']'.repeat(depth - 1)}}`;

  it('accepts 32 levels and refuses 33, before parsing', () => {
    expect(parseJsonMessage(nested(32)).a).toBeDefined();
    expect(() => parseJsonMessage(nested(33))).toThrow(MalformedBodyError);
    expect(() => parseJsonMessage(`{"a":${'['.repeat(100_000)}`)).toThrow(/deeper than 32 levels/);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const text = `"\\"${'['.repeat(100)}\\"${'{'.repeat(100)}"`;
    expect(parseJsonMessage(`{"Content":${text}}`).Content).toBe(JSON.parse(text));
  });
});

describe('parseJsonMessage without a reviver', () => {
  /** The reviver alone, as parseJsonMessage applies it to bodies with other numbers than short integers. */
  function withReviver(body: string): unknown {
    return JSON.parse(body, (key, value: unknown, context?: { source?: string }) => {
      if (key === '__proto__') return undefined;
      if (typeof value !== 'number') return value;
      if (key === 'MsgId' || key === 'MsgID' || (Number.isInteger(value) && !Number.isSafeInteger(value))) {
        return context?.source ?? String(value);
      }
      return value;
    });
  }

  /** Number texts of every kind: short and long integers, -0, fractions, exponents. */
  const numberText = fc.oneof(
    fc.integer().map(String),
    fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
    fc.constantFrom(
      '0',
      '-0',
      '-0.0',
      '1.50',
      '1e3',
      '2E-2',
      '9007199254740993',
      '123456789012345',
      '1234567890123456',
    ),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => JSON.stringify(value)),
  );
  const key = fc.oneof(
    fc.constantFrom('MsgId', 'MsgID', '__proto__', 'CreateTime', 'Content', 'a'),
    fc.string({ maxLength: 6 }),
  );
  const value: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      numberText,
      fc.string({ maxLength: 12 }).map((text) => JSON.stringify(text)),
      fc.constantFrom('true', 'false', 'null', '"say \\"12\\" e.5 -0"'),
      fc.array(tie('value'), { maxLength: 3 }).map((items) => `[${items.join(',')}]`),
      fc
        .array(fc.tuple(key, tie('value')), { maxLength: 4 })
        .map((members) => `{${members.map(([name, item]) => `${JSON.stringify(name)}:${item}`).join(',')}}`),
    ),
  })).value;
  const body = fc
    .array(fc.tuple(key, value), { maxLength: 6 })
    .map((members) => `{${members.map(([name, item]) => ` ${JSON.stringify(name)} : ${item}`).join(',')}}`);

  it('returns what the reviver returns, for any body', () => {
    fc.assert(
      fc.property(body, (text) => {
        const expected = withReviver(text);
        const parsed = parseJsonMessage(text);
        expect(parsed).toStrictEqual(expected);
        expect(JSON.stringify(parsed)).toBe(JSON.stringify(expected));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('buildJsonMessage', () => {
  it('writes strings as JSON strings and numbers and bigints bare', () => {
    expect(
      buildJsonMessage({
        ToUserName: 'gh_1',
        CreateTime: 1482048670,
        Content: 'a "quoted" \\ 你好',
        MsgId: 6054768590064713728n,
      }),
    ).toBe(
      '{"ToUserName":"gh_1","CreateTime":1482048670,"Content":"a \\"quoted\\" \\\\ 你好","MsgId":6054768590064713728}',
    );
  });

  it('round-trips through parseJsonMessage with the MsgId exact', () => {
    const body = buildJsonMessage({ MsgId: 6054768590064713728n, CreateTime: 1, Content: 'x', Lat: 1.5 });
    expect(parseJsonMessage(body)).toEqual({
      MsgId: '6054768590064713728',
      CreateTime: 1,
      Content: 'x',
      Lat: 1.5,
    });
  });

  it('refuses numbers JSON cannot carry', () => {
    expect(() => buildJsonMessage({ A: Number.NaN })).toThrow(TypeError);
    expect(() => buildJsonMessage({ A: Number.NEGATIVE_INFINITY })).toThrow(TypeError);
  });
});
