/** `GET /api/reports`'s query, checked before anything is read: a sentence for each refusal. */
import * as z from 'zod/mini';
import { appIdSchema, ulidSchema } from './id-schema.ts';
import { queueIdSchema } from './queue-id-schema.ts';
import { daysBetween, isCalendarDate, isKnownTimeZone } from './zoned-calendar.ts';

/** The longest range a report covers, in days: a quarter. */
export const maxReportDays = 92;

export const defaultReportTimeZone = 'Asia/Shanghai';

function dateSchema(name: string) {
  return z
    .string(`${name} is a date, YYYY-MM-DD`)
    .check(
      z.refine(isCalendarDate, `${name} is a date of the calendar, written YYYY-MM-DD (e.g. 2026-12-01)`),
    );
}

/** The range is judged only once both ends are dates. */
const bothDates = (query: { from: string; to: string }) =>
  isCalendarDate(query.from) && isCalendarDate(query.to);

export const reportQuerySchema = z
  .strictObject({
    from: dateSchema('from'),
    to: dateSchema('to'),
    timeZone: z._default(
      z
        .string()
        .check(
          z.regex(
            /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/,
            'timeZone is an IANA time zone, e.g. Asia/Shanghai',
          ),
          z.refine(isKnownTimeZone, 'timeZone is not a time zone this server knows, e.g. Asia/Shanghai'),
        ),
      defaultReportTimeZone,
    ),
    appId: z.optional(appIdSchema),
    queueId: z.optional(queueIdSchema),
    agentId: z.optional(ulidSchema),
  })
  .check(
    z.refine((query) => !bothDates(query) || query.from <= query.to, {
      message: 'from must not be after to',
      path: ['from'],
    }),
    z.refine(
      (query) =>
        !bothDates(query) || query.from > query.to || daysBetween(query.from, query.to) <= maxReportDays,
      { message: `a report covers at most ${maxReportDays} days`, path: ['to'] },
    ),
  );

export type ReportQuery = z.infer<typeof reportQuerySchema>;
