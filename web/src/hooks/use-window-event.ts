import { useEffect, useRef } from 'preact/hooks';

/** Listens to a window or document event for the component's lifetime, always calling the latest handler. */
export function useWindowEvent(
  target: 'window' | 'document',
  type: string,
  handler: (event: Event) => void,
): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    const eventTarget = target === 'window' ? window : document;
    const listener = (event: Event) => latest.current(event);
    eventTarget.addEventListener(type, listener);
    return () => eventTarget.removeEventListener(type, listener);
  }, [target, type]);
}
