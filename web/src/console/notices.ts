import type { ConsoleNotice, ConsoleState } from '../console-state.ts';
import type { Store } from '../store.ts';

/** Short messages about something that happened out of view, shown until the agent dismisses them. */
export class Notices {
  private lastId = 0;

  constructor(private readonly store: Store<ConsoleState>) {}

  /** `notices` and one more; for a store update that changes other things in the same step. */
  with(notices: readonly ConsoleNotice[], text: string, subject: string): readonly ConsoleNotice[] {
    return [...notices, { id: ++this.lastId, text, subject }];
  }

  dismiss(id: number): void {
    this.store.update((state) =>
      state.notices.some((notice) => notice.id === id)
        ? { ...state, notices: state.notices.filter((notice) => notice.id !== id) }
        : state,
    );
  }
}
