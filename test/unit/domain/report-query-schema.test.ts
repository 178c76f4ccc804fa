import { describe, expect, it } from 'vitest';
import { inEnglish } from '../../../shared/domain/issue-wording.ts';
import { reportQuerySchema } from '../../../shared/domain/report-query-schema.ts';

const refusals = (query: Record<string, string>) => {
  const result = reportQuerySchema.safeParse(query, inEnglish);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('the query of a report', () => {
  it('takes two dates, Shanghai time unless another zone is named, and the filters', () => {
    expect(reportQuerySchema.parse({ from: '2026-12-01', to: '2026-12-07' })).toEqual({
      from: '2026-12-01',
      to: '2026-12-07',
      timeZone: 'Asia/Shanghai',
    });
    expect(
      reportQuerySchema.parse({
        from: '2026-12-01',
        to: '2027-03-02',
        timeZone: 'Europe/Berlin',
        appId: 'wx5eed0000000de300',
        queueId: 'shop-12',
        agentId: '01KBM0000000000000000000AA',
      }),
    ).toMatchObject({ timeZone: 'Europe/Berlin', queueId: 'shop-12' });
  });

  it('refuses, with a sentence, dates that are not of the calendar, a range backwards or longer than 92 days', () => {
    expect(refusals({ from: '2026-02-30', to: '2026-03-01' })).toEqual([
      'from: from is a date of the calendar, written YYYY-MM-DD (e.g. 2026-12-01)',
    ]);
    expect(refusals({ from: '2026/12/01', to: '2026-12-01' })).toHaveLength(1);
    expect(refusals({ to: '2026-12-01' })).toEqual(['from: from is a date, YYYY-MM-DD']);
    expect(refusals({ from: '2026-12-08', to: '2026-12-07' })).toEqual(['from: from must not be after to']);
    // 2026-12-01 to 2027-03-02 is 92 days; one more is too many.
    expect(refusals({ from: '2026-12-01', to: '2027-03-03' })).toEqual([
      'to: a report covers at most 92 days',
    ]);
  });

  it('refuses a time zone that is not an IANA name the server knows, and unknown parameters', () => {
    expect(refusals({ from: '2026-12-01', to: '2026-12-01', timeZone: 'Mars/Olympus' })).toEqual([
      'timeZone: timeZone is not a time zone this server knows, e.g. Asia/Shanghai',
    ]);
    expect(refusals({ from: '2026-12-01', to: '2026-12-01', timeZone: '+08:00' })).toEqual([
      'timeZone: timeZone is an IANA time zone, e.g. Asia/Shanghai',
    ]);
    expect(refusals({ from: '2026-12-01', to: '2026-12-01', queue: 'x' })).toHaveLength(1);
    expect(refusals({ from: '2026-12-01', to: '2026-12-01', agentId: 'bob' })).toHaveLength(1);
  });
});
