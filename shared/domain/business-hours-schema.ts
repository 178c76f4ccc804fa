/** A queue's business hours as an operator gives them, checked before they are saved. */
import * as z from 'zod/mini';
import { type BusinessHours, endOfDay, timeOfDayPattern } from './business-hours.ts';
import { isKnownTimeZone } from './zoned-calendar.ts';

const dayRangeMessage = 'days run 1 (Monday) to 7 (Sunday)';

export const businessHoursSchema: z.ZodMiniType<BusinessHours> = z.object({
  timeZone: z.string().check(z.refine(isKnownTimeZone, 'not a known IANA time zone (e.g. Asia/Shanghai)')),
  windows: z
    .array(
      z.object({
        days: z
          .array(z.number().check(z.int(), z.minimum(1, dayRangeMessage), z.maximum(7, dayRangeMessage)))
          .check(z.minLength(1, 'a window needs at least one day')),
        open: z.string().check(z.regex(timeOfDayPattern, 'a time is HH:MM between 00:00 and 23:59')),
        close: z
          .string()
          .check(
            z.refine(
              (time) => time === endOfDay || timeOfDayPattern.test(time),
              'a closing time is HH:MM between 00:00 and 24:00',
            ),
          ),
      }),
    )
    .check(z.minLength(1, 'give at least one window')),
});
