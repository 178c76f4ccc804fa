/** A piece of text, and whether it is one of the searched words (to be marked). */
export interface TextPart {
  text: string;
  match: boolean;
}

/**
 * Splits text around every occurrence of the searched words, in any case, as the server matched them
 * (lower case; Chinese as it is).
 */
export function highlightParts(text: string, words: string | undefined): TextPart[] {
  const sought = words?.trim().toLowerCase();
  const lowered = text.toLowerCase();
  // Lower-casing that changes the length (rare letters) would misplace the marks: none then.
  if (!sought || lowered.length !== text.length) return [{ text, match: false }];
  const parts: TextPart[] = [];
  let from = 0;
  for (let at = lowered.indexOf(sought); at !== -1; at = lowered.indexOf(sought, from)) {
    if (at > from) parts.push({ text: text.slice(from, at), match: false });
    parts.push({ text: text.slice(at, at + sought.length), match: true });
    from = at + sought.length;
  }
  if (from < text.length) parts.push({ text: text.slice(from), match: false });
  return parts;
}
