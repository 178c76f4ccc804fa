/**
 * An app's follow-up template as its owners give it (follow-up.ts), checked before it is saved. Apart
 * from the template itself, so the functions that only read it carry no validator.
 */
import * as z from 'zod/mini';
import type { FollowUpSource } from './follow-up.ts';
import { type KeywordKind, keywordKindOf } from './subscribe-message-fields.ts';

/** The kinds of keyword each source may fill: WeChat refuses (47003) a value that does not fit its kind. */
const kindsFor: Record<FollowUpSource, readonly KeywordKind[]> = {
  answer: ['thing'],
  'app-name': ['thing', 'name'],
  'answered-at': ['time', 'date'],
};

const maxPageCharacters = 512;

export const followUpTemplateSchema = z
  .strictObject({
    templateId: z
      .string()
      .check(
        z.regex(
          /^[A-Za-z0-9_-]{1,128}$/,
          'a template id is the letters, digits, - and _ WeChat shows for it',
        ),
      ),
    fields: z.record(z.string(), z.enum(['answer', 'app-name', 'answered-at'])),
    page: z.optional(
      z.string().check(
        z.minLength(1),
        z.maxLength(maxPageCharacters),
        z.refine((page) => !page.startsWith('/') && !/\s/.test(page), 'a page is a path like index?foo=bar'),
      ),
    ),
  })
  .check(
    z.refine((template) => Object.keys(template.fields).length > 0, {
      message: 'the template needs at least one field',
      path: ['fields'],
    }),
    z.refine((template) => Object.values(template.fields).includes('answer'), {
      message: "one field must carry the agent's answer",
      path: ['fields'],
    }),
    z.refine((template) => Object.keys(template.fields).length <= 20, {
      message: 'a template has at most 20 fields',
      path: ['fields'],
    }),
    z.refine(
      (template) =>
        Object.entries(template.fields).every(([keyword, source]) => {
          const kind = keywordKindOf(keyword);
          return kind !== undefined && kindsFor[source].includes(kind);
        }),
      {
        message:
          "each field is a keyword of the template (thing1, time2 …): the answer fills a thing, the app's name a thing or name, the time of the answer a time or date",
        path: ['fields'],
      },
    ),
  );
