/**
 * pinyin-match's dictionary of common simplified characters, as the package ships it (its own
 * `match` is built on it). Only the dictionary is used: see pinyin-initials.ts.
 */
declare module 'pinyin-match/src/simplified_dict.js' {
  /** Each toneless syllable (`tui`, `huan`, `zhong`…) and the characters read that way. */
  export const dict: Readonly<Record<string, string>>;
}
