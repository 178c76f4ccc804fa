import { describe, expect, it } from 'vitest';
import {
  type BusinessHours,
  defaultTimeZone,
  isOpen,
  parseBusinessHours,
} from '../../../shared/domain/business-hours.ts';
import { businessHoursSchema } from '../../../shared/domain/business-hours-schema.ts';

const at = (iso: string) => Date.parse(iso);

const shanghaiWeekdays: BusinessHours = {
  timeZone: 'Asia/Shanghai',
  windows: [{ days: [1, 2, 3, 4, 5], open: '09:00', close: '18:00' }],
};

describe('isOpen', () => {
  it.each<[string, BusinessHours | undefined, string, boolean]>([
    ['no hours: always open', undefined, '2026-11-29T20:00:00Z', true],
    ['Shanghai Tuesday 09:00: opening minute', shanghaiWeekdays, '2026-11-24T01:00:00Z', true],
    ['Shanghai Tuesday 08:59', shanghaiWeekdays, '2026-11-24T00:59:00Z', false],
    ['Shanghai Tuesday 17:59', shanghaiWeekdays, '2026-11-24T09:59:00Z', true],
    ['Shanghai Tuesday 18:00: closing is exclusive', shanghaiWeekdays, '2026-11-24T10:00:00Z', false],
    ['Shanghai Saturday 10:00', shanghaiWeekdays, '2026-11-28T02:00:00Z', false],
    [
      'Shanghai Tuesday 01:00 is Monday 17:00 in UTC: the local day counts',
      { timeZone: 'Asia/Shanghai', windows: [{ days: [2], open: '00:00', close: '02:00' }] },
      '2026-11-23T17:00:00Z',
      true,
    ],
  ])('%s', (_name, hours, instant, expected) => {
    expect(isOpen(hours, at(instant))).toBe(expected);
  });

  describe('across midnight', () => {
    const fridayNight: BusinessHours = {
      timeZone: 'Asia/Shanghai',
      windows: [{ days: [5], open: '22:00', close: '02:00' }],
    };
    const sundayNight: BusinessHours = {
      timeZone: 'Asia/Shanghai',
      windows: [{ days: [7], open: '23:00', close: '01:00' }],
    };
    const saturdayEvening: BusinessHours = {
      timeZone: 'Asia/Shanghai',
      windows: [{ days: [6], open: '20:00', close: '24:00' }],
    };
    const mondayAroundTheClock: BusinessHours = {
      timeZone: 'Asia/Shanghai',
      windows: [{ days: [1], open: '09:00', close: '09:00' }],
    };
    it.each<[string, BusinessHours, string, boolean]>([
      ['fri 22:00-02:00 at Friday 21:59', fridayNight, '2026-11-27T13:59:00Z', false],
      ['fri 22:00-02:00 at Friday 22:00', fridayNight, '2026-11-27T14:00:00Z', true],
      ['fri 22:00-02:00 at Saturday 01:00', fridayNight, '2026-11-27T17:00:00Z', true],
      ['fri 22:00-02:00 at Saturday 02:00', fridayNight, '2026-11-27T18:00:00Z', false],
      [
        'fri 22:00-02:00 at Friday 01:00: the tail belongs to Saturday',
        fridayNight,
        '2026-11-26T17:00:00Z',
        false,
      ],
      ['sun 23:00-01:00 at Sunday 23:30', sundayNight, '2026-11-29T15:30:00Z', true],
      ['sun 23:00-01:00 at Monday 00:30: wraps to Monday', sundayNight, '2026-11-29T16:30:00Z', true],
      ['sun 23:00-01:00 at Sunday 00:30', sundayNight, '2026-11-28T16:30:00Z', false],
      ['sat 20:00-24:00 at Saturday 23:59', saturdayEvening, '2026-11-28T15:59:00Z', true],
      ['sat 20:00-24:00 at Sunday 00:00', saturdayEvening, '2026-11-28T16:00:00Z', false],
      ['mon 09:00-09:00 at Tuesday 08:59: a whole day', mondayAroundTheClock, '2026-11-24T00:59:00Z', true],
      ['mon 09:00-09:00 at Tuesday 09:00', mondayAroundTheClock, '2026-11-24T01:00:00Z', false],
    ])('%s', (_name, hours, instant, expected) => {
      expect(isOpen(hours, at(instant))).toBe(expected);
    });
  });

  describe('other zones', () => {
    const newYorkWeekdays: BusinessHours = {
      timeZone: 'America/New_York',
      windows: [{ days: [1, 2, 3, 4, 5], open: '09:00', close: '17:00' }],
    };
    const newYorkSundayEarly: BusinessHours = {
      timeZone: 'America/New_York',
      windows: [{ days: [7], open: '01:00', close: '02:00' }],
    };
    const londonWeekdays: BusinessHours = {
      timeZone: 'Europe/London',
      windows: [{ days: [1, 2, 3, 4, 5], open: '09:00', close: '17:30' }],
    };
    it.each<[string, BusinessHours, string, boolean]>([
      ['New York Friday 09:00 EDT (UTC-4)', newYorkWeekdays, '2026-10-30T13:00:00Z', true],
      ['New York Monday 08:00 EST (UTC-5), after the change', newYorkWeekdays, '2026-11-02T13:00:00Z', false],
      ['New York Monday 09:00 EST', newYorkWeekdays, '2026-11-02T14:00:00Z', true],
      ['New York 01:30 EDT on the day of the change', newYorkSundayEarly, '2026-11-01T05:30:00Z', true],
      ['New York 01:30 EST, the repeated hour', newYorkSundayEarly, '2026-11-01T06:30:00Z', true],
      ['New York 02:00 EST', newYorkSundayEarly, '2026-11-01T07:00:00Z', false],
      ['London Wednesday 09:00 BST (UTC+1)', londonWeekdays, '2026-07-01T08:00:00Z', true],
      ['London Wednesday 08:00 GMT', londonWeekdays, '2026-12-02T08:00:00Z', false],
      ['London Wednesday 09:00 GMT', londonWeekdays, '2026-12-02T09:00:00Z', true],
      ['London Wednesday 17:30 GMT', londonWeekdays, '2026-12-02T17:30:00Z', false],
    ])('%s', (_name, hours, instant, expected) => {
      expect(isOpen(hours, at(instant))).toBe(expected);
    });
  });
});

describe('parseBusinessHours', () => {
  it.each<[string, string, string | undefined, BusinessHours]>([
    [
      'weekdays and weekend',
      'mon-fri 09:00-18:00; sat-sun 10:00-16:00',
      undefined,
      {
        timeZone: defaultTimeZone,
        windows: [
          { days: [1, 2, 3, 4, 5], open: '09:00', close: '18:00' },
          { days: [6, 7], open: '10:00', close: '16:00' },
        ],
      },
    ],
    [
      'daily, in another zone',
      'daily 09:00-21:00',
      'Europe/London',
      {
        timeZone: 'Europe/London',
        windows: [{ days: [1, 2, 3, 4, 5, 6, 7], open: '09:00', close: '21:00' }],
      },
    ],
    [
      'a range wrapping past Sunday, comma-separated',
      'fri-mon 22:00-02:00, wed 9:30-24:00',
      'America/New_York',
      {
        timeZone: 'America/New_York',
        windows: [
          { days: [1, 5, 6, 7], open: '22:00', close: '02:00' },
          { days: [3], open: '09:30', close: '24:00' },
        ],
      },
    ],
    [
      'capitals, extra spaces and a trailing separator',
      '  Mon-Fri   08:00-12:00 ;',
      undefined,
      { timeZone: defaultTimeZone, windows: [{ days: [1, 2, 3, 4, 5], open: '08:00', close: '12:00' }] },
    ],
  ])('%s', (_name, spec, timeZone, expected) => {
    const hours = parseBusinessHours(spec, timeZone);
    expect(hours).toEqual(expected);
    expect(businessHoursSchema.parse(hours)).toEqual(hours);
  });

  it.each<[string, string, string | undefined, RegExp]>([
    ['a bad day', 'mon-fry 09:00-18:00', undefined, /"fry" is not a day/],
    ['a bad time', 'mon 9h-18:00', undefined, /"9h" is not a time of day/],
    ['25:00', 'mon 09:00-25:00', undefined, /"25:00" is not a time of day/],
    ['24:00 as an opening time', 'mon 24:00-18:00', undefined, /"24:00" is not a time of day/],
    ['minutes past 59', 'mon 09:60-18:00', undefined, /"09:60" is not a time of day/],
    ['a missing time', 'mon-fri', undefined, /"mon-fri" is not a window/],
    ['a missing close', 'mon 09:00', undefined, /"mon 09:00" is not a window/],
    [
      'an unknown zone',
      'mon 09:00-18:00',
      'Mars/Olympus_Mons',
      /"Mars\/Olympus_Mons" is not a known IANA time zone/,
    ],
    ['nothing', ' ; ', undefined, /has no window/],
  ])('rejects %s', (_name, spec, timeZone, message) => {
    expect(() => parseBusinessHours(spec, timeZone)).toThrow(message);
  });
});

describe('businessHoursSchema', () => {
  const valid = shanghaiWeekdays;
  it.each<[string, unknown, boolean]>([
    ['weekday hours', valid, true],
    ['24:00 as close', { ...valid, windows: [{ days: [7], open: '20:00', close: '24:00' }] }, true],
    ['an unknown zone', { ...valid, timeZone: 'Asia/Atlantis' }, false],
    ['no windows', { ...valid, windows: [] }, false],
    ['no days', { ...valid, windows: [{ days: [], open: '09:00', close: '18:00' }] }, false],
    ['day 0', { ...valid, windows: [{ days: [0], open: '09:00', close: '18:00' }] }, false],
    ['day 8', { ...valid, windows: [{ days: [8], open: '09:00', close: '18:00' }] }, false],
    ['24:00 as open', { ...valid, windows: [{ days: [1], open: '24:00', close: '18:00' }] }, false],
    ['an unpadded time', { ...valid, windows: [{ days: [1], open: '9:00', close: '18:00' }] }, false],
  ])('%s', (_name, value, expected) => {
    expect(businessHoursSchema.safeParse(value).success).toBe(expected);
  });
});
