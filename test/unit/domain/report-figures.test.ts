import { describe, expect, it } from 'vitest';
import { type Figures, nearestRank, reportFigures } from '../../../shared/domain/report-figures.ts';
import { agentA, agentB, reportDayAppId, reportDayFacts, shanghai } from '../../support/report-day.ts';

/**
 * The report of 2026-12-01 to 2026-12-02 in Asia/Shanghai over the scripted day
 * (test/support/report-day.ts), every figure worked out by hand. C8 closed on 11-30: not counted.
 *
 * Per conversation (seconds): wait = first had − opened, first response = first answer − opened,
 * handle = closed − first had, resolution = closed − opened.
 *
 * | #  | queue   | agent | wait | first resp. | handle | resolution | 留言     | score | msgs (agent) on 12-01 |
 * |----|---------|-------|------|-------------|--------|------------|----------|-------|-----------------------|
 * | C1 | default | A     | 0    | 60          | 600    | 600        |          | 5     | 4 (2) at 09h          |
 * | C2 | default | B     | 300  | 390         | 900    | 1200       |          |       | 4 (2) at 10h          |
 * | C3 | default | B     | 60   | 120         | 1740   | 1800       |          | 2     | 4 (2) at 11h          |
 * | C4 | shop-12 | A     | 5400 | 6300        | 1200   | 6600       | answered |       | 2 (0) 08h, 1 (1) 09h  |
 * | C5 | default | B     | 0    | 300         | 1200   | 1200       |          |       | 2 (1) at 00h *        |
 * | C6 | shop-12 | A     | 7200 | —           | 1200   | 8400       | never    |       | 2 (0) at 07h          |
 * | C7 | shop-12 | B     | 0    | 40 (40.9)   | 300    | 300        |          |       | 5 (2) at 14h          |
 *
 * `*` its two messages of 11-30 are outside the range. Nearest rank: pN = sorted[⌈N/100 × n⌉].
 *
 * Totals (7 conversations): messages 4+4+4+3+2+2+5 = 24, agents' 2+2+2+1+1+0+2 = 10, customers' 14.
 * - wait [0,0,0,60,300,5400,7200]: p50 rank 4 = 60, p90 rank 7 = 7200
 * - first response [40,60,120,300,390,6300]: p50 rank 3 = 120, p90 rank 6 = 6300
 * - handle [300,600,900,1200,1200,1200,1740]: p50 rank 4 = 1200, p90 rank 7 = 1740
 * - resolution [300,600,1200,1200,1800,6600,8400]: p50 rank 4 = 1200, p90 rank 7 = 8400
 * - left messages: 2, answered 1, delay [6300]: 6300, 6300
 * - satisfaction: 2 scores (5, 2), average 3.5
 * By hour: 00h 1 closed / 2 msgs, 07h 0 / 2, 08h 0 / 2, 09h 3 (C1, C4, C6) / 4+1 = 5, 10h 1 / 4,
 * 11h 1 / 4, 14h 1 / 5; every other hour 0 / 0.
 * By queue: default (C1, C2, C3, C5), shop-12 (C4, C6, C7); by agent: B (C2, C3, C5, C7), A (C1, C4, C6).
 */

const none = { p50: null, p90: null };
const noScores = { count: 0, average: null, scores: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 } };
const noLeftMessages = { count: 0, answered: 0, answerDelay: none };

const totals: Figures = {
  conversations: 7,
  messages: 24,
  customerMessages: 14,
  agentMessages: 10,
  wait: { p50: 60, p90: 7200 },
  firstResponse: { p50: 120, p90: 6300 },
  handle: { p50: 1200, p90: 1740 },
  resolution: { p50: 1200, p90: 8400 },
  leftMessages: { count: 2, answered: 1, answerDelay: { p50: 6300, p90: 6300 } },
  satisfaction: { count: 2, average: 3.5, scores: { '1': 0, '2': 1, '3': 0, '4': 0, '5': 1 } },
};

const nothing: Figures = {
  conversations: 0,
  messages: 0,
  customerMessages: 0,
  agentMessages: 0,
  wait: none,
  firstResponse: none,
  handle: none,
  resolution: none,
  leftMessages: noLeftMessages,
  satisfaction: noScores,
};

/**
 * default: C1, C2, C3, C5. Messages 4+4+4+2 = 14, agents' 2+2+2+1 = 7.
 * wait [0,0,60,300]: p50 rank 2 = 0, p90 rank 4 = 300; first response [60,120,300,390]: 120, 390;
 * handle [600,900,1200,1740]: 900, 1740; resolution [600,1200,1200,1800]: 1200, 1800; scores 5 and 2.
 */
const defaultQueue: Figures = {
  conversations: 4,
  messages: 14,
  customerMessages: 7,
  agentMessages: 7,
  wait: { p50: 0, p90: 300 },
  firstResponse: { p50: 120, p90: 390 },
  handle: { p50: 900, p90: 1740 },
  resolution: { p50: 1200, p90: 1800 },
  leftMessages: noLeftMessages,
  satisfaction: { count: 2, average: 3.5, scores: { '1': 0, '2': 1, '3': 0, '4': 0, '5': 1 } },
};

/**
 * shop-12: C4, C6, C7. Messages 3+2+5 = 10, agents' 1+0+2 = 3.
 * wait [0,5400,7200]: p50 rank 2 = 5400, p90 rank 3 = 7200; first response [40,6300]: rank 1 = 40,
 * rank 2 = 6300; handle [300,1200,1200]: 1200, 1200; resolution [300,6600,8400]: 6600, 8400.
 */
const shopQueue: Figures = {
  conversations: 3,
  messages: 10,
  customerMessages: 7,
  agentMessages: 3,
  wait: { p50: 5400, p90: 7200 },
  firstResponse: { p50: 40, p90: 6300 },
  handle: { p50: 1200, p90: 1200 },
  resolution: { p50: 6600, p90: 8400 },
  leftMessages: { count: 2, answered: 1, answerDelay: { p50: 6300, p90: 6300 } },
  satisfaction: noScores,
};

/**
 * B: C2, C3, C5, C7. Messages 4+4+2+5 = 15, agents' 2+2+1+2 = 7.
 * wait [0,0,60,300]: 0, 300; first response [40,120,300,390]: 120, 390; handle [300,900,1200,1740]:
 * 900, 1740; resolution [300,1200,1200,1800]: 1200, 1800; one score, 2.
 */
const agentBFigures: Figures = {
  conversations: 4,
  messages: 15,
  customerMessages: 8,
  agentMessages: 7,
  wait: { p50: 0, p90: 300 },
  firstResponse: { p50: 120, p90: 390 },
  handle: { p50: 900, p90: 1740 },
  resolution: { p50: 1200, p90: 1800 },
  leftMessages: noLeftMessages,
  satisfaction: { count: 1, average: 2, scores: { '1': 0, '2': 1, '3': 0, '4': 0, '5': 0 } },
};

/**
 * A: C1, C4, C6. Messages 4+3+2 = 9, agents' 2+1+0 = 3.
 * wait [0,5400,7200]: 5400, 7200; first response [60,6300]: 60, 6300; handle [600,1200,1200]: 1200,
 * 1200; resolution [600,6600,8400]: 6600, 8400; both left messages; one score, 5.
 */
const agentAFigures: Figures = {
  conversations: 3,
  messages: 9,
  customerMessages: 6,
  agentMessages: 3,
  wait: { p50: 5400, p90: 7200 },
  firstResponse: { p50: 60, p90: 6300 },
  handle: { p50: 1200, p90: 1200 },
  resolution: { p50: 6600, p90: 8400 },
  leftMessages: { count: 2, answered: 1, answerDelay: { p50: 6300, p90: 6300 } },
  satisfaction: { count: 1, average: 5, scores: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 1 } },
};

const range = { from: '2026-12-01', to: '2026-12-02', timeZone: 'Asia/Shanghai' };
// Agent B has no name here, as when they have been deleted: their id stands in.
const names = {
  queues: new Map([
    [`${reportDayAppId}/default`, '客服'],
    [`${reportDayAppId}/shop-12`, '12号店'],
  ]),
  agents: new Map([[agentA, '小美']]),
};

describe('the report of the scripted day', () => {
  const report = reportFigures(reportDayFacts, range, names);

  it('totals the conversations closed in the range, and their messages written in it', () => {
    expect(report.range).toEqual(range);
    expect(report.totals).toEqual(totals);
    // C3's and C1's scores came with words; C8's score is of a conversation closed before the range.
    expect(report.comments).toEqual([
      {
        conversationId: 'C3',
        appId: reportDayAppId,
        queueId: 'default',
        agentId: agentB,
        agentName: agentB,
        score: 2,
        comment: '等太久了',
        ratedAt: shanghai('11:40:00'),
      },
      {
        conversationId: 'C1',
        appId: reportDayAppId,
        queueId: 'default',
        agentId: agentA,
        agentName: '小美',
        score: 5,
        comment: '客服很耐心',
        ratedAt: shanghai('09:11:00'),
      },
    ]);
  });

  it('has every date of the range, a day without traffic as zeros', () => {
    expect(report.byDay).toEqual([
      { date: '2026-12-01', ...totals },
      { date: '2026-12-02', ...nothing },
    ]);
  });

  it('sums each hour of the day over the range', () => {
    const busy: Record<number, [number, number]> = {
      0: [1, 2],
      7: [0, 2],
      8: [0, 2],
      9: [3, 5],
      10: [1, 4],
      11: [1, 4],
      14: [1, 5],
    };
    expect(report.byHour).toEqual(
      Array.from({ length: 24 }, (_, hour) => ({
        hour,
        conversations: busy[hour]?.[0] ?? 0,
        messages: busy[hour]?.[1] ?? 0,
      })),
    );
  });

  it('breaks the figures down by queue and by agent, most conversations first', () => {
    expect(report.byQueue).toEqual([
      { appId: reportDayAppId, queueId: 'default', name: '客服', ...defaultQueue },
      { appId: reportDayAppId, queueId: 'shop-12', name: '12号店', ...shopQueue },
    ]);
    expect(report.byAgent).toEqual([
      { agentId: agentB, name: agentB, ...agentBFigures },
      { agentId: agentA, name: '小美', ...agentAFigures },
    ]);
  });

  it('counts the conversation spanning midnight on the day it closed, each message on its own day', () => {
    const previousDay = reportFigures(
      reportDayFacts,
      { from: '2026-11-30', to: '2026-11-30', timeZone: 'Asia/Shanghai' },
      names,
    );
    // C8 alone closed on 11-30, with its 2 messages; C5's 2 messages of 11-30 belong to a conversation
    // that closed the next day, outside this range.
    expect(previousDay.totals.conversations).toBe(1);
    expect(previousDay.totals.messages).toBe(2);
    expect(previousDay.totals.satisfaction.scores['1']).toBe(1);
    const bothDays = reportFigures(
      reportDayFacts,
      { from: '2026-11-30', to: '2026-12-01', timeZone: 'Asia/Shanghai' },
      names,
    );
    expect(bothDays.byDay.map((day) => [day.date, day.conversations, day.messages])).toEqual([
      ['2026-11-30', 1, 4],
      ['2026-12-01', 7, 24],
    ]);
  });

  it('moves conversations and messages to the days and hours of another time zone', () => {
    // In UTC the day runs from 08:00 Shanghai: C5 (00:10 Shanghai = 11-30 16:10 UTC) and C6's
    // 07:00/07:10 messages fall on 11-30, C8 too (13:30 UTC); C1's closing at 09:10 Shanghai is 01h UTC.
    const utc = reportFigures(
      reportDayFacts,
      { from: '2026-12-01', to: '2026-12-01', timeZone: 'UTC' },
      names,
    );
    expect(utc.totals.conversations).toBe(6);
    expect(utc.totals.messages).toBe(24 - 2 - 2);
    expect(utc.byHour[1]).toEqual({ hour: 1, conversations: 3, messages: 5 });
  });
});

describe('nearest-rank percentiles', () => {
  it('take the value at rank ⌈N/100 × count⌉ of the values in ascending order', () => {
    expect(nearestRank([], 50)).toBeNull();
    expect(nearestRank([7], 90)).toBe(7);
    expect(nearestRank([15, 20, 35, 40, 50], 50)).toBe(35);
    expect(nearestRank([15, 20, 35, 40, 50], 90)).toBe(50);
    expect(nearestRank([4, 1, 3, 2], 50)).toBe(2);
    expect(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
  });
});
