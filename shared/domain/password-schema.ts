import * as z from 'zod/mini';

/** A password an agent (or whoever sets one for them) chooses. */
export const newPasswordSchema = z.string().check(z.minLength(8, 'at least 8 characters'), z.maxLength(256));
