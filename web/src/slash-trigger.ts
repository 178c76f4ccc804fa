/**
 * The composer's `/` palette: a `/` at the start of the draft or after whitespace opens it, and what
 * follows up to the cursor (no whitespace in between) is what it searches for. A `/` inside a word or
 * a URL (`https://…`, `1/2`) is just a slash.
 */

export interface SlashTrigger {
  /** Where the `/` is. */
  start: number;
  /** The cursor: the `/query` to replace runs from `start` to here. */
  end: number;
  query: string;
}

/** Longer than any title: past this the agent is writing, not looking something up. */
const maxQueryLength = 40;

export function slashTrigger(text: string, cursor: number): SlashTrigger | undefined {
  const before = text.slice(0, cursor);
  const start = before.lastIndexOf('/');
  if (start < 0 || (start > 0 && !/\s/.test(before.charAt(start - 1)))) return undefined;
  const query = before.slice(start + 1);
  if (/\s/.test(query) || query.length > maxQueryLength) return undefined;
  return { start, end: cursor, query };
}

/** The draft with `/query` replaced by the reply, and where the cursor goes: right after it. */
export function replaceTrigger(
  text: string,
  trigger: SlashTrigger,
  insertion: string,
): { text: string; cursor: number } {
  return {
    text: text.slice(0, trigger.start) + insertion + text.slice(trigger.end),
    cursor: trigger.start + insertion.length,
  };
}

/**
 * The draft with a `/` typed at the cursor (the toolbar's button), after a space when the cursor
 * follows a word, so that the palette opens there.
 */
export function insertSlash(text: string, cursor: number): { text: string; cursor: number } {
  const before = text.slice(0, cursor);
  const slash = before === '' || /\s$/.test(before) ? '/' : ' /';
  return { text: before + slash + text.slice(cursor), cursor: cursor + slash.length };
}
