import * as z from 'zod/mini';

/** A queue's id as an operator chooses it (unique within the app; `default` is every app's first). */
export const queueIdSchema = z
  .string()
  .check(
    z.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a queue id is lowercase letters, digits and dashes (e.g. shop-12)'),
  );
