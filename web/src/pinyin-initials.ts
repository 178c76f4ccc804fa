/// <reference path="./pinyin-match-dictionary.d.ts" />

/**
 * The first letters of a Chinese character's readings, so that `thh` finds 退换货. The readings come
 * from pinyin-match's dictionary (6,768 common simplified characters with every reading of each, so
 * 重 is both `z` and `c`): 25 KB (22 KB gzipped), against some 280 KB for a full converter such as
 * pinyin-pro, and loaded as a chunk of its own the first time the palette opens, so signing in does
 * not wait for it. pinyin-match's own `match` is not used: it tries every way of cutting a query into
 * syllables, which grows exponentially with the query (a dozen letters can take seconds on a long
 * text), and the palette searches at every keystroke; matching initials (quick-reply-search.ts) is
 * linear instead.
 */

let initials: Map<string, string> | undefined;
let loading: Promise<void> | undefined;

/** Character → its readings' first letters (`重` → `zc`). */
function tableOf(dict: Readonly<Record<string, string>>): Map<string, string> {
  const table = new Map<string, string>();
  for (const [syllable, characters] of Object.entries(dict)) {
    const letter = syllable.charAt(0);
    for (const character of characters) {
      const known = table.get(character) ?? '';
      if (!known.includes(letter)) table.set(character, known + letter);
    }
  }
  return table;
}

/** Fetches the dictionary once; a failed fetch (offline) is tried again at the next call. */
export function loadInitials(): Promise<void> {
  loading ??= import('pinyin-match/src/simplified_dict.js').then(
    ({ dict }) => {
      initials = tableOf(dict);
    },
    () => {
      loading = undefined;
    },
  );
  return loading;
}

/** Whether initials can be matched yet: until then only what is written is. */
export function initialsLoaded(): boolean {
  return initials !== undefined;
}

/** The letters a character may be typed as by its initials; empty for one outside the dictionary. */
export function initialsOf(character: string): string {
  return initials?.get(character) ?? '';
}
