import { describe, expect, it } from 'vitest';
import { type KeyValueStorage, loadReadCursors, saveReadCursors } from '../../../web/src/read-cursors.ts';
import { id } from './fixtures.ts';

function memoryStorage(): KeyValueStorage & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
  };
}

describe('read cursors', () => {
  it('round-trips per agent', () => {
    const storage = memoryStorage();
    saveReadCursors(storage, 'agent-a', { c1: id(3) });
    expect(loadReadCursors(storage, 'agent-a')).toEqual({ c1: id(3) });
    expect(loadReadCursors(storage, 'agent-b')).toEqual({});
  });

  it('ignores corrupt storage and survives a storage that throws', () => {
    const storage = memoryStorage();
    storage.values.set('wechat-cs:read-cursors:agent-a', '{not json');
    expect(loadReadCursors(storage, 'agent-a')).toEqual({});
    const broken: KeyValueStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
    };
    expect(loadReadCursors(broken, 'agent-a')).toEqual({});
    expect(() => saveReadCursors(broken, 'agent-a', { c1: id(1) })).not.toThrow();
  });

  it('keeps the 500 most recently read conversations', () => {
    const storage = memoryStorage();
    const many = Object.fromEntries(Array.from({ length: 600 }, (_, index) => [`c${index}`, id(index)]));
    saveReadCursors(storage, 'a', many);
    const kept = loadReadCursors(storage, 'a');
    expect(Object.keys(kept)).toHaveLength(500);
    expect(kept.c599).toBe(id(599));
    expect(kept.c0).toBeUndefined();
  });
});
