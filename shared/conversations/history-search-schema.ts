/**
 * `GET /api/history`'s query, apart from the search itself so that only the API carries the schema
 * library (the stream consumer writes history entries and validates nothing).
 */
import * as z from 'zod/mini';
import { maxSearchLength } from '../domain/closed-conversation.ts';
import { maxTagLength } from '../domain/customer-profile.ts';
import { appIdSchema, ulidSchema } from '../domain/id-schema.ts';
import { queueIdSchema } from '../domain/queue-id-schema.ts';
import { historyCursorPattern } from '../store/closed-conversations-repository.ts';
import type { HistorySearch } from './closed-history.ts';

const time = z.coerce.number().check(z.int(), z.minimum(0), z.maximum(99_999_999_999_999));

/** Every filter optional; `q` the words, `cursor` where an earlier answer stopped. */
export const historySearchSchema = z
  .strictObject({
    from: z.optional(time),
    to: z.optional(time),
    appId: z.optional(appIdSchema),
    queueId: z.optional(queueIdSchema),
    agentId: z.optional(ulidSchema),
    tag: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(maxTagLength))),
    q: z.optional(
      z
        .string()
        .check(
          z.trim(),
          z.minLength(1, 'the words to search for are empty'),
          z.maxLength(maxSearchLength, `search for at most ${maxSearchLength} characters`),
        ),
    ),
    cursor: z.optional(
      z.string().check(z.regex(historyCursorPattern, 'cursor is the one an earlier answer gave')),
    ),
    limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(50)), 20),
  })
  .check(
    z.refine((query) => query.from === undefined || query.to === undefined || query.from <= query.to, {
      message: 'from must not be after to',
      path: ['from'],
    }),
    z.refine((query) => query.queueId === undefined || query.appId !== undefined, {
      message: 'a queue is named with its app (appId)',
      path: ['queueId'],
    }),
  );

export type HistorySearchRequest = z.infer<typeof historySearchSchema>;

/** The request as the repository takes it (`q` names the words). */
export function historySearchOf({ q, ...filters }: HistorySearchRequest): HistorySearch {
  return { ...filters, ...(q === undefined ? {} : { words: q }) };
}
