import { afterEach, describe, expect, it } from 'vitest';
import type { Report, ReportFigures } from '../../../../web/src/api.ts';
import { setLocale } from '../../../../web/src/i18n.ts';
import { reportCsv, reportFileName } from '../../../../web/src/reports/report-csv.ts';

afterEach(() => setLocale('en', false));

function figures(conversations: number, overrides: Partial<ReportFigures> = {}): ReportFigures {
  return {
    conversations,
    messages: conversations * 4,
    customerMessages: conversations * 2,
    agentMessages: conversations * 2,
    wait: { p50: 30, p90: 95 },
    firstResponse: { p50: 62, p90: 300 },
    handle: { p50: 600, p90: 1200 },
    resolution: { p50: 660, p90: 1500 },
    leftMessages: { count: 1, answered: 1, answerDelay: { p50: 7200, p90: 7200 } },
    satisfaction: { count: 2, average: 4.5, scores: { '1': 0, '2': 0, '3': 0, '4': 1, '5': 1 } },
    ...overrides,
  };
}

const none = { p50: null, p90: null };

const report: Report = {
  range: { from: '2026-12-01', to: '2026-12-02', timeZone: 'Asia/Shanghai' },
  totals: figures(3),
  byDay: [
    { date: '2026-12-01', ...figures(3) },
    {
      date: '2026-12-02',
      ...figures(0, {
        wait: none,
        firstResponse: none,
        handle: none,
        resolution: none,
        leftMessages: { count: 0, answered: 0, answerDelay: none },
        satisfaction: { count: 0, average: null, scores: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 } },
      }),
    },
  ],
  byHour: Array.from({ length: 24 }, (_, hour) => ({ hour, conversations: 0, messages: 0 })),
  byQueue: [{ appId: 'wx0123456789abcdef', queueId: 'default', name: '=售后, "一组"', ...figures(3) }],
  byAgent: [{ agentId: '01JAGENT0000000000000000AA', name: '小王', ...figures(3) }],
  comments: [
    {
      conversationId: '01JCONV00000000000000000AA',
      appId: 'wx0123456789abcdef',
      queueId: 'default',
      agentId: '01JAGENT0000000000000000AA',
      agentName: '小王',
      score: 4,
      comment: '-发货快，包装好',
      ratedAt: Date.UTC(2026, 11, 1, 2, 30),
    },
  ],
};

const rowsOf = (text: string) => text.replace(/^\uFEFF/, '').split('\r\n');

describe('reportCsv', () => {
  it('writes the days, the total, the queues, the agents and the comments, headed in Chinese, durations in seconds', () => {
    setLocale('zh-CN', false);
    const text = reportCsv(report);
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = rowsOf(text);
    expect(rows[0]).toBe('报表 2026-12-01 至 2026-12-02（Asia/Shanghai）');
    expect(rows[2]).toBe('按日');
    expect(rows[3]).toBe(
      '日期,会话数,消息数,客户消息数,客服消息数,等待时长 p50（秒）,等待时长 p90（秒）,首次响应时长 p50（秒）,首次响应时长 p90（秒）,' +
        '处理时长 p50（秒）,处理时长 p90（秒）,解决时长 p50（秒）,解决时长 p90（秒）,留言数,已回复留言数,' +
        '留言回复用时 p50（秒）,留言回复用时 p90（秒）,评价数,平均评分,1分,2分,3分,4分,5分',
    );
    expect(rows[4]).toBe('2026-12-01,3,12,6,6,30,95,62,300,600,1200,660,1500,1,1,7200,7200,2,4.5,0,0,0,1,1');
    // A day with nothing to measure leaves its durations empty, not zero.
    expect(rows[5]).toBe('2026-12-02,0,0,0,0,,,,,,,,,0,0,,,0,,0,0,0,0,0');
    expect(rows[6]).toBe('合计,3,12,6,6,30,95,62,300,600,1200,660,1500,1,1,7200,7200,2,4.5,0,0,0,1,1');
    expect(rows[8]).toBe('按队列');
    expect(rows[9]?.startsWith('应用,队列 ID,队列,会话数,')).toBe(true);
    // A name that would be a formula stays text, quoted for its comma and quotes.
    expect(rows[10]?.startsWith(`wx0123456789abcdef,default,"'=售后, ""一组""",3,`)).toBe(true);
    expect(rows[12]).toBe('按客服');
    expect(rows[13]?.startsWith('客服 ID,客服,会话数,')).toBe(true);
    expect(rows[14]?.startsWith('01JAGENT0000000000000000AA,小王,3,12,')).toBe(true);
    expect(rows[16]).toBe('评价留言');
    expect(rows[17]).toBe('评价时间,会话 ID,客服 ID,客服,评分,留言');
    // The customer's words, like a name, never become a formula.
    expect(rows[18]).toBe(
      "2026-12-01T02:30:00.000Z,01JCONV00000000000000000AA,01JAGENT0000000000000000AA,小王,4,'-发货快，包装好",
    );
    expect(rows).toHaveLength(20);
    expect(rows[19]).toBe('');
  });

  it('heads the columns in English in English', () => {
    setLocale('en', false);
    const rows = rowsOf(reportCsv(report));
    expect(rows[0]).toBe('Report 2026-12-01 to 2026-12-02 (Asia/Shanghai)');
    expect(
      rows[3]?.startsWith('Date,Conversations,Messages,Customer messages,Agent messages,Wait p50 (s),'),
    ).toBe(true);
    expect(rows[6]?.startsWith('Total,3,')).toBe(true);
  });

  it('names the file after the range', () => {
    expect(reportFileName(report)).toBe('report-2026-12-01-2026-12-02.csv');
  });
});
