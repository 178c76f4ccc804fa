/**
 * `GET /api/admin/audit`'s query, apart from the trail (audit-trail.ts), which every function that
 * records an entry imports: only the one that reads the trail carries its schema.
 */
import * as z from 'zod/mini';
import { auditKinds } from '../domain/audit.ts';

/** Milliseconds since 1970, from an ISO 8601 time or from milliseconds; NaN for anything else. */
function momentOf(value: string): number {
  return /^\d+$/.test(value) ? Number(value) : Date.parse(value);
}

const moment = z.pipe(
  z.string().check(
    // A text over 40 characters is refused for its length only: it is not read as a time.
    z.maxLength(40, { abort: true }),
    z.refine((value) => Number.isFinite(momentOf(value)), 'an ISO 8601 time or milliseconds since 1970'),
  ),
  z.transform(momentOf),
);

export const auditQuerySchema = z.strictObject({
  from: z.optional(moment),
  to: z.optional(moment),
  kind: z.optional(z.enum(auditKinds)),
  agentId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  cursor: z.optional(z.string().check(z.maxLength(200))),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(200)), 50),
});

export type AuditQueryInput = z.infer<typeof auditQuerySchema>;
