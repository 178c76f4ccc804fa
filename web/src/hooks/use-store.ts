import { useEffect, useState } from 'preact/hooks';
import type { Store } from '../store.ts';

/** Re-renders the component whenever the store's state is replaced. */
export function useStore<State>(store: Store<State>): State {
  const [state, setState] = useState(store.state);
  useEffect(() => {
    // The state may have changed between render and subscription.
    setState(store.state);
    return store.subscribe(setState);
  }, [store]);
  return state;
}
