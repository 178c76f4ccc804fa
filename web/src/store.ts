/**
 * A minimal observable store: one immutable state object, replaced on every change, and listeners
 * told about it. Enough for one screen; components subscribe through hooks/use-store.ts.
 */
export class Store<State> {
  private readonly listeners = new Set<(state: State) => void>();

  constructor(private current: State) {}

  get state(): State {
    return this.current;
  }

  update(change: (state: State) => State): void {
    const next = change(this.current);
    if (next === this.current) return;
    this.current = next;
    for (const listener of this.listeners) listener(next);
  }

  subscribe(listener: (state: State) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
