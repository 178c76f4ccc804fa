import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * A field's text, started from a stored value and following changes a colleague makes to it, unless
 * the agent has edited the field meanwhile (their words are never overwritten).
 */
export function useFollowedField(stored: string): [string, (value: string) => void] {
  const [value, setValue] = useState(stored);
  const shown = useRef(stored);
  useEffect(() => {
    if (stored === shown.current) return;
    const previous = shown.current;
    shown.current = stored;
    setValue((current) => (current === previous ? stored : current));
  }, [stored]);
  return [value, setValue];
}
