/**
 * Read cursors survive a reload and a new sign-in on the same browser (localStorage, per agent), so
 * an agent does not find every conversation marked unread again. Storage failures (private mode,
 * quota) only cost that memory, never the console.
 */

const maxEntries = 500;

export type ReadCursors = Readonly<Record<string, string>>;

/** The part of `Storage` used here, so tests can pass a Map-backed fake. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

function keyFor(agentId: string): string {
  return `wechat-cs:read-cursors:${agentId}`;
}

export function loadReadCursors(storage: KeyValueStorage | undefined, agentId: string): ReadCursors {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(keyFor(agentId)) ?? '{}');
    if (!parsed || typeof parsed !== 'object') return {};
    return Object.fromEntries(
      Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
  } catch {
    return {};
  }
}

export function saveReadCursors(
  storage: KeyValueStorage | undefined,
  agentId: string,
  cursors: ReadCursors,
): void {
  // Keep the most recently read conversations: cursors are ULIDs, so the largest are the newest.
  const entries = Object.entries(cursors)
    .sort((left, right) => (left[1] < right[1] ? 1 : -1))
    .slice(0, maxEntries);
  try {
    storage?.setItem(keyFor(agentId), JSON.stringify(Object.fromEntries(entries)));
  } catch {
    // Full or unavailable storage: the cursors live on in memory for this tab.
  }
}
