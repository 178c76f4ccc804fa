/**
 * How a validator's findings are worded for whoever sent the input (a client of the API, a console's
 * socket, an operator at the command line). Our schemas give sentences of their own where a rule needs
 * explaining; the rest (a wrong type, a number out of range, an unknown key) are said in zod's English.
 * zod/mini, used for its size, carries no locale: without this, those issues say only "Invalid input".
 *
 * Pass it as the parse context: `schema.safeParse(value, inEnglish)`.
 */
import { en } from 'zod/locales';
import type * as z from 'zod/mini';

let english: z.core.$ZodErrorMap | undefined;

// Built on first use, so that a bundle which imports this module without parsing carries no locale.
function inEnglishWords(issue: z.core.$ZodRawIssue): ReturnType<z.core.$ZodErrorMap> {
  english ??= en().localeError;
  return english(issue);
}

export const inEnglish: z.core.ParseContext<z.core.$ZodIssue> = { error: inEnglishWords };
