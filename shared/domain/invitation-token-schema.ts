import * as z from 'zod/mini';

/** An invitation's token as it comes back in the path: 32 random bytes in base64url. */
export const invitationTokenSchema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9_-]{43}$/, 'an invitation token is 43 characters of A-Z, a-z, 0-9, - and _'));
