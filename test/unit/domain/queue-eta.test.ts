import { describe, expect, it } from 'vitest';
import { estimatedWaitMinutes, minimumSample } from '../../../shared/domain/queue-eta.ts';
import { waitingNotice } from '../../../shared/domain/waiting-notice.ts';

const minute = 60_000;

describe('estimatedWaitMinutes', () => {
  const tenMinutesEach = { closed: 10, handledMs: 100 * minute };
  it.each<[string, number, { closed: number; handledMs: number }, number, number | undefined]>([
    ['next in line, one agent of one place, ten minutes a customer', 1, tenMinutesEach, 1, 10],
    ['third in line: three places must free up', 3, tenMinutesEach, 1, 30],
    ['five places between two agents free up five times as often', 3, tenMinutesEach, 5, 6],
    ['never less than a minute', 1, { closed: 10, handledMs: 10 * 1000 }, 5, 1],
    [
      'too few closed conversations to go by',
      1,
      { closed: minimumSample - 1, handledMs: 40 * minute },
      1,
      undefined,
    ],
    ['nobody working', 1, tenMinutesEach, 0, undefined],
  ])('%s', (_label, position, sample, places, expected) => {
    expect(estimatedWaitMinutes(position, sample, places)).toBe(expected);
  });
});

describe('waitingNotice', () => {
  it('tells the place, and the estimate where there is one', () => {
    expect(waitingNotice({ position: 2, waiting: 3 }, true)).toBe(
      '您好，客服正忙。目前共有3人在排队，您在第2位，请稍候。',
    );
    expect(waitingNotice({ position: 2, waiting: 3, etaMinutes: 6 }, true)).toBe(
      '您好，客服正忙。目前共有3人在排队，您在第2位，预计等待约 6 分钟，请稍候。',
    );
    expect(waitingNotice({ position: 9, waiting: 9, etaMinutes: 75 }, true)).toContain('预计等待超过 1 小时');
  });

  it('says nothing of a wait when nobody is online: the message is kept', () => {
    expect(waitingNotice({ position: 1, waiting: 1, etaMinutes: 5 }, false)).not.toContain('预计');
  });
});
