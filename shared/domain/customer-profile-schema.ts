/** What an agent may change of a customer's profile (`PATCH …/customer`), as a schema. */
import * as z from 'zod/mini';
import { maxNoteLength, maxRemarkNameLength, maxTagLength, maxTagsPerCustomer } from './customer-profile.ts';

const tag = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, 'a tag cannot be empty'),
    z.maxLength(maxTagLength, `a tag is at most ${maxTagLength} characters`),
  );

/** Each field given replaces the stored one; `null` (or an empty text) removes it. */
export const customerProfileChangeSchema = z
  .strictObject({
    remarkName: z.optional(
      z.nullable(
        z
          .string()
          .check(
            z.trim(),
            z.maxLength(maxRemarkNameLength, `a remark name is at most ${maxRemarkNameLength} characters`),
          ),
      ),
    ),
    tags: z.optional(
      z
        .array(tag)
        .check(z.maxLength(maxTagsPerCustomer, `a customer has at most ${maxTagsPerCustomer} tags`)),
    ),
    note: z.optional(
      z.nullable(
        z.string().check(z.maxLength(maxNoteLength, `a note is at most ${maxNoteLength} characters`)),
      ),
    ),
  })
  .check(
    z.refine((change) => Object.keys(change).length > 0, 'name at least one of remarkName, tags and note'),
  );

export type CustomerProfileChange = z.infer<typeof customerProfileChangeSchema>;
