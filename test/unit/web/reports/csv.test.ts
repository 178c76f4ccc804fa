import { describe, expect, it } from 'vitest';
import { csvCell, csvText } from '../../../../web/src/reports/csv.ts';

describe('csvCell', () => {
  it.each<[Parameters<typeof csvCell>[0], string]>([
    ['plain', 'plain'],
    ['客服一组', '客服一组'],
    [42, '42'],
    [0.5, '0.5'],
    [-3, '-3'],
    [null, ''],
    [undefined, ''],
    [Number.NaN, ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rlf', '"cr\rlf"'],
  ])('%j → %s', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it.each([
    ['=HYPERLINK("http://evil.example","x")', `"'=HYPERLINK(""http://evil.example"",""x"")"`],
    ['+1+2', "'+1+2"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
    ['a=1', 'a=1'],
  ])('neutralises a formula: %j → %s', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });
});

describe('csvText', () => {
  it('starts with a UTF-8 byte order mark and ends every row with CRLF', () => {
    const text = csvText([['日期', '会话数'], ['2026-12-01', 3], [], ['x,y', null]]);
    expect(text).toBe('\uFEFF日期,会话数\r\n2026-12-01,3\r\n\r\n"x,y",\r\n');
    expect([...new TextEncoder().encode(text).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });
});
